"""Firing events: one conditional update per transition, then the effects it asked for and the site message its
business type sends for it (workflows/messages.py).

No other code changes an application's state. A transition filters on the
application's id, state and version, and in the same update sets the new
state, pushes the history entry and bumps the version: of two reviewers
acting at once exactly one wins, and the other is told who did.
"""
import datetime
import logging
from dataclasses import dataclass, field

from flask_babel import gettext as _
from mongoengine.errors import DoesNotExist

from app import roles
from app.models import Application, Major
from app.models.application import AUTOMATIC, EffectRecord, Given, HistoryEntry, Item, Submitted
from app.models.definitions import WorkflowDefinition
from app.scope import Scope, staff_scope
from app.services import tallies
from app.services.definitions import Definitions
from app.wording import clauses, joined, stored
from forms.spec import REFUSED_UPLOADS

from . import effects as _effects  # noqa: F401  (registers the effects every type may use)
from . import guards as _guards  # noqa: F401  (registers the guards every type may use)
from . import messages
from .registry import EFFECTS, FACTS, GUARDS, INPUTS, READS
from .spec import Workflow

log = logging.getLogger(__name__)

# The guard every transition passes, whatever its definition lists, and those every publishing one passes.
ALWAYS = ("actor_in_scope",)
PUBLISHING = ("submit_rule_holds",)


def placed_problems(workflow):
    """(where, message) of each reason `workflow` cannot be used, against the registries (Workflow.placed_problems)."""
    return workflow.placed_problems(set(GUARDS), set(EFFECTS), set(INPUTS))


def _problems(workflow):
    return [message for _where, message in placed_problems(workflow)]


workflow_definitions = Definitions(WorkflowDefinition, Workflow.from_data, _problems)


class WorkflowError(Exception):
    """Refused: the message is for the person who tried."""


class TransitionNotAllowed(WorkflowError):
    pass


class CommentRequired(WorkflowError):
    pass


class GuardRefused(WorkflowError):
    def __init__(self, reasons):
        super().__init__(clauses(reasons))
        self.reasons = reasons


class InputRefused(WorkflowError):
    """Values the acting reviewer must fill in again; `errors` maps each input's name to its reason."""

    def __init__(self, errors):
        super().__init__("；".join(errors.values()))
        self.errors = errors


class AlreadyHandled(WorkflowError):
    """Someone else changed the application first."""


@dataclass(frozen=True)
class Actor:
    kind: str  # "candidate", "staff" or "system"
    id: str | None
    name: str
    roles: frozenset
    scope: Scope

    @property
    def acting(self):
        """The roles whose transitions this actor may fire: their own and those they stand in for (roles.acting)."""
        return roles.acting(self.roles)

    @classmethod
    def for_candidate(cls, candidate):
        return cls("candidate", str(candidate.pk), candidate.name, frozenset({roles.CANDIDATE}),
                   Scope(roles.SCOPE_SELF, str(candidate.pk)))

    @classmethod
    def for_staff(cls, user):
        name = f"{user.first_name}{user.last_name}" if user.first_name else user.username
        return cls("staff", str(user.id), name, frozenset(r.name for r in user.roles), staff_scope(user))

    @classmethod
    def system(cls, name):
        """The platform acting on its own, e.g. on a payment gateway's verified callback."""
        return cls("system", None, name, frozenset({roles.SYSTEM}), Scope(roles.SCOPE_PROVINCE))


@dataclass
class GuardContext:
    """What a guard may look at: the application, the answers, the actor, and the facts it declared it reads
    (an attribute each, e.g. `context.candidate`), which the engine loaded before any guard ran. It reads; it
    never writes, nor queries."""

    application: Application = field(repr=False)  # its repr would load the candidate
    actor: Actor = None
    transition: object = None
    now: datetime.datetime = None
    data: dict = field(default_factory=dict)
    attachments: list = field(default_factory=list)
    inputs: dict = field(default_factory=dict)  # input name -> Given the acting reviewer typed (never the comment)
    facts: dict = field(default_factory=dict)

    def __getattr__(self, name):
        facts = self.__dict__.get("facts", {})
        if name in facts:
            return facts[name]
        raise AttributeError(f"a guard read {name!r}, which is neither in its context nor a fact it declared")


def checked(context, names):
    """The reasons the guards `names` refuse in `context`, once the facts they read are loaded into it."""
    for fact in dict.fromkeys(fact for name in names for fact in READS[name]):
        if fact not in context.facts:
            context.facts[fact] = FACTS[fact](context)
    return [reason for name in names if (reason := GUARDS[name](context))]


