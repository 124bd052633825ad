"""Deadlines as timers: an application that has waited at one review level longer than its type's limit, in working
days (`BusinessType.review_days`, app/services/working_days.py), is flagged overdue and escalated to the level above.

A review level is a state some reviewer role acts at; the time it has waited there runs from the history entry
that brought it there. The flag (`Application.overdue_since`, with `escalated_to`, the role above the level:
`roles.ABOVE`) is stored by a periodic job, so a queue reads it as a field, and moving on clears it.
"""
import datetime
import logging

from app import roles
from app.models import Application, BusinessType
from app.services import working_days

from .engine import workflow_definitions

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
