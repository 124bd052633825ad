"""Which applications a staff user's roles reach, whatever their district or university."""
import functools
import operator
from dataclasses import dataclass

from flask import g
from mongoengine import Q

from app.models import BusinessType

from .engine import versions_reached


@dataclass(frozen=True)
class Reach:
    """The applications a staff user's roles reach, whatever their district or university."""

    query: Q  # applications of the workflow versions that give one of the roles a transition, past their drafts
    types: frozenset  # the business types whose workflow gives one of the roles a transition


def reach(user):
    """What `user`'s roles reach: applications of the workflow versions that give one of the roles a transition
    (every version, for an administrator), and never one still in its version's initial state, since a draft
    belongs to its candidate alone. Looked up once per request."""
    if "reach" not in g:
        found = versions_reached({role.name for role in getattr(user, "roles", None) or []})
        clauses = [Q(workflow_key=key, workflow_version__in=versions, state__ne=initial)
                   for (key, initial), versions in found.items()]
        types = BusinessType.objects(workflow_key__in=sorted({key for key, _initial in found})).scalar("key")
        g.reach = Reach(functools.reduce(operator.or_, clauses) if clauses else Q(pk__in=[]), frozenset(types))
    return g.reach
