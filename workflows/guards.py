"""The guards every type may use, and the facts they read. A guard changes nothing and returns None, or a reason
the person reads; it looks only at its context, which the engine fills with the facts the guard reads."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import roles, wording
from app.models import BusinessType, Candidate
from app.models.references import reference_id
from app.services import payment, rule_facts, slots
from forms.builder import form_definitions

from .registry import fact, guard


def _moment(value):
    return value.strftime("%Y-%m-%d %H:%M")


def window_closed(business, now):
    """Why the business type `business` (None: no such type) cannot be applied for at `now`, or None while its
    window is open."""
    if business is None or not business.enabled or not business.opens_at or not business.closes_at:
        return _("该业务目前未开放办理。")
    if not business.opens_at <= now <= business.closes_at:
        return _("该业务的办理时间为 %(start)s 至 %(end)s，当前不在办理时间内。",
                 start=_moment(business.opens_at), end=_moment(business.closes_at))
    return None


@fact("business")
def _business(context):
    """The application's business type 业务 (its window, limits and fee)."""
    return BusinessType.objects(key=context.application.type).first()


def form_of(application):
    """The application's pinned form version (read once per version, then kept)."""
    return form_definitions.get(application.form_key, application.form_version)


@fact("form")
def _form(context):
    """The application's pinned form version."""
    return form_of(context.application)


@fact("candidate")
def _candidate(context):
    """The applicant's record as it is now."""
    return Candidate.objects(pk=reference_id(context.application, "candidate")).first()


@fact("merged_into_number")
def _merged_into_number(context):
    """The exam number of the record the applicant's record was merged into, or None."""
    found = Candidate.objects(pk=reference_id(context.application, "candidate")).only("merged_into").as_pymongo().first()
    merged = (found or {}).get("merged_into")
    return Candidate.objects(pk=merged).scalar("exam_number").first() if merged else None


@fact("scope_target")
def _scope_target(context):
    """What a narrow scope is compared with: the id of a district reviewer's district, or the code of the
    university of the application's major for a university reviewer."""
    scope = context.actor.scope
    if scope.kind == roles.SCOPE_DISTRICT:
        return scope.district_id
    if scope.kind == roles.SCOPE_UNIVERSITY and context.application.major is not None:
        return context.application.major.university.code
    return None


@fact("paid")
def _paid(context):
    """Whether the application's fee has been received."""
    return payment.paid(context.application)


@fact("slots_held")
def _slots_held(context):
    """{slot chosen in a review_slot field: whether it holds a seat for this application}."""
    chosen = [context.data.get(f.name) for f in form_of(context.application).all_fields() if f.type == "review_slot"]
    return {slot: slots.held(slot, str(context.application.pk)) for slot in chosen if slot}


@guard("window_open", reads=("business",), label=_l("在业务开放时间内"))
def window_open(context):
    """The type's business window (开放时间) contains now."""
    return window_closed(context.business, context.now)


@guard("resubmissions_left", reads=("business",), label=_l("重新提交的次数未超过业务类型允许的次数"))
def resubmissions_left(context):
    """Fewer resubmissions so far than the type allows (no limit when unset)."""
    limit = context.business.resubmission_limit if context.business else None
    used = sum(1 for entry in context.application.history if entry.event == "resubmit")
    if limit is not None and used >= limit:
        return _("该业务最多可重新提交 %(limit)d 次，您已用完。", limit=limit)
    return None


@guard("form_complete", reads=("form",), label=_l("当前环节须填写的内容都已填写完整"))
def form_complete(context):
    """Every required field of the pinned form version's steps open in the current state is filled."""
    missing = context.form.missing(context.data, context.attachments, context.application.state)
    if missing:
        return _("以下内容尚未填写完整：%(fields)s。", fields=wording.joined(missing))
    return None


@guard("identity_verified", reads=("candidate",), label=_l("考生已通过身份认证"))
def identity_verified(context):
    """The candidate has passed identity verification 身份认证, which comes before any other business (seed 000 §二)."""
    return None if context.candidate and context.candidate.identity_verified else _("请先完成身份认证。")


@guard("record_not_retired", reads=("merged_into_number",), label=_l("考生的档案没有被合档并入其他档案"))
def record_not_retired(context):
    """The applicant's own record has not been merged into another (so two records cannot retire each other)."""
    if context.merged_into_number:
        return _("该考生的档案已合档并入准考证号 %(number)s，本申请不能再办理。", number=context.merged_into_number)
    return None


@guard("actor_in_scope", reads=("scope_target",),
       label=_l("办理人只办理自己范围内的申请（每项操作都会检查，无需选择）"))
def actor_in_scope(context):
    """Candidates act on their own applications; staff on those within their scope."""
    application, scope = context.application, context.actor.scope
    if scope.kind == roles.SCOPE_SELF:
        covered = str(reference_id(application, "candidate")) == scope.code
    elif scope.kind == roles.SCOPE_PROVINCE:
        covered = True
    elif scope.kind == roles.SCOPE_DISTRICT:
        covered = context.scope_target is not None and reference_id(application, "district") == context.scope_target
    elif scope.kind == roles.SCOPE_UNIVERSITY:
        covered = context.scope_target is not None and context.scope_target == scope.code
    else:
        covered = False
    return None if covered else _("该申请不在您的办理范围内。")


@guard("nothing_paid", reads=("paid",), label=_l("申请尚未缴费（已缴费的申请不能取消）"))
def nothing_paid(context):
    """No fee has been received for the application (a paid one can no longer be cancelled)."""
    return _("该申请已支付，不能取消。") if context.paid else None


@guard("review_slots_held", reads=("form", "slots_held"), label=_l("考生所选的现场审核批次仍为其保留名额"))
def review_slots_held(context):
    """Every on-site review slot the form names holds a seat for this application."""
    for f in context.form.all_fields():
        chosen = context.data.get(f.name) if f.type == "review_slot" else None
        if chosen and not context.slots_held.get(chosen):
            return _("您选择的%(label)s已报满，请选择其他批次。", label=f.text("label"))
    return None


@guard("no_fee_due", reads=("business",), label=_l("该业务不收费"))
def no_fee_due(context):
    """The type charges no fee (a type without one is not held for payment)."""
    return _("该业务需缴纳费用。") if payment.fee_of(context.business) else None


@fact("submit_rule")
def _submit_rule(context):
    """What the candidate reads when the answers do not meet the business type's submission rule (提交条件), or
    None when they do (or it has none)."""
    business, candidate = context.facts["business"], context.facts["candidate"]
    if business is None or not business.submit_rule or candidate is None:
        return None
    if rule_facts.holds(candidate, business.submit_rule, context.data):
        return None
    return business.submit_message or _("提交的内容不满足该业务的提交条件。")


@guard("submit_rule_holds", reads=("business", "candidate", "submit_rule"),
       label=_l("提交的内容满足业务类型的提交条件（每项提交考生内容的操作都会检查，无需选择）"))
def submit_rule_holds(context):
    """The answers meet the business type's submission rule, which an administrator writes as data."""
    return context.submit_rule
