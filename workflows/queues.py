"""A staff user's queues counted from the queue tallies: by type and state, and by district for the province."""
import collections
from dataclasses import dataclass

from flask import g

from app import roles
from app.models import QueueTally
from app.models.tally import DISTRICT, MAJOR
from app.scope import staff_scope

from .engine import workflow_definitions
from .reach import reach


@dataclass(frozen=True)
class Tally:
    """How many applications of one type stand in one state, in one district of the user's scope."""

    type: str
    state: str
    label: str  # the state's name in the newest workflow version of the type with an application in that state
    district: object  # the district's id
    n: int
    waiting_n: int  # of them, those waiting for one of the user's roles


def tallies(user):
    """The user's tallies: within their scope and their roles' reach, past drafts, none empty. One query (and for a
    university its majors, read once per request with its scope), as many rows as there are types, states and
    districts; read once per request."""
    if "tallies" not in g:
        g.tallies = _tallies(user)
    return g.tallies


def _tallies(user):
    scope, reached = staff_scope(user), reach(user)
    keys = sorted({key for key, _version in reached.counted})
    if not keys or scope.kind is None:
        return []
    if scope.kind == roles.SCOPE_DISTRICT:
        found = QueueTally.objects(place=DISTRICT, at=scope.district_id)
    elif scope.kind == roles.SCOPE_UNIVERSITY:
        found = QueueTally.objects(place=MAJOR, at__in=scope.major_ids)
    else:
        found = QueueTally.objects(place=DISTRICT, workflow_key__in=keys)
    totals, waiting, labels = collections.Counter(), collections.Counter(), {}
    for doc in found.exclude("id").as_pymongo():
        version = (doc["workflow_key"], doc["workflow_version"])
        # A university's tallies are per major: a major's district is not what a university reviewer sorts by.
        place = doc["at"] if scope.kind != roles.SCOPE_UNIVERSITY else None
        for state, n in (doc.get("states") or {}).items():
            if n <= 0 or state not in reached.counted.get(version, ()):
                continue
            totals[(doc["type"], state, place)] += n
            if state in reached.waiting.get(version, ()):
                waiting[(doc["type"], state, place)] += n
            labels.setdefault((doc["type"], state), []).append(version)
    newest = {key: workflow_definitions.get(*max(versions)) for key, versions in labels.items()}

    def order(item):  # by type, then the states in their workflow's order
        (kind, state, place), _n = item
        return kind, list(newest[(kind, state)].states).index(state), str(place)

    return [Tally(kind, state, newest[(kind, state)].state_label(state), place, n, waiting[(kind, state, place)])
            for (kind, state, place), n in sorted(totals.items(), key=order)]


def summed(rows, *by):
    """The rows summed over what `by` leaves out, e.g. summed(rows, "type", "state") over districts: Tally rows with
    the fields not in `by` set to None."""
    found = {}
    for row in rows:
        key = tuple(getattr(row, name) for name in by)
        before = found.get(key)
        found[key] = Tally(**{name: getattr(row, name) if name in by or (name == "label" and "state" in by) else None
                              for name in ("type", "state", "label", "district")},
                           n=row.n + (before.n if before else 0),
                           waiting_n=row.waiting_n + (before.waiting_n if before else 0))
    return list(found.values())
