"""Thesis / final project 本科论文与专科毕业设计: the passed courses of the major shown as the manual's 成绩列表, and
whether they qualify the candidate, as a display field and the check of its step."""
from flask_babel import lazy_gettext as _l
from flask import render_template

from forms.checks import step_check
from forms.kinds import field_kind

from . import qualification


def qualification_of(context):
    """The candidate's Qualification for the application's major (kept in the form context: the step's form reads
    it for its field and for its check)."""
    if "thesis_qualification" not in context.cache:
        context.cache["thesis_qualification"] = qualification.for_major_code(context.candidate.pk,
                                                                             context.values.get("major"))
    return context.cache["thesis_qualification"]


def qualification_report(field):
    return render_template("thesis/_qualification.html", shown=qualification_of(field.context))


field_kind("thesis_qualification", "display", _l("论文申请资格（论文）"),
           _l("显示考生是否已具备申请毕业论文的资格；用于毕业论文申请。"), render=qualification_report)


@step_check("thesis_qualified", _l("考生已具备申请毕业论文的资格（论文）"))
def thesis_qualified(context, values):
    """The candidate goes on to the uploads only if qualified (the workflow's guard of the same name holds it again
    at submission)."""
    reason = qualification_of(context).reason
    return {"": [reason]} if reason else {}
