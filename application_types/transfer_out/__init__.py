"""Transfer out 转出: everything the type is (docs/architecture.md, "Application types")."""
from flask_babel import lazy_gettext as _l

from workflows.messages import approved, rejected
from workflows.types import ApplicationType, Document, ship

from . import effects, fields, guards  # noqa: F401  (they register the type's rules)
from .documents import transfer_certificate
from .form import TRANSFER_OUT_FORM
from .workflow import TRANSFER_OUT

NOTICE = ("1. 请填写转入地信息，并选择需要转出的合格成绩。\n"
          "2. 转出的成绩不再计入本省考籍；已用于毕业申请的成绩不能转出。\n"
          "3. 审核通过后，可在申请详情中下载转出证明。")
NOTICE_EN = ("1. Fill in where you transfer to, and choose the passed scores to transfer.\n"
              "2. Scores transferred out no longer count in this province; scores used for graduation cannot be "
              "transferred.\n"
              "3. Once approved, download the transfer certificate from the application's details.")
REASONS = ("转入地信息填写不完整。", "所选成绩不能转出。")

TYPE = ship(ApplicationType(
    TRANSFER_OUT, TRANSFER_OUT_FORM,
    order=60,
    notice=NOTICE,
    notice_en=NOTICE_EN,
    reasons=REASONS,
    messages=(approved(then="转出证明可在“我的申请”的申请详情中下载。"), rejected()),
    documents={"transfer-certificate": Document(_l("转出证明"), transfer_certificate)},
))
