"""Deadlines as timers: an application that has waited at one review level longer than its type's limit, in working
days (`BusinessType.review_days`, app/services/working_days.py), is flagged overdue and escalated to the level above.

A review level is a state some reviewer role acts at; the time it has waited there runs from the history entry
that brought it there. The flag (`Application.overdue_since`, with `escalated_to`, the role above the level:
`roles.ABOVE`) is stored by a periodic job, so a queue reads it as a field, and moving on clears it.

The day before an on-site review, each application holding a seat in it is reminded (`send_reminders`).
"""
import datetime
import logging

from app import roles
from app.models import Application, BusinessType
from app.models.slot import ReviewSlot
from app.services import working_days
from app.wording import stored

from . import messages
from .engine import workflow_definitions, workflow_of

log = logging.getLogger(__name__)


def levels(workflow):
    """{state: the role it is escalated to} of the workflow's review levels: the states a reviewer acts at, each
    escalated above the lowest of the roles acting there."""
    acting = {}
    for transition in workflow.transitions:
        for state in transition.source:
            acting.setdefault(state, set()).update(set(transition.by) & set(roles.REVIEWERS))
    return {state: roles.ABOVE[min(found, key=roles.REVIEWERS.index)] for state, found in acting.items()
            if found and state not in workflow.final}


def due():
    """Whether some business type has a review limit (else the job records nothing)."""
    return BusinessType.objects(review_days__gte=1).limit(1).count(with_limit_and_skip=True) > 0


def flag_overdue(report=None, now=None):
    """Flag every application overdue at its review level now, once; the number flagged. Per type with a limit,
    one query for its applications waiting at a level since before the limit could have passed, then one
    conditional update for each one overdue (on its version: one that moved on meanwhile is left alone)."""
    now = now or datetime.datetime.now()
    off = working_days.holidays()
    kinds = list(BusinessType.objects(review_days__gte=1).only("key", "workflow_key", "review_days"))
    by_version = {version: levels(workflow) for version, workflow in workflow_definitions.every_version()}
    flagged = 0
    if report:
        report.start(len(kinds))
    for kind in kinds:
        states = sorted({state for (key, _v), found in by_version.items() if key == kind.workflow_key
                         for state in found})
        # Working days are never fewer than calendar days, so none reached its level after this.
        earliest = now - datetime.timedelta(days=kind.review_days)
        waiting = Application.objects(type=kind.key, state__in=states, overdue_since=None,
                                      submitted_at__lt=earliest).only(
            "workflow_key", "workflow_version", "state", "version").fields(slice__history=-1)
        for application in waiting:
            above = by_version.get((application.workflow_key, application.workflow_version), {}).get(
                application.state)
            if above is None or not application.history:
                continue
            since = working_days.deadline(application.history[-1].at, kind.review_days, off)
            if since <= now:
                flagged += Application.objects(pk=application.pk, version=application.version,
                                               overdue_since=None).update_one(set__overdue_since=since,
                                                                              set__escalated_to=above)
        if report:
            report.advance()
    if flagged:
        log.info("%d applications flagged overdue", flagged)
    return flagged


def _tomorrows_slots(now):
    start = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time())
    return ReviewSlot.objects(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1),
                              holders__not__size=0)


def reminders_due(now=None):
    """Whether some on-site review slot of tomorrow has seats taken (else the job records nothing)."""
    return _tomorrows_slots(now or datetime.datetime.now()).limit(1).count(with_limit_and_skip=True) > 0


def send_reminders(report=None, now=None):
    """The review-session reminder: remind each application holding a seat of an on-site review slot of tomorrow,
    once, with its type's reminder template (none: no reminder); the number sent. Three queries (the slots with
    their districts, the applications, the templates), then one insert each."""
    found = list(_tomorrows_slots(now or datetime.datetime.now()).select_related(max_depth=1))
    holding = {holder: slot for slot in found for holder in slot.holders}
    applications = Application.objects(pk__in=list(holding)).only(
        "type", "candidate", "district", "candidate_name", "exam_number", "state", "workflow_key", "workflow_version")
    kinds, sent = messages.business_types(), 0
    if report:
        report.start(len(holding))
    for application in applications:
        kind = kinds.get(application.type)
        template = kind.template_for(*messages.REMINDER) if kind is not None else None
        slot = holding[str(application.pk)]
        if template is not None:
            with stored():
                filled = messages.values(application.candidate_name, application.exam_number, kind.title,
                                         workflow_of(application).state_label(application.state), "", slot.starts_at,
                                         str(application.pk), f"{slot.district.name} {slot.when()} {slot.place}")
                sent += messages.deliver(application, kind, template, filled, messages.REMINDER_SENDER,
                                         f"review-reminder:{slot.pk}:{application.pk}")
        if report:
            report.advance()
    return sent
