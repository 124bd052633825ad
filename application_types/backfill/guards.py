"""Score back-registration 成绩补登: the check its submission passes, the same its step makes (fields.py)."""
from flask_babel import lazy_gettext as _l

from workflows.registry import guard

from .fields import backfill_in_time as step_says


@guard("backfill_in_time", label=_l("补登的考次在允许补登的期限内，且成绩为整数"))
def backfill_in_time(context):
    """The sitting lies within its kind's limit, and an exam or transfer mark is a whole number."""
    problems = step_says(context, context.data)
    return next((messages[0] for messages in problems.values()), None)
