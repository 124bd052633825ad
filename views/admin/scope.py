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
    """Applications of types the user's roles review, past the candidate's draft, and those escalated to the user's
    role; no other list, page, file or action of an application exists for them. A queue's list (g.queue_view)
    shows one of the two."""

    name = "reach"

    def apply(self, query, value):
        found, view = reach(g.user), g.get("queue_view")
        if view == ESCALATED:
            return query.filter(found.escalated)
        if view == WAITING:  # what waits for the user's roles lies within their reach: Waiting says which
            return query
        return query.filter(found.query if view else found.query | found.escalated)


ESCALATED, WAITING = "escalated", "waiting"  # queue views: what was escalated to the user, and what waits for them


def reviewable(**fields):
    """base_filters for applications: the user's scope, and what their roles reach."""
    return scoped(**fields) + [["id", InReach, None]]