def workflow_of(application):
    return workflow_definitions.get(application.workflow_key, application.workflow_version)


def versions_reached(role_names):
    """{(workflow key, initial state): [versions]} of the stored workflow versions that give one of `role_names`
    (or a role they stand in for) a transition (every version, for an administrator): the applications staff with
    those roles may reach."""
    found, acting = {}, roles.acting(role_names)
    for (key, version), workflow in workflow_definitions.every_version():
        if roles.ADMIN in role_names or any(set(t.by) & acting for t in workflow.transitions):
            found.setdefault((key, workflow.initial), []).append(version)
    return found


def available_events(application, actor):
    """The transitions `actor` could fire now (guards aside): the buttons to show."""
    return workflow_of(application).available(application.state, actor.acting)


def staff_acting(workflow, state):
    """The staff roles the workflow gives the transitions leaving `state` (without those who may stand in for
    them): who acts on an application there."""
    leaving = [t for t in workflow.transitions if state in t.source]
    named = dict.fromkeys(role for t in leaving for role in t.by)
    return [role for role in named if role not in (roles.CANDIDATE, roles.SYSTEM)]


def nothing_to_do(application, actor, now=None):
    """Why `actor` has no decision to make on the application now, as a sentence, or None when they have one: its
    state is final; others act in that state (the roles the workflow gives its transitions); or the checks of every
    transition open to them refuse (their reasons)."""
    workflow = workflow_of(application)
    state = workflow.state_label(application.state)
    if application.state in workflow.final:
        return _("该申请“%(state)s”，办理已结束，您无需操作。", state=state)
    mine = workflow.available(application.state, actor.acting)
    if not mine:
        leaving = [t for t in workflow.transitions if application.state in t.source]
        staff = [roles.LABELS.get(role, role) for role in roles.acting_for(staff_acting(workflow, application.state))]
        if staff:
            return _("该申请在“%(state)s”，由%(roles)s人员办理，您无需操作。", state=state,
                     roles=joined(staff))
        events = [workflow.event_label(t.event) for t in leaving if roles.CANDIDATE in t.by]
        if events:
            return _("该申请在“%(state)s”，等待考生%(events)s，您无需操作。", state=state,
                     events="或".join(dict.fromkeys(events)))
        return _("该申请在“%(state)s”，由系统自动办理，您无需操作。", state=state)
    refused = []
    for transition in mine:
        names = (*ALWAYS, *transition.guards)
        if transition.inputs or set(names) - set(GUARDS):
            return None  # decided with what the page asks for, or refused in words when tried (fire)
        reasons = checked(GuardContext(application, actor, transition, now or datetime.datetime.now(),
                                       application.data, application.attachments), names)
        if not reasons:
            return None
        refused += reasons
    return _("您现在不能办理该申请：%(reasons)s", reasons=clauses(dict.fromkeys(refused)))


