"""Transfer in 转入: the check its submission passes."""
from flask_babel import lazy_gettext as _l

from workflows.registry import guard

from .rules import problems
from app.wording import clauses


@guard("transfer_courses_valid", label=_l("来源省不是本省，转入的课程没有重复、成绩为整数、考试时间不晚于本月"))
def transfer_courses_valid(context):
    """What the source and courses steps refuse (rules.py), again at submission: the answers may predate a rule."""
    found = problems(context.data, context.now)
    return clauses(found) or None
