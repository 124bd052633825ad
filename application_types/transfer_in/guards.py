"""Transfer in 转入: the check its submission passes, the same its courses step makes (fields.py)."""
from flask_babel import lazy_gettext as _l

from workflows.registry import guard

from .fields import transfer_courses_valid as step_says


@guard("transfer_courses_valid", label=_l("转入的课程没有重复，且成绩为整数"))
def transfer_courses_valid(context):
    """Courses transferred in: each course once, each mark a whole number."""
    return next(iter(step_says(context, context.data).get("courses", [])), None)
