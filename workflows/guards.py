"""The guards: pure checks that return None, or a reason the person reads."""
from flask_babel import gettext as _

from app import roles
from app.models import BusinessType, Candidate

from .registry import guard


def _moment(value):
    return value.strftime("%Y-%m-%d %H:%M")


def window_closed(type_key, now):
    """Why `type_key` cannot be applied for at `now`, or None while its window is open."""
    business = BusinessType.objects(key=type_key).first()
    if business is None or not business.enabled or not business.opens_at or not business.closes_at:
        return _("该业务目前未开放办理。")
    if not business.opens_at <= now <= business.closes_at:
        return _("该业务的办理时间为 %(start)s 至 %(end)s，当前不在办理时间内。",
                 start=_moment(business.opens_at), end=_moment(business.closes_at))
    return None


@guard("window_open")
def window_open(context):
    """The type's business window (开放时间) contains now."""
    return window_closed(context.application.type, context.now)


@guard("resubmissions_left")
def resubmissions_left(context):
    """Fewer resubmissions so far than the type allows (no limit when unset)."""
    business = BusinessType.objects(key=context.application.type).first()
    limit = business.resubmission_limit if business else None
    used = sum(1 for entry in context.application.history if entry.event == "resubmit")
    if limit is not None and used >= limit:
        return _("该业务最多可重新提交 %(limit)d 次，您已用完。", limit=limit)
    return None


@guard("form_complete")
def form_complete(context):
    """Every required field of the pinned form version is filled."""
    from forms.engine import forms  # forms depend on the catalogue; imported when first needed

    definition = forms.get(context.application.form_key, context.application.form_version)
    missing = definition.missing(context.data, context.attachments)
    if missing:
        return _("以下内容尚未填写完整：%(fields)s。", fields="、".join(missing))
    return None


@guard("identity_verified")
def identity_verified(context):
    """The candidate has passed identity verification 身份认证, which comes before any other business (seed 000 §二)."""
    candidate = Candidate.objects(pk=context.application._data["candidate"].id).only("identity_verified").first()
    return None if candidate and candidate.identity_verified else _("请先完成身份认证。")


@guard("actor_in_scope")
def actor_in_scope(context):
    """Candidates act on their own applications; staff on those within their scope."""
    application, scope = context.application, context.actor.scope
    if scope.kind == roles.SCOPE_SELF:
        covered = str(application._data["candidate"].id) == scope.code
    elif scope.kind == roles.SCOPE_PROVINCE:
        covered = True
    elif scope.kind == roles.SCOPE_DISTRICT:
        covered = scope.district_id is not None and application._data["district"].id == scope.district_id
    elif scope.kind == roles.SCOPE_UNIVERSITY:
        covered = application.major is not None and application.major.university.code == scope.code
    else:
        covered = False
    return None if covered else _("该申请不在您的办理范围内。")
