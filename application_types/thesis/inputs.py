"""Thesis / final project 本科论文与专科毕业设计: the supervisor 指导教师 the university names when it approves."""
from flask_babel import lazy_gettext as _l

from workflows.inputs import Control
from workflows.registry import input_kind

SUPERVISOR_MAX_LENGTH = 30


@input_kind("supervisor_name", label=_l("指导教师的姓名（不超过 30 个字）"))
def supervisor_name(application):
    """The supervisor's name: a short text, none before."""
    return Control(max_length=SUPERVISOR_MAX_LENGTH)


def assigned_supervisor(application):
    """The supervisor named by the approval, or None before it."""
    return next((entry.given("supervisor") for entry in reversed(application.history) if entry.event == "approve"),
                None)
