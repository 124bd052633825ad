"""Thesis / final project 本科论文与专科毕业设计: the checks its submission passes, and the facts they read."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import Major
from app.models.references import reference_id
from app.services.holds import standing_elsewhere
from workflows.registry import fact, guard

from . import qualification


@fact("thesis_qualification")
def _thesis_qualification(context):
    """The applicant's Qualification for the application's major (the major its university reviews), on the
    scores they may see."""
    application = context.application
    major_id = reference_id(application, "major")
    major = Major.objects(pk=major_id).first() if major_id else None
    return qualification.for_candidate(reference_id(application, "candidate"), major, published_only=True)


@fact("thesis_standing")
def _thesis_standing(context):
    """The state of another application of the applicant's on this workflow (whichever business type it came
    through) that still stands, or None."""
    application = context.application
    return standing_elsewhere(reference_id(application, "candidate"), application.pk,
                              workflow_key=application.workflow_key)


@guard("thesis_qualified", reads=("thesis_qualification",),
       label=_l("考生已通过专业计划中除论文（毕业设计）以外的全部课程"))
def thesis_qualified(context):
    """The applicant has passed every course of the major's plan but its thesis (qualification.py says the rule)."""
    return context.thesis_qualification.reason


@guard("thesis_not_applied", reads=("thesis_standing",),
       label=_l("考生没有其他正在办理或已经通过的论文（毕业设计）申请"))
def thesis_not_applied(context):
    """No other thesis application of the applicant's is under way or approved (one supervisor each)."""
    if context.thesis_standing:
        return _("您已有一份本科论文与专科毕业设计申请（%(state)s），不能重复申请。", state=context.thesis_standing)
    return None
