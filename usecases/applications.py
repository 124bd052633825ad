"""A candidate's applications: start one, fill its steps, submit. Reviewing goes through workflows.engine."""
import datetime

from flask_babel import gettext as _

from app import roles
from app.models import Application, BusinessType, WorkflowDefinition
from app.services import rule_facts, slots
from app.services import files
from app.wording import clauses, joined
from forms import kinds
from forms.builder import (Context, form_definitions, items_for, messages, refused_from, step_form, uploads_from,
                           values_from)
from forms.spec import REFUSED_UPLOADS, hidden
from workflows import types
from workflows.engine import (TransitionNotAllowed, WorkflowError, fire, staff_acting, workflow_definitions,
                              workflow_of)
from workflows.guards import window_closed

from .payment import PAY

# What an application under way waits for its candidate to do (`waiting_on`).
TO_PAY, TO_FILL = "pay", "fill"
# Of an application, what `waiting_on` reads: one small document per application of the candidate's.
_WAITING_FIELDS = ("type", "state", "workflow_key", "workflow_version", "form_key", "form_version", "working",
                   "working_attachments", "submitted_at", "created_at")


def ensure_shipped():
    """Store each shipped type's workflow and form definitions, and a business type for it (closed until opened)
    with the type's notice, reason templates and message templates, and their English where none is stored."""
    shipped = types.shipped()
    workflow_definitions.ensure_shipped([kind.workflow for kind in shipped])
    form_definitions.ensure_shipped([kind.form for kind in shipped])
    for kind in shipped:
        if not BusinessType.objects(key=kind.key).first():
            BusinessType(key=kind.key, title=kind.title, title_en=kind.title_en, workflow_key=kind.workflow.key,
                         form_key=kind.form.key, notice=kind.notice, notice_en=kind.notice_en,
                         reason_templates="\n".join(kind.reasons),
                         message_templates=[message.template() for message in kind.messages]).save()
        # A business type stored before it had English gets the shipped English while its Chinese is still the
        # shipped text; English an administrator wrote, or cleared after changing the Chinese, is left as it is.
        for chinese, english in (("title", "title_en"), ("notice", "notice_en")):
            if getattr(kind, english):
                BusinessType.objects(key=kind.key, **{chinese: getattr(kind, chinese), f"{english}__in": [None, ""]}
                                     ).update(**{f"set__{english}": getattr(kind, english)})


def set_demo_terms():
    """The demo's terms of each shipped type that has some (a fee, a resubmission limit)."""
    for business_type in BusinessType.objects(key__in=[key for key, kind in types.SHIPPED.items() if kind.demo]):
        types.of(business_type.key).demo(business_type)


def clear_caches():
    workflow_definitions.clear_cache()
    form_definitions.clear_cache()
    WorkflowDefinition.forget_stages()


def business(type_key):
    found = BusinessType.objects(key=type_key, enabled=True).first()
    if found is None or type_key in types.not_applied_for():
        raise WorkflowError(_("该业务不存在或未开放。"))
    return found


def open_types():
    """The key and title of each enabled type, in key order: plain values in one query, as every home page shows
    them."""
    return list(BusinessType._get_collection().find({"enabled": True, "key": {"$nin": types.not_applied_for()}},
                                                    {"_id": 0, "key": 1, "title": 1, "title_en": 1,
                                                     "offered_if": 1}).sort("key"))


def offered_types(candidate):
    """The open types offered to `candidate`: those whose rule of who may apply (申请条件) holds for them."""
    facts = rule_facts.Facts(candidate)  # read once for every type's rule
    return [kind for kind in open_types() if facts.holds(kind.get("offered_if"))]


def not_offered(candidate, kind):
    """What the candidate reads when the business type `kind` is not offered to them, or None when it is."""
    if rule_facts.holds(candidate, kind.offered_if):
        return None
    return kind.offered_message or _("您暂不符合该业务的申请条件。")