def fire(application, event, actor, comment="", publish=None, decisions=None, now=None, seen_version=None,
         inputs=None):
    """Fire `event` on `application` as `actor`; return the application as it now is.

    `publish` carries the candidate's working copy (data, attachments, items) for a
    transition that publishes it; `decisions` maps item keys to (decision, reason)
    for a reviewer's per-item outcome; `seen_version` is the version the actor's page
    showed, so acting on a page someone else has since changed is refused; `inputs`
    maps the transition's input names to what the reviewer typed on the review page
    (a transition that declares inputs never fires without them, so never in bulk).
    """
    now = now or datetime.datetime.now()
    workflow = workflow_of(application)
    if seen_version is not None and seen_version != application.version:
        raise _already_handled(application, workflow)
    transition = workflow.find(event, application.state, actor.acting)
    if transition is None:
        raise TransitionNotAllowed(_("当前状态为“%(state)s”，不能执行“%(event)s”。",
                                     state=workflow.state_label(application.state),
                                     event=workflow.event_label(event)))
    retired = sorted((set(transition.guards) - set(GUARDS)) | (set(transition.effects) - set(EFFECTS))
                     | ({spec.kind for spec in transition.inputs} - set(INPUTS)))
    if retired:  # a pinned version naming a rule no longer in the code: refused, never half-run
        raise TransitionNotAllowed(_("该申请所用的流程版本（%(title)s 第%(version)d版）中的“%(event)s”使用了已停用的规则 "
                                     "%(names)s，暂不能办理，请联系管理员。", title=workflow.text("title"),
                                     version=application.workflow_version, event=workflow.event_label(event),
                                     names=joined(retired)))
    comment = (comment or "").strip()
    if transition.comment_required and not comment:
        raise CommentRequired(_("请填写理由。"))
    if transition.publish and publish is None:
        raise TransitionNotAllowed(_("没有可提交的内容。"))
    given = _given(application, workflow, transition, inputs)
    context = GuardContext(application, actor, transition, now,
                           publish["data"] if transition.publish else application.data,
                           publish["attachments"] if transition.publish else application.attachments,
                           {entry.name: entry for entry in given})
    reasons = checked(context, (*ALWAYS, *(PUBLISHING if transition.publish else ()), *transition.guards))
    if reasons:
        raise GuardRefused(reasons)

    changed = sorted(_changed_fields(application.data, publish["data"])
                     | _changed_files(application.attachments, publish["attachments"])) if transition.publish else []
    acted_as, stood_in_for = roles.acted_as(actor.roles, transition.by) if actor.kind == "staff" else (None, None)
    entry = HistoryEntry(event=event, from_state=application.state, to_state=transition.target,
                         actor_kind=actor.kind, actor_id=actor.id, actor_name=actor.name, at=now, comment=comment,
                         changed=changed, inputs=given, actor_role=acted_as, stood_in_for=stood_in_for)
    update = {"set__state": transition.target, "inc__version": 1, "push__history": entry, "set__updated_at": now,
              "set__last_comment": comment, "set__overdue_since": None, "set__escalated_to": None}
    if transition.stamp:
        update[f"set__{transition.stamp}"] = now
    index = len(application.history)  # the new entry's, which names its effects, its message and its submission
    if transition.publish:
        update.update(set__data=publish["data"], set__attachments=publish["attachments"],
                      set__items=publish["items"],
                      push__submissions=Submitted(entry=index, data=publish["data"],
                                                  attachments=publish["attachments"]))
        major = Major.objects(code=publish["major"]).first() if publish.get("major") else None
        if major is not None:  # a form's major answer names the application's major (a university's scope)
            update["set__major"] = major
    elif application.items:
        update["set__items"] = _decided(application.items, event, decisions or {}, comment, actor, now)
    effects = [EffectRecord(name=name, key=f"{name}:{index}") for name in transition.effects]
    if effects:
        update["push_all__effects"] = effects

    before = _standing(application, workflow)
    won = Application.objects(pk=application.pk, state=application.state,
                              version=application.version).update_one(**update)
    if not won:
        raise _already_handled(application, workflow)
    _apply_locally(application, update)
    tallies.move(before, _standing(application, workflow))
    run_effects(application)
    _follow(application, workflow, now)
    if len(application.history) == index + 1:  # else what moved it on at once (an auto step) tells the candidate
        messages.send(application, workflow, index)
    return application


def _standing(application, workflow):
    """Where the queue tallies count the application; a draft belongs to its candidate and counts in no queue."""
    return None if application.state == workflow.initial else tallies.Standing.of(application)


def recount_tallies():
    """Rebuild the queue tallies from the applications (app/services/tallies.py says when)."""
    return tallies.recount(lambda key, version, state: state != workflow_definitions.get(key, version).initial)


def _follow(application, workflow, now):
    """Fire the first `auto` transition out of the application's new state whose guards pass, as the system
    (a definition whose auto transitions could follow each other for ever is refused when saved)."""
    system = Actor.system(AUTOMATIC)
    for transition in workflow.available(application.state, system.roles):
        if not transition.auto or set(transition.guards) - set(GUARDS):
            continue  # a pinned version naming a guard no longer in the code: fire refuses it in words when asked
        try:
            fire(application, transition.event, system, now=now)
        except GuardRefused:
            continue  # not this one: its guards say no
        except AlreadyHandled:  # a request acting at the same moment moved it on first
            application.reload()
        except WorkflowError:  # the transition that led here stands; this one waits for a person
            log.warning("Automatic %s of application %s refused", transition.event, application.pk, exc_info=True)
        return


def controls(application, transition):
    """(Input, Control) for each input of `transition`: what the review page asks and the engine checks."""
    return [(spec, INPUTS[spec.kind](application)) for spec in transition.inputs]


