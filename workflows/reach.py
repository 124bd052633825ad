"""Which applications a staff user's roles reach, whatever their district or university, and which of them wait
for the user."""
import functools
import operator
from dataclasses import dataclass

from flask import g
from mongoengine import Q

from app import roles
from app.models import BusinessType
from app.services.wording import in_locale

from .engine import versions_reached, workflow_definitions


@dataclass(frozen=True)
class Reach:
    """The applications a staff user's roles reach, whatever their district or university."""

    query: Q  # applications of the workflow versions that give one of the roles a transition, past their drafts
    types: frozenset  # the business types whose workflow gives one of the roles a transition
    titles: dict  # their titles, by key
    waiting: dict  # (workflow key, version) -> the states in which one of the roles has something to do
    counted: dict  # (workflow key, version) -> the states past the draft: what the user's queue tallies count
    receives: frozenset  # the roles of the user's that overdue applications are escalated to (workflows/timers.py)

    @functools.cached_property
    def escalated(self):
        """The overdue applications escalated to one of the user's roles, whatever their type: the level above
        sees what waits too long below it."""
        return Q(escalated_to__in=sorted(self.receives)) if self.receives else Q(pk__in=[])

    @functools.cached_property
    def pending(self):
        """The applications waiting for one of the roles: their queue's default."""
        grouped = {}  # versions that wait in the same states share one clause
        for (key, version), states in sorted(self.waiting.items()):
            if states:
                grouped.setdefault((key, tuple(sorted(states))), []).append(version)
        every = sorted({state for _key, states in grouped for state in states})
        return _within(every, [Q(workflow_key=key, workflow_version__in=versions, state__in=list(states))
                               for (key, states), versions in grouped.items()])


def _within(states, clauses):
    """Any of `clauses`, each naming its own states; every state they name is asked first, so a store reading
    documents one by one passes over the rest at once."""
    if not clauses:
        return Q(pk__in=[])
    return Q(state__in=states) & functools.reduce(operator.or_, clauses)


def acting_roles(user):
    """The roles whose transitions wait for `user`; an administrator may act for every reviewer."""
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
        waiting, counted = {}, {}
        for (key, initial), versions in found.items():
            for version in versions:
                workflow = workflow_definitions.get(key, version)
                waiting[(key, version)] = workflow.waiting_on(acting) - {initial}
                counted[(key, version)] = frozenset(workflow.states) - {initial}
        # Each past-the-draft state named (not "other than the draft"), so an index fixes the state and serves the order.
        named = {key: sorted(set().union(*(counted[(key, v)] for v in versions))) for (key, _i), versions in found.items()}
        query = _within(sorted({state for states in named.values() for state in states}),
                        [Q(workflow_key=key, workflow_version__in=versions, state__in=named[key])
                         for (key, _initial), versions in found.items()])
        titles = {key: in_locale(title, title_en) for key, title, title_en in BusinessType.objects(
            workflow_key__in=sorted({key for key, _initial in found})).order_by().scalar("key", "title", "title_en")}
        receives = frozenset(names & set(roles.ABOVE.values()))
        g.reach = Reach(query, frozenset(titles), titles, waiting, counted, receives)
    return g.reach