def start(candidate, type_key, now=None):
    """The candidate's draft of `type_key`: the one they left unfinished, or a new one pinned to the
    current workflow and form versions."""
    now = now or datetime.datetime.now()
    kind = business(type_key)
    workflow_version, workflow = workflow_definitions.latest(kind.workflow_key)
    form_version, form = form_definitions.latest(kind.form_key)
    unfinished = Application.objects(candidate=candidate, type=kind.key, state=workflow.initial,
                                     workflow_version=workflow_version).order_by("-created_at").first()
    application = Application(type=kind.key, candidate=candidate, district=candidate.district, major=candidate.major,
                              candidate_name=candidate.name, exam_number=candidate.exam_number,
                              id_number=candidate.id_number,
                              workflow_key=kind.workflow_key, workflow_version=workflow_version,
                              form_key=kind.form_key, form_version=form_version, state=workflow.initial,
                              agreed_notice=True, working={"major": candidate.major.code,
                                                           "major_level": candidate.major.level}
                              if candidate.major else {})
    refused = window_closed(kind, now) or not_offered(candidate, kind)
    if refused:
        raise WorkflowError(refused)
    if not form.steps_open(workflow.initial):  # each step waits for a later state: nothing to fill in now
        raise WorkflowError(_("该业务的申请表中没有现在可以填写的步骤，暂不能申请。"))
    if unfinished is not None:
        return unfinished
    application.save()
    return application


def spec_of(application):
    return form_definitions.get(application.form_key, application.form_version)


def context_for(application, values=None, drop=()):
    """The form context of the working copy; files the candidate is deleting no longer count."""
    counts = {}
    for attachment in application.working_attachments:
        if str(attachment.file_id) not in drop:
            counts[attachment.field] = counts.get(attachment.field, 0) + 1
    return Context(spec_of(application), application.candidate, {**application.working, **(values or {})}, counts,
                   _claimed_elsewhere(application), str(application.pk), application.type)


def _claimed_elsewhere(application):
    """Items the candidate's other applications of this type still ask for (not yet decided)."""
    others = Application.objects(candidate=application.candidate, type=application.type, pk__ne=application.pk,
                                 items__decision="pending").only("items", "state", "workflow_key",
                                                                 "workflow_version")
    return frozenset(item.key for other in others if other.state not in workflow_of(other).final
                     for item in other.items if item.decision == "pending")


def editable(application, actor):
    """Whether the candidate may change the working copy now: only if a publishing transition is open to them."""
    return any(t.publish for t in workflow_of(application).available(application.state, actor.roles))


def steps_shown(application):
    """The steps the candidate goes through now: open in the state, with at least one field their answers show."""
    return [s for s in spec_of(application).steps_open(application.state) if s.shown(application.working)]


def resume_at(application):
    """Where the candidate carries on filling in: the first step shown with a required answer missing, else None
    (everything is answered: the preview is next)."""
    spec = spec_of(application)
    for step in steps_shown(application):
        if spec.missing(application.working, application.working_attachments, application.state, steps=[step]):
            return step
    return None


def waiting_on(application):
    """What the submitted application waits for its candidate to do: TO_PAY (the system takes a fee in this state),
    TO_FILL (a step shown now has a required answer missing, or only the candidate can move it on, as after a
    rejection they may resubmit), or None (with the reviewers, ended, or a draft the candidate has not sent)."""
    workflow = workflow_of(application)
    state = application.state
    if state == workflow.initial or state in workflow.final:
        return None
    moves = [t for t in workflow.transitions if state in t.source]
    if any(t.event == PAY and roles.SYSTEM in t.by for t in moves):
        return TO_PAY
    publishes = any(t.publish and roles.CANDIDATE in t.by for t in moves)
    only_theirs = all(set(t.by) <= {roles.CANDIDATE, roles.SYSTEM} for t in moves)
    if publishes and (only_theirs or resume_at(application) is not None):
        return TO_FILL
    return None


def submitted_message(application):
    """What the candidate is told once submit, update or resubmit has published the application: the state it went
    to, and what comes next there (paying, their own next step, the staff who act, or nothing)."""
    workflow = workflow_of(application)
    state = workflow.state_label(application.state)
    waits = waiting_on(application)
    if waits == TO_PAY:
        return _("申请已提交，现为“%(state)s”，请按本页提示缴费。", state=state)
    if waits == TO_FILL:
        return _("申请已提交，现为“%(state)s”，请按本页提示继续办理。", state=state)
    staff = [roles.LABELS.get(role, role) for role in staff_acting(workflow, application.state)]  # none where it ended
    if staff:
        return _("申请已提交，现为“%(state)s”，由%(roles)s人员办理，请耐心等待结果。", state=state, roles=joined(staff))
    return _("申请已提交，现为“%(state)s”。", state=state)


