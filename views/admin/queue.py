"""The review queue's datamodel: what a queue page reads of each application, and how it counts them.

A page reads only the fields it lists, names the districts and majors of its rows in one query each, and takes
its count from the queue tallies when its filters are ones the tallies count by (scope, reach, waiting, type and
state): the page makes as many queries whatever the rows shown, each served by an index.
"""
from flask import g
from flask_babel import gettext as _
from flask_appbuilder.models.filters import BaseFilter

from app.datamodel import MongoEngineInterface
from app.datamodel.interface import active
from app.datamodel import filters as datamodel_filters
from app.models import Application
from app.scope import staff_scope
from workflows import queues
from workflows.engine import workflow_definitions
from workflows.reach import reach

from .scope import WAITING, InReach, InReviewerScope

# What a queue row shows, and what names its state (the state's label belongs to the row's workflow version).
LISTED = ("type", "candidate_name", "exam_number", "district", "major", "state", "submitted_at", "last_comment",
          "workflow_key", "workflow_version", "overdue_since")


ALL = "all"  # a queue's view of every state (one state asked for is ALL narrowed); scope.py names the others


class Waiting(BaseFilter):
    """On a queue's default view, only the applications waiting for one of the user's roles."""

    name = "waiting"

    def apply(self, query, value):
        return query.filter(reach(g.user).pending) if g.get("queue_view") == WAITING else query


class TypedEqual(datamodel_filters.FilterEqual):
    """A whole value as typed, without the spaces a pasted one brings."""

    def convert(self, value):
        return str(value).strip()


class IdNumberBegins(datamodel_filters.FilterBeginsWith):
    """An ID number's check letter is stored upper-case (X), whichever way it is typed."""

    def convert(self, value):
        return super().convert(value).upper()


class IdNumberEqual(TypedEqual):
    def convert(self, value):
        return super().convert(value).upper()


class QueueFilters(datamodel_filters.MongoEngineFilterConverter):
    """Text is searched from its start, as typed, or whole: the searches an index serves."""

    conversion_table = tuple(
        (test, [datamodel_filters.FilterBeginsWith, TypedEqual]) if test == "is_string"
        else (test, found) for test, found in datamodel_filters.MongoEngineFilterConverter.conversion_table)

    def convert(self, col_name):
        if col_name == "id_number":
            return [IdNumberBegins(col_name, self.datamodel), IdNumberEqual(col_name, self.datamodel)]
        return super().convert(col_name)


class QueueInterface(MongoEngineInterface):
    filter_converter_class = QueueFilters
    COUNTED_BY = {"type", "state"}  # the search filters the tallies count by, besides the base filters

    def __init__(self):
        super().__init__(Application)

    def query(self, filters=None, order_column="", order_direction="", page=None, page_size=None, **kwargs):
        """A queue's rows carry what it lists, never the whole application (data, history, attachments)."""
        return super().query(filters, order_column, order_direction, page, page_size, select_columns=LISTED)

    def known(self):
        """A university's majors, read for its scope already, name its rows' majors."""
        user = g.get("user")
        return {"major": {major.pk: major for major in staff_scope(user).majors}} if user is not None else {}

    def ordered(self, queryset, column, direction):
        """Ties in the column go by id, the same way, so pages and next-in-queue never repeat or skip one."""
        sign = "-" if direction == "desc" else "+"
        return queryset.order_by(f"{sign}{column}", f"{sign}id")

    def count(self, queryset, filters):
        tallied = self._tallied(filters) if g.get("queue_view") in (WAITING, ALL) else None
        if tallied is None:
            return queryset.count()
        kind, state = tallied.get("type"), tallied.get("state")
        waiting = g.get("queue_view") == WAITING
        return sum(row.waiting_n if waiting else row.n for row in queues.tallies(g.user)
                   if kind in (None, row.type) and state in (None, row.state))

    def _tallied(self, filters):
        """{column: value} of the equality filters the tallies count by, or None when another filter applies or the
        query is not a queue's (the tallies count within a user's scope and reach only)."""
        found, based = {}, set()
        for flt, value in active(filters):
            if isinstance(flt, (InReviewerScope, InReach, Waiting)):
                based.add(type(flt))
                continue
            values = value if isinstance(value, list) else [value]
            if (type(flt) is not TypedEqual or flt.column_name not in self.COUNTED_BY
                    or len(values) != 1 or flt.column_name in found):
                return None
            found[flt.column_name] = values[0]
        return found if {InReviewerScope, InReach} <= based else None

    def _get_attr_value(self, item, col):
        if col == "state":
            label = workflow_definitions.get(item.workflow_key, item.workflow_version).state_label(item.state)
            return _("%(state)s（超时）", state=label) if item.overdue_since else label
        return super()._get_attr_value(item, col)
