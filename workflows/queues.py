"""A staff user's queues counted from the queue tallies: by type and state, and by district for the province; and the
districts and universities whose applications wait with no reviewer to act."""
import collections
from dataclasses import dataclass

from flask import g

from app import roles
from app.models import District, Major, QueueTally, University
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
            if reached.waits(version, state, doc["at"]):
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


@dataclass(frozen=True)
class Unstaffed:
    """A district or university with applications waiting at its level and no active reviewer account for it."""

    role: str  # the reviewer role the level needs
    code: str
    name: str
    n: int  # applications waiting at its level


def unstaffed():
    """The districts and universities whose applications wait at their level (a state where a district or a university
    reviewer acts) while no active staff account serves them in that role, most waiting first. A fixed number of
    queries whatever the applications: the tallies, the districts, majors and universities they name, and one of
    the staff store."""
    from app.security import on_duty  # the staff store's accounts; app.security reads this package's reach

    levels = {roles.DISTRICT_REVIEWER: DISTRICT, roles.UNIVERSITY_REVIEWER: MAJOR}
    states = {(role, version): workflow.waiting_on({role}) - {workflow.initial}
              for version, workflow in workflow_definitions.every_version() for role in levels}
    waiting = {role: collections.Counter() for role in levels}
    for doc in QueueTally.objects(place__in=sorted(set(levels.values()))).exclude("id").as_pymongo():
        version = (doc["workflow_key"], doc["workflow_version"])
        for role, place in levels.items():
            if doc["place"] == place:
                n = sum(n for state, n in (doc.get("states") or {}).items()
                        if n > 0 and state in states.get((role, version), ()))
                if n:
                    waiting[role][doc["at"]] += n
    places = {}  # a district's or a major's id -> (the code of the district or university, its name)
    if waiting[roles.DISTRICT_REVIEWER]:
        places.update({doc["_id"]: (doc["code"], doc["name"]) for doc in District.objects(
            id__in=list(waiting[roles.DISTRICT_REVIEWER])).order_by().only("code", "name").as_pymongo()})
    if waiting[roles.UNIVERSITY_REVIEWER]:
        majors = {doc["_id"]: doc.get("university") for doc in Major.objects(
            id__in=list(waiting[roles.UNIVERSITY_REVIEWER])).order_by().only("university").as_pymongo()}
        universities = {doc["_id"]: (doc["code"], doc["name"]) for doc in University.objects(
            id__in=sorted({u for u in majors.values() if u})).order_by().only("code", "name").as_pymongo()}
        places.update({major: universities[u] for major, u in majors.items() if u in universities})
    names, by_district, by_university = {}, collections.Counter(), collections.Counter()
    for role, counted in ((roles.DISTRICT_REVIEWER, by_district), (roles.UNIVERSITY_REVIEWER, by_university)):
        for at, n in waiting[role].items():
            if at in places:
                code, names[code] = places[at]
                counted[code] += n
    if not by_district and not by_university:
        return []
    serving = on_duty(set(levels))
    found = [Unstaffed(role, code, names.get(code, code), n)
             for role, counted in ((roles.DISTRICT_REVIEWER, by_district), (roles.UNIVERSITY_REVIEWER, by_university))
             for code, n in counted.items() if code not in serving[role]]
    return sorted(found, key=lambda row: (-row.n, row.role, row.code))
