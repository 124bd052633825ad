"""Graduation 毕业申请: the audit kept at submission, and the scores it rests on locked and freed."""
from flask_babel import lazy_gettext as _l

from app.models import Application, Score
from app.models.application import PAYER
from app.services import payment
from app.services.graduation_audit import recorded
from workflows.engine import Actor, WorkflowError, fire
from workflows.registry import effect

from .fields import audit_answers


@effect("record_graduation_audit", label=_l("保存提交时的毕业条件审核结果，供审核人员查看"))
def record_graduation_audit(application):
    """The audit of what was submitted is kept on the application for the reviewers (and the used scores)."""
    result = audit_answers(application.candidate.pk, application.data, str(application.pk))
    Application.objects(pk=application.pk).update_one(set__findings__audit=result.to_data())
    return result.verdict


@effect("lock_graduation_scores", label=_l("锁定毕业审核所用的成绩，使其不能再用于其他申请"))
def lock_graduation_scores(application):
    """Once paid, the scores the audit used belong to this graduation: no other application may use them."""
    used = recorded(application).used_score_ids
    locked = Score.objects(pk__in=list(used), candidate=application.candidate, graduation=None).update(
        set__used_for_graduation=True, set__graduation=str(application.pk))
    return f"locked {locked}"


@effect("unlock_graduation_scores", label=_l("解除毕业申请对所用成绩的锁定"))
def unlock_graduation_scores(application):
    """A graduation not granted gives its scores back for a later application."""
    freed = Score.objects(graduation=str(application.pk)).update(set__used_for_graduation=False,
                                                                 unset__graduation=True)
    return f"unlocked {freed}"


@effect("waive_free_fee", label=_l("不收费的业务视同已缴费，进入下一环节（仅供旧版本流程使用）"))
def waive_free_fee(application):
    """Kept for the applications on graduation versions before the `waive` transition (and for versions an
    administrator saved from them): a type without a fee moves on as if paid. Newer versions say it in the
    definition."""
    if payment.fee_fen(application.type) > 0:
        return "fee due"
    try:
        fire(application, "pay", Actor.system(PAYER))
    except WorkflowError:
        return "already moved on"
    return "no fee"
