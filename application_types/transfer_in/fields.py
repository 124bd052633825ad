"""Transfer in 转入: the step checks of its source and courses steps (the rules are in rules.py)."""
import datetime

from flask_babel import lazy_gettext as _l

from forms.checks import step_check

from .rules import course_problems, source_problems


@step_check("transfer_in_source", _l("来源省不是本省（转入）"))
def transfer_in_source(context, values):
    return source_problems(values)


@step_check("transfer_in_courses", _l("转入的课程没有重复、成绩为整数、考试时间不晚于本月（转入）"))
def transfer_in_courses(context, values):
    return course_problems(values, datetime.datetime.now())
