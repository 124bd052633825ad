"""Transfer in 转入: everything the type is (docs/architecture.md, "Application types")."""
from flask_babel import lazy_gettext as _l

from workflows.messages import approved, forwarded, rejected
from workflows.types import ApplicationType, Panel, ship

from . import effects, fields, guards  # noqa: F401  (they register the type's rules)
from .form import TRANSFER_IN_FORM
from .rules import candidate_notes, for_review
from .workflow import TRANSFER_IN

NOTICE = ("1. 请逐门填写外省合格课程的成绩与考次，并上传成绩证明。\n"
          "2. 请携带成绩证明原件到考籍管理区县现场核验。\n"
          "3. 审核通过后，课程以“转入”记入成绩。")
NOTICE_EN = ("1. Enter each course passed in the other province, with its score and sitting, and upload proof.\n"
              "2. Bring the original proof to your records district to be checked in person.\n"
              "3. Once approved, the courses are recorded as transferred in.")
REASONS = ("成绩证明不清晰。", "课程与成绩证明不符。", "请携带原件到考籍管理区县现场核验。")

TYPE = ship(ApplicationType(
    TRANSFER_IN, TRANSFER_IN_FORM,
    order=70,
    notice=NOTICE,
    notice_en=NOTICE_EN,
    reasons=REASONS,
    notes=candidate_notes,
    panels=(Panel(_l("转入课程核对"), "transfer_in/_courses_panel.html", for_review, staff=True),),
    messages=(forwarded("provincial_review", "省级审核结果将另行通知。"),
              approved(then="转入的课程已记入成绩，可在“我的成绩”中查看。"), rejected()),
))
