"""A staff user's scope: which candidates' records they reach (app/roles.py names the kinds), and which
applications their roles reach."""
import functools
import operator
from dataclasses import dataclass

from flask import g
from mongoengine import Q

from app import roles
from app.models import BusinessType, District, Major, University


@dataclass(frozen=True)
class Scope:
    kind: str | None  # a roles.SCOPE_* value; None reaches nothing
    code: str | None = None  # the district or university code for a narrow scope

    @functools.cached_property
    def district_id(self):
        """The id of the scope's district, looked up once per scope."""
        return District.objects(code=self.code).scalar("id").first() if self.kind == roles.SCOPE_DISTRICT else None


def staff_scope(user):
    """The widest scope among the user's roles; a narrow role without its code reaches nothing."""
    names = {role.name for role in getattr(user, "roles", None) or []}
    if names & {roles.ADMIN, roles.PROVINCIAL_REVIEWER}:
        return Scope(roles.SCOPE_PROVINCE)
    if roles.DISTRICT_REVIEWER in names and user.district_code:
        return Scope(roles.SCOPE_DISTRICT, user.district_code)
    if roles.UNIVERSITY_REVIEWER in names and user.university_code:
        return Scope(roles.SCOPE_UNIVERSITY, user.university_code)
    return Scope(None)


def restrict(queryset, scope, district="district", major="major"):
    """Limit a queryset to the scope; `district` and `major` name the fields that hold them.

    A document without a `major` field is out of a university's scope.
    """
    if scope.kind == roles.SCOPE_PROVINCE:
        return queryset
    if scope.kind == roles.SCOPE_DISTRICT:
        return queryset.filter(**{district: scope.district_id})
    if scope.kind == roles.SCOPE_UNIVERSITY and major in queryset._document._fields:
        university = University.objects(code=scope.code).only("id").first()
        return queryset.filter(**{f"{major}__in": list(Major.objects(university=university).only("id"))})
    return queryset.filter(pk__in=[])


@dataclass(frozen=True)
class Reach:
    """The applications a staff user's roles reach, whatever their district or university."""

    query: Q  # applications of the workflow versions that give one of the roles a transition, past their drafts
    types: frozenset  # the business types whose workflow gives one of the roles a transition


def reach(user):
    """What `user`'s roles reach: applications of the workflow versions that give one of the roles a transition
    (every version, for an administrator), and never one still in its version's initial state, since a draft
    belongs to its candidate alone. Looked up once per request."""
    from workflows.engine import versions_reached  # the engine depends on this module

    if "reach" not in g:
        found = versions_reached({role.name for role in getattr(user, "roles", None) or []})
        clauses = [Q(workflow_key=key, workflow_version__in=versions, state__ne=initial)
                   for (key, initial), versions in found.items()]
        types = BusinessType.objects(workflow_key__in=sorted({key for key, _initial in found})).scalar("key")
        g.reach = Reach(functools.reduce(operator.or_, clauses) if clauses else Q(pk__in=[]), frozenset(types))
    return g.reach