def waiting(candidate):
    """The candidate's applications that wait for them (`waiting_on`), newest first, as `mine` lists them: one
    query on the (candidate, type) index, of the few fields it reads; a candidate has a handful of applications."""
    mine = Application.objects(candidate=candidate, type__nin=types.not_applied_for()).only(*_WAITING_FIELDS)
    return sorted((a for a in mine if waiting_on(a)), key=lambda a: a.created_at, reverse=True)


def build_step(application, step_key, formdata=None, drop=()):
    """(step, form) for one step, filled from the POST or else from the working copy."""
    spec = spec_of(application)
    step = spec.step(step_key)
    if step is None or not step.open_in(application.state):
        return None, None
    form_class = step_form(step, context_for(application, drop=set(drop)))
    if formdata is not None:
        return step, form_class(formdata)
    return step, form_class(data=_form_data(step, application.working))


def _form_data(step, working):
    """The working copy shaped for WTForms: slots of repeatable groups keyed by their slot number."""
    return {f.name: working.get(f.name) for f in step.fields if f.name in working}


def save_step(application, step, form, actor, drop=()):
    """Validate the step; keep its values and accepted uploads in the working copy.

    Accepted uploads are kept even when another field of the step is wrong, so the
    candidate never uploads a good file twice; the values, and the deletion of files,
    take effect only when the whole step is valid. Returns True when the step is valid.
    """
    if not editable(application, actor):
        raise WorkflowError(_("该申请当前不能修改。"))
    valid = form.validate()
    spec_fields = step.fields
    new_files = [files.store(checked, path) for path, checked in uploads_from(spec_fields, form)]
    # Deleting files is part of the step: it only happens when the step is valid.
    own = {f.name for f in spec_fields}  # only this step's files can be deleted from this step
    kept = [a for a in application.working_attachments
            if not valid or str(a.file_id) not in set(drop) or a.field.split(".")[0] not in own]
    update = {"set__working_attachments": kept + new_files, "set__updated_at": datetime.datetime.now()}
    for name, count in refused_from(spec_fields, form).items():  # the draft counts refused uploads
        update[f"inc__working__{REFUSED_UPLOADS}__{name}"] = count
    if valid:
        working = {**application.working, **values_from(spec_fields, form)}
        spec = spec_of(application)
        shut = hidden(spec.all_fields(), working)
        update["set__working"] = _prune(spec, working, shut)
        update["set__working_attachments"] = _attached_to(working, kept + new_files, shut)
    Application.objects(pk=application.pk).update_one(**update)
    application.reload()
    return valid


def _prune(spec, working, shut):
    """Drop the answers of the fields their conditions now hide (`shut`), on any step (a mark once typed for an exam
    is not kept for an exemption), and per-choice entries for choices no longer chosen (a course unticked loses its
    vouchers)."""
    for name in shut:
        working.pop(name, None)
        for suffix in kinds.of(spec.field(name)).recorded:
            working.pop(f"{name}{suffix}", None)
    for f in spec.all_fields():
        if f.type == "group" and f.repeat_for and isinstance(working.get(f.name), dict):
            chosen = set(working.get(f.repeat_for) or [])
            working[f.name] = {key: entry for key, entry in working[f.name].items() if key in chosen}
    return working


def _attached_to(working, attachments, shut):
    """Attachments whose per-choice entry still exists in the working copy, of fields not hidden (`shut`)."""
    def alive(path):
        parts = path.split(".")
        node = working
        for part in parts[:-1]:
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return True

    return [a for a in attachments if a.field.split(".")[0] not in shut and ("." not in a.field or alive(a.field))]


