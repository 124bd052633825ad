"""A staff user's scope: which candidates' records they reach (app/roles.py names the kinds)."""
import functools
from dataclasses import dataclass

from flask import g, has_app_context

from app import roles
from app.models import District, Major, University


@dataclass(frozen=True)
class Scope:
    kind: str | None  # a roles.SCOPE_* value; None reaches nothing
    code: str | None = None  # the district or university code for a narrow scope

    @functools.cached_property
    def district_id(self):
        """The id of the scope's district, looked up once per scope."""
        return District.objects(code=self.code).scalar("id").first() if self.kind == roles.SCOPE_DISTRICT else None

    @functools.cached_property
    def majors(self):
        """The majors of the scope's university (their codes and names), looked up once per scope."""
        if self.kind != roles.SCOPE_UNIVERSITY:
            return []
        university = University.objects(code=self.code).scalar("id").first()
        return list(Major.objects(university=university).order_by().only("code", "name")) if university else []

    @property
    def major_ids(self):
        return [major.pk for major in self.majors]


def staff_scope(user):
    """The widest scope among the user's roles; a narrow role without its code reaches nothing. Within a request
    the same scope is one object, so what it looks up is looked up once."""
    scope = _widest(user)
    if not has_app_context():
        return scope
    return g.setdefault("scopes", {}).setdefault(scope, scope)


def _widest(user):
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
        return queryset.filter(**{f"{major}__in": scope.major_ids})
    return queryset.filter(pk__in=[])




