"""Score back-registration 成绩补登: the step check that says, on the step, what its submission guard also refuses
(forms.checks): each kind's latest month, a whole-number mark, and a transfer's source province not our own."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.services import provinces
from forms.checks import step_check

from .form import EXAM, EXEMPTION, TRANSFER_IN

# The latest month each kind of back-registration 成绩补登 may record (seed 003 §4.4).
BACKFILL_LIMITS = {EXAM: "2002-12", EXEMPTION: "2019-12", TRANSFER_IN: "2019-12"}


@step_check("backfill_in_time", _l("补登的考次在允许补登的期限内，成绩为整数，转入的来源省不是本省（成绩补登）"))
def backfill_in_time(context, values):
    """The sitting lies within its kind's limit, an exam or transfer mark is a whole number, and a transfer comes
    from another province: {field: [message]}."""
    kind, sitting, mark = values.get("kind"), values.get("sitting") or "", values.get("mark")
    problems = {}
    if kind in BACKFILL_LIMITS and sitting > BACKFILL_LIMITS[kind]:
        problems["sitting"] = [
            _("只能补登2002年及以前的考试成绩，%(sitting)s 的成绩请核对考次。", sitting=sitting) if kind == EXAM else
            _("仅限补登2020年以前已办理的免考或转入，%(sitting)s 办理的请通过相应业务申请。", sitting=sitting)]
    if kind != EXEMPTION and mark is not None and mark != int(mark):
        problems["mark"] = [_("成绩为0–100的整数。")]
    if kind == TRANSFER_IN and (refused := provinces.source_refused(values.get("from_province"))):
        problems["from_province"] = [refused]
    return problems
