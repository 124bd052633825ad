"""Graduation 毕业申请: the checks its submission passes, and the facts they read."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models.references import reference_id
from app.services.holds import major_taken
from app.wording import clauses
from workflows.registry import fact, guard

from .fields import audit_answers


@fact("graduation_audit")
def _graduation_audit(context):
    """The plan audit of the answers (None when the chosen major has no plan)."""
    application = context.application
    return audit_answers(reference_id(application, "candidate"), context.data, str(application.pk))


@fact("major_taken")
def _major_taken(context):
    """Why the major chosen is taken by another standing graduation of the candidate's, or None."""
    application = context.application
    return major_taken(reference_id(application, "candidate"), application.type, context.data.get("major"),
                       application.pk)


@guard("graduation_audit", reads=("graduation_audit",), label=_l("提交的内容通过毕业条件审核"))
def graduation_audit(context):
    """The plan audit of the submitted answers finds the candidate eligible (or eligible once the reviewer accepts
    the explanation of a missing course)."""
    result = context.graduation_audit
    if result is None:
        return _("所选专业没有专业计划，暂不能申请毕业。")
    if not result.eligible:
        found = [message for messages in result.problems.values() for message in messages] or list(result.reasons)
        return _("毕业条件审核未通过：%(reasons)s", reasons=clauses(found))
    return None


@guard("graduation_major_free", reads=("major_taken",), label=_l("考生没有同一专业的其他毕业申请正在办理或已经通过"))
def graduation_major_free(context):
    """No other graduation application of the candidate's for the same major is under way or granted."""
    return context.major_taken
