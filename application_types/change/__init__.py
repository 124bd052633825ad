"""Key-information change 关键信息变更: everything the type is (docs/architecture.md, "Application types")."""
from flask_babel import lazy_gettext as _l

from workflows.messages import approved, rejected
from workflows.types import ApplicationType, Link, ship

from . import effects, guards  # noqa: F401  (they register the type's rules)
from .form import CHANGE_FORM
from .workflow import CHANGE

NOTICE = ("1. 姓名、性别、身份证号的变更，须上传公安机关出具的证明材料。\n"
          "2. 请携带证明材料原件到考籍管理区县现场核验。\n"
          "3. 审核通过后新信息记入考籍，原信息保留备查。")
NOTICE_EN = ("1. A change of name, sex or ID number needs proof issued by the police.\n"
              "2. Bring the original proof to your records district to be checked in person.\n"
              "3. Once approved, the new details are recorded and the old ones kept for reference.")
REASONS = ("证明材料不清晰。", "证明材料与变更内容不符。")

TYPE = ship(ApplicationType(
    CHANGE, CHANGE_FORM,
    order=40,
    notice=NOTICE,
    notice_en=NOTICE_EN,
    reasons=REASONS,
    messages=(approved(then="您的信息已变更，请在“个人信息”中核对。"), rejected()),
    links=(Link("profile", _l("申请信息变更"), _l("姓名、性别和证件号码只能通过信息变更申请修改。")),),
))
