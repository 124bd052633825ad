"""Thesis / final project 本科论文与专科毕业设计: the passed courses of the major shown as the manual's 成绩列表, and
whether they qualify the candidate, as a display field and the check of its step."""
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


field_kind("thesis_qualification", "display", render=qualification_report)


@step_check("thesis_qualified")
def thesis_qualified(context, values):
    """The candidate goes on to the uploads only if qualified (the workflow's guard of the same name holds it again
    at submission)."""
    reason = qualification_of(context).reason
    return {"": [reason]} if reason else {}
