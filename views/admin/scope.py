"""Row-level security for staff lists: a FAB base filter that applies the user's scope."""
from flask import g
from flask_appbuilder.models.filters import BaseFilter

from app.scope import restrict, staff_scope


class InReviewerScope(BaseFilter):
    """Rows outside the signed-in staff user's scope never reach their lists, pages or actions."""

    name = "scope"

    def apply(self, query, value):
        return restrict(query, staff_scope(g.user), **(value or {}))


def scoped(**fields):
    """base_filters for a view; `fields` name the district and major fields if not the defaults."""
    return [["id", InReviewerScope, fields]]