def submit(application, actor, now=None):
    """Publish the working copy through whichever publishing transition is open (submit, update, resubmit).

    A chosen on-site review slot is booked first, so a full one sends the candidate back to choose again;
    once the application is published, any seat it held before is given back.
    """
    transitions = [t for t in workflow_of(application).available(application.state, actor.roles) if t.publish]
    if not transitions:
        raise TransitionNotAllowed(_("该申请当前不能提交。"))
    _check_every_step(application)
    spec = spec_of(application)
    data, attachments = _published(application, spec)
    major = spec.field("major")
    publish = {"data": data, "attachments": attachments, "items": items_for(context_for(application), data),
               "major": data.get("major") if major is not None and major.type == "major"
               and _open_field(spec, application.state, "major") else None}
    slot_fields = [f for f in spec.all_fields() if f.type == "review_slot"]
    held_before = [application.data.get(f.name) for f in slot_fields if application.data.get(f.name)]
    _book_slots(application, spec, slot_fields, data, held_before)
    try:
        fire(application, transitions[0].event, actor, publish=publish, now=now)
    except WorkflowError:
        if slot_fields:  # keep what the application, as it now stands, holds (another submit may have won)
            current = Application.objects(pk=application.pk).only("data").first()
            slots.release(str(application.pk), keep=[(current.data or {}).get(f.name) for f in slot_fields])
        raise
    if slot_fields:
        slots.release(str(application.pk), keep=[data.get(f.name) for f in slot_fields])
    return application


def _open_field(spec, state, name):
    return any(f.name == name for step in spec.steps_open(state) for f in step.fields)


def _published(application, spec):
    """What a publish takes from the working copy: the answers and files of the steps open now, over what was
    published before (the registration form after payment changes nothing the reviewers saw)."""
    open_fields = [f for step in spec.steps_open(application.state) for f in step.fields]
    open_names = {f.name for f in open_fields}
    open_names |= {f"{f.name}{suffix}" for f in open_fields for suffix in kinds.of(f).recorded}
    data = {key: value for key, value in (application.data or {}).items() if key not in open_names}
    data.update({key: value for key, value in application.working.items()
                 if key in open_names or key not in {f.name for f in spec.all_fields()}})
    kept = [a for a in application.attachments if a.field.split(".")[0] not in open_names]
    return data, kept + [a for a in application.working_attachments if a.field.split(".")[0] in open_names]


def _book_slots(application, spec, slot_fields, data, held_before):
    """Book the slot each review-slot field names, within the candidate's scope; a full one (or one no longer in
    the scope) gives back what this call booked and sends the candidate to the step to choose again."""
    within = slots.scope(application.candidate, application.type) if slot_fields else None
    for f in slot_fields:
        chosen = data.get(f.name)
        if chosen and not slots.book(chosen, str(application.pk), within):
            slots.release(str(application.pk), keep=held_before)
            step = next(s for s in spec.steps if f in s.fields)
            refused = (_("您选择的%(label)s已报满，请选择其他批次。", label=f.text("label")) if slots.in_scope(chosen, within)
                       else within.refusal)
            raise StepInvalid(refused, step.key)


def _check_every_step(application):
    """Validate the whole working copy again: a later step may have changed what an earlier answer allows
    (another major, other courses), and a course may have been passed or claimed since."""
    spec = spec_of(application)
    if spec.missing(application.working, application.working_attachments, application.state):
        return  # the form_complete guard names what is missing, which says more
    for step in spec.steps_open(application.state):
        _step, form = build_step(application, step.key)
        if not form.validate():
            found = clauses(dict.fromkeys(messages(form)))
            message = (_("“%(step)s”中有内容需要修改：%(problems)s", step=step.text("title"), problems=found) if found
                       else _("“%(step)s”中有内容需要修改，请返回该步骤检查。", step=step.text("title")))
            raise StepInvalid(message, step.key)


class StepInvalid(WorkflowError):
    """The working copy no longer passes one of its steps; `step_key` says which."""

    def __init__(self, message, step_key):
        super().__init__(message)
        self.step_key = step_key


def mine(candidate, type_key=None):
    """The candidate's applications, newest first; not those of types another page of theirs shows (a
    registration's review is on 报名报考)."""
    query = Application.objects(candidate=candidate, type__nin=types.not_applied_for())
    if type_key:
        query = query.filter(type=type_key)
    return list(query.order_by("-created_at"))
