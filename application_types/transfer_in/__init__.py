"""Transfer in 转入: everything the type is (docs/architecture.md, "Application types")."""
from workflows.messages import approved, forwarded, rejected
from workflows.types import ApplicationType, ship

from . import effects, fields, guards  # noqa: F401  (they register the type's rules)
from .form import TRANSFER_IN_FORM
from .workflow import TRANSFER_IN

NOTICE = ("1. 请逐门填写外省合格课程的成绩与考次，并上传成绩证明。\n"
          "2. 请携带成绩证明原件到考籍管理区县现场核验。\n"
          "3. 审核通过后，课程以“转入”记入成绩。")
REASONS = ("成绩证明不清晰。", "课程与成绩证明不符。", "请携带原件到考籍管理区县现场核验。")

TYPE = ship(ApplicationType(
    TRANSFER_IN, TRANSFER_IN_FORM,
    order=70,
    notice=NOTICE,
    reasons=REASONS,
    messages=(forwarded("provincial_review", "省级审核结果将另行通知。"),
              approved(then="转入的课程已记入成绩，可在“我的成绩”中查看。"), rejected()),
))
