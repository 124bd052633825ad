"""Identity verification 身份认证: everything the type is (docs/architecture.md, "Application types")."""
from flask_babel import lazy_gettext as _l

from workflows.messages import approved, rejected
from workflows.types import ApplicationType, Link, ship

from . import effects  # noqa: F401  (they register the type's rules)
from .form import IDENTITY_FORM
from .workflow import IDENTITY

NOTICE = ("1. 请上传近期免冠正面报名照片和本人身份证人像面照片，照片须清晰完整。\n"
          "2. 照片连续三次未通过检测的，可选择到考籍管理区县现场认证。\n"
          "3. 身份认证通过前，不能办理其他业务。")
NOTICE_EN = ("1. Upload a recent bareheaded front-facing registration photo and a photo of the portrait side of "
              "your ID card; both must be clear and complete.\n"
              "2. If your photo fails the check three times, you may verify in person at your records district.\n"
              "3. Until your identity is verified, you cannot apply for anything else.")
REASONS = ("照片不清晰或不是近期免冠照片。", "身份证照片与本人信息不符。")

TYPE = ship(ApplicationType(
    IDENTITY, IDENTITY_FORM,
    order=30,
    notice=NOTICE,
    notice_en=NOTICE_EN,
    reasons=REASONS,
    messages=(approved("verified", "现在可以办理各项业务。"), rejected()),
    links=(Link("unverified", _l("去认证")),),
))
