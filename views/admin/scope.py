"""Row-level security for staff lists: a FAB base filter that applies the user's scope."""
from flask import g
from flask_appbuilder.models.filters import BaseFilter

from app.scope import restrict, staff_scope
from workflows.reach import reach


class InReviewerScope(BaseFilter):
    """Rows outside the signed-in staff user's scope never reach their lists, pages or actions."""

    name = "scope"

    def apply(self, query, value):
        return restrict(query, staff_scope(g.user), **(value or {}))


def scoped(**fields):
    """base_filters for a view; `fields` name the district and major fields if not the defaults."""
    return [["id", InReviewerScope, fields]]


class InReach(BaseFilter):
    """Applications of types the user's roles review, past the candidate's draft; no other list, page, file or
    action of an application exists for them."""

    name = "reach"

    def apply(self, query, value):
        return query.filter(reach(g.user).query)


def reviewable(**fields):
    """base_filters for applications: the user's scope, and what their roles reach."""
    return scoped(**fields) + [["id", InReach, None]]
