"""Score back-registration 成绩补登: the check its submission passes."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from workflows.registry import guard


# The latest month each kind of back-registration 成绩补登 may record (seed 003 §4.4).
BACKFILL_LIMITS = {"exam": "2002-12", "exemption": "2019-12", "transfer_in": "2019-12"}


@guard("backfill_in_time", label=_l("补登的考次在允许补登的期限内，且成绩为整数"))
def backfill_in_time(context):
    """The sitting lies within its kind's limit, and an exam or transfer mark is a whole number."""
    kind, sitting, mark = context.data.get("kind"), context.data.get("sitting") or "", context.data.get("mark")
    if kind == "exam" and sitting > BACKFILL_LIMITS[kind]:
        return _("只能补登2002年及以前的考试成绩，%(sitting)s 的成绩请核对考次。", sitting=sitting)
    if kind in ("exemption", "transfer_in") and sitting > BACKFILL_LIMITS[kind]:
        return _("仅限补登2020年以前已办理的免考或转入，%(sitting)s 办理的请通过相应业务申请。", sitting=sitting)
    if kind != "exemption" and mark is not None and mark != int(mark):
        return _("成绩为0–100的整数。")
    return None
