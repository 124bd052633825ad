"""Record merge 成绩归一（合档）: everything the type is (docs/architecture.md, "Application types")."""
from workflows.messages import approved, rejected
from flask_babel import lazy_gettext as _l

from workflows.types import ApplicationType, Panel, ship

from . import effects  # noqa: F401  (it registers the type's rules)
from . import records
from .form import MERGE_FORM
from .workflow import MERGE

NOTICE = ("1. 请填写您以往使用过的准考证号或档案号，每个号码一项。\n"
          "2. 请携带身份证和原准考证到考籍管理区县现场确认。\n"
          "3. 合档后，原号码下的成绩并入现准考证号，原号码不能再登录。")
NOTICE_EN = ("1. Enter each exam number or file number you used before, one per entry.\n"
              "2. Bring your ID card and old admission cards to your records district to confirm in person.\n"
              "3. Once merged, the scores under the old numbers join your current exam number, and the old numbers "
              "can no longer sign in.")
REASONS = ("所填号码与本人身份信息不符。", "请携带原准考证到考籍管理区县现场确认。")

TYPE = ship(ApplicationType(
    MERGE, MERGE_FORM,
    order=20,
    notice=NOTICE,
    notice_en=NOTICE_EN,
    reasons=REASONS,
    messages=(approved("merged", "原准考证号下的成绩已并入您的考籍，可在“我的成绩”中查看。"), rejected()),
    panels=(Panel(_l("需要合并的考籍"), "merge/_records_panel.html", records.compared, staff=True),),
))
