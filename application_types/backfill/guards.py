"""Score back-registration 成绩补登: the check its submission passes, the same its step makes (fields.py)."""
from flask_babel import lazy_gettext as _l

from workflows.registry import guard

from .fields import backfill_in_time as step_says


@guard("backfill_in_time", label=_l("补登的考次在允许补登的期限内，成绩为整数，转入的来源省不是本省"))
def backfill_in_time(context):
    """The sitting lies within its kind's limit, an exam or transfer mark is a whole number, and a transfer comes
    from another province."""
    problems = step_says(context, context.data)
    return next((messages[0] for messages in problems.values()), None)