def _given(application, workflow, transition, inputs):
    """The transition's inputs, typed and checked, as history entries; InputRefused names each bad one."""
    if not transition.inputs:
        return []
    if inputs is None:
        raise TransitionNotAllowed(_("“%(event)s”须在审核页面逐件办理，并填写%(inputs)s。",
                                     event=workflow.event_label(transition.event),
                                     inputs=joined(spec.text("label") for spec in transition.inputs)))
    given, errors = [], {}
    for spec, control in controls(application, transition):
        try:
            value = control.parse(inputs.get(spec.name), spec.label)
        except ValueError as refused:
            errors[spec.name] = str(refused)
            continue
        if value is None and spec.required:
            errors[spec.name] = _("请填写%(label)s。", label=spec.label)
        elif value is not None:
            given.append(Given(name=spec.name, label=spec.label, before=control.current, value=value))
    if errors:
        raise InputRefused(errors)
    return given


def _apply_locally(application, update):
    """Make the in-memory document match the update it just won, without reading it back."""
    for operation, value in update.items():
        verb, name = operation.split("__", 1)
        if verb == "set":
            setattr(application, name, value)
        elif verb == "inc":
            setattr(application, name, getattr(application, name) + value)
        elif verb == "push":
            getattr(application, name).append(value)
        elif verb == "push_all":
            getattr(application, name).extend(value)
    application._clear_changed_fields()


def _changed_fields(before, after):
    """The answers that differ; the count of refused uploads is the draft's bookkeeping, not an answer (the
    file that replaced a refused one is a changed file)."""
    return {key for key in set(before or {}) | set(after or {})
            if key != REFUSED_UPLOADS and (before or {}).get(key) != (after or {}).get(key)}


def _changed_files(before, after):
    """The top-level fields whose files differ (a file added, removed or replaced)."""
    def by_field(attachments):
        found = {}
        for attachment in attachments or ():
            found.setdefault(attachment.field.split(".")[0], []).append((attachment.field, attachment.sha256))
        return {name: sorted(files) for name, files in found.items()}

    old, new = by_field(before), by_field(after)
    return {name for name in set(old) | set(new) if old.get(name) != new.get(name)}


def _decided(items, event, decisions, comment, actor, now):
    """Items after a review: each keeps an explicit decision, else follows the event (approve or reject)."""
    default = {"approve": "approved", "reject": "rejected"}.get(event)
    result = []
    for item in items:
        item = Item(**{name: item[name] for name in item._fields})
        decision, reason = decisions.get(item.key, (None, None))
        if event == "reject" and decision == "approved":
            decision = None  # rejecting the application rejects every item not already decided otherwise
        if decision is None and item.decision != "rejected":
            decision, reason = default, (comment if default == "rejected" else None)
        if decision:
            item.decision, item.reason, item.decided_by, item.decided_at = decision, reason, actor.name, now
        result.append(item)
    return result


def _already_handled(application, workflow):
    try:
        current = Application.objects.get(pk=application.pk)
    except DoesNotExist:
        return AlreadyHandled(_("该申请已不存在。"))
    last = current.history[-1] if current.history else None
    if last is None:
        return AlreadyHandled(_("该申请刚刚被修改，请刷新后重试。"))
    return AlreadyHandled(_("%(name)s 已于 %(time)s “%(event)s”，当前状态为“%(state)s”。您的操作未执行，请刷新后查看。",
                            name=last.actor_name, time=last.at.strftime("%Y-%m-%d %H:%M:%S"),
                            event=workflow.event_label(last.event), state=workflow.state_label(current.state)))


def run_effects(application, now=None):
    """Run the application's pending effects; each is marked done once it has run. Returns those left pending.
    What they keep (findings, messages, notes) is written in Chinese, whoever's request runs them."""
    left = []
    for record in application.effects:
        if record.status != "pending":
            continue
        try:
            with stored():
                detail = EFFECTS[record.name](application)
        except Exception:  # noqa: BLE001 - an effect left pending is retried by `flask workflows resume`
            log.exception("Effect %s of application %s failed; left pending", record.key, application.pk)
            left.append(record.key)
            continue
        Application.objects(pk=application.pk, effects__key=record.key).update_one(
            set__effects__S__status="done", set__effects__S__at=now or datetime.datetime.now(),
            set__effects__S__detail=str(detail or ""))
    if application.effects:
        application.reload()
    return left


def resume_pending(report=None):
    """Finish every effect a crash left pending. Returns (applications seen, effects still pending).

    `report` (app.jobs.Report) hears how many applications there are, then each one done."""
    pending = list(Application.objects(effects__status="pending"))
    if report:
        report.start(len(pending))
    still = 0
    for application in pending:
        still += len(run_effects(application))
        if report:
            report.advance()
    return len(pending), still
