"""Which applications a staff user's roles reach, whatever their district or university, and which of them wait
for the user."""
import functools
import operator
from dataclasses import dataclass

from flask import g
from mongoengine import Q

from app import roles
from app.models import BusinessType, District
from app.wording import in_locale

from .engine import versions_reached, workflow_definitions


@dataclass(frozen=True)
class Reach:
    """The applications a staff user's roles reach, whatever their district or university."""

    query: Q  # applications of the workflow versions that give one of the roles a transition, past their drafts
    types: frozenset  # the business types whose workflow gives one of the roles a transition
    titles: dict  # their titles, by key
    waiting: dict  # (workflow key, version) -> the states in which one of the roles has something to do
    covering: dict  # (workflow key, version) -> the further states of a district role the user stands in for
    counted: dict  # (workflow key, version) -> the states past the draft: what the user's queue tallies count
    receives: frozenset  # the roles of the user's that overdue applications are escalated to (workflows/timers.py)

    @functools.cached_property
    def escalated(self):
        """The overdue applications escalated to one of the user's roles, whatever their type: the level above
        sees what waits too long below it."""
        return Q(escalated_to__in=sorted(self.receives)) if self.receives else Q(pk__in=[])

    @functools.cached_property
    def served(self):
        """The ids of the districts an active district reviewer account serves, read only when the user stands in
        for district reviewers: elsewhere their steps wait for the user too."""
        if not any(self.covering.values()):
            return frozenset()
        from app.security import on_duty  # the staff store's accounts; app.security reads this module

        codes = on_duty({roles.DISTRICT_REVIEWER})[roles.DISTRICT_REVIEWER]
        return frozenset(District.objects(code__in=sorted(codes)).scalar("id")) if codes else frozenset()

    def waits(self, version, state, district):
        """Whether an application of workflow `version` in `state`, of the district with id `district`, waits for the
        user: a state of their own roles, or of a district role they stand in for where no account serves it."""
        return state in self.waiting.get(version, ()) or (
            state in self.covering.get(version, ()) and district not in self.served)

    @functools.cached_property
    def pending(self):
        """The applications waiting for the user: their queue's default."""
        clauses, every = [], set()
        for found, unserved in ((self.waiting, None), (self.covering, self.served)):
            grouped = {}  # versions that wait in the same states share one clause
            for (key, version), states in sorted(found.items()):
                if states:
                    grouped.setdefault((key, tuple(sorted(states))), []).append(version)
            for (key, states), versions in grouped.items():
                clause = Q(workflow_key=key, workflow_version__in=versions, state__in=list(states))
                clauses.append(clause if unserved is None else clause & Q(district__nin=sorted(unserved)))
                every.update(states)
        return _within(sorted(every), clauses)


def _within(states, clauses):
    """Any of `clauses`, each naming its own states; every state they name is asked first, so a store reading
    documents one by one passes over the rest at once."""
    if not clauses:
        return Q(pk__in=[])
    return Q(state__in=states) & functools.reduce(operator.or_, clauses)


def acting_roles(user):
    """The roles whose transitions wait for `user` wherever they are: their own; an administrator, who fires none,
    oversees what waits for every reviewer. Those they stand in for (roles.acting) wait for them where nobody holds
    that role (Reach.waits)."""
    names = {role.name for role in getattr(user, "roles", None) or []}
    return names | set(roles.REVIEWERS) if roles.ADMIN in names else names


def reach(user):
    """What `user`'s roles reach: applications of the workflow versions that give one of the roles a transition
    (every version, for an administrator), and never one still in its version's initial state, since a draft
    belongs to its candidate alone. Looked up once per request."""
    if "reach" not in g:
        names = {role.name for role in getattr(user, "roles", None) or []}
        found = versions_reached(names)
        acting = acting_roles(user)
        stood = roles.acting(names) - acting  # the roles the user stands in for
        waiting, covering, counted = {}, {}, {}
        for (key, initial), versions in found.items():
            for version in versions:
                workflow = workflow_definitions.get(key, version)
                waiting[(key, version)] = workflow.waiting_on(acting) - {initial}
                covering[(key, version)] = (workflow.waiting_on(stood) - waiting[(key, version)] - {initial}
                                            if stood else frozenset())
                counted[(key, version)] = frozenset(workflow.states) - {initial}
        # Each past-the-draft state named (not "other than the draft"), so an index fixes the state and serves the order.
        named = {key: sorted(set().union(*(counted[(key, v)] for v in versions))) for (key, _i), versions in found.items()}
        query = _within(sorted({state for states in named.values() for state in states}),
                        [Q(workflow_key=key, workflow_version__in=versions, state__in=named[key])
                         for (key, _initial), versions in found.items()])
        titles = {key: in_locale(title, title_en) for key, title, title_en in BusinessType.objects(
            workflow_key__in=sorted({key for key, _initial in found})).order_by().scalar("key", "title", "title_en")}
        receives = frozenset(names & set(roles.ABOVE.values()))
        g.reach = Reach(query, frozenset(titles), titles, waiting, covering, counted, receives)
    return g.reach
