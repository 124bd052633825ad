"""Score back-registration 成绩补登: everything the type is (docs/architecture.md, "Application types")."""
from workflows.messages import approved, rejected
from workflows.types import ApplicationType, ship

from . import effects, fields, guards  # noqa: F401  (they register the type's rules)
from .form import BACKFILL_FORM
from .workflow import BACKFILL

NOTICE = ("1. 只能补登2002年及以前的考试成绩，或2020年以前已办理但未记入的免考、转入成绩。\n"
          "2. 请上传成绩证明材料，图片须清晰完整。")
NOTICE_EN = ("1. Only exam scores of 2002 or earlier, or exemptions and transfers granted before 2020 but not "
              "recorded, can be registered.\n"
              "2. Upload proof of the score; images must be clear and complete.")
REASONS = ("成绩证明材料不清晰。", "所填成绩与证明材料不符。")

TYPE = ship(ApplicationType(
    BACKFILL, BACKFILL_FORM,
    order=50,
    notice=NOTICE,
    notice_en=NOTICE_EN,
    reasons=REASONS,
    messages=(approved(then="成绩已登记，可在“我的成绩”中查看。"), rejected()),
))
