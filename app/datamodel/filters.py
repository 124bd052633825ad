"""Search filters for MongoEngine querysets, in the shape FAB 5's views expect.

The classes deliberately leave `arg_name` unset: FAB registers any filter with
an `arg_name` in its process-wide REST map, which would replace the SQLAlchemy
filters that FAB's own security API relies on.
"""
import datetime
import re
from abc import ABCMeta, abstractmethod

from bson import ObjectId
from dateutil import parser as date_parser
from flask_appbuilder.models.filters import BaseFilter, BaseFilterConverter, FilterRelation
from flask_babel import lazy_gettext as _l

__all__ = [
    "MongoEngineFilterConverter",
    "FilterEqual",
    "FilterNotEqual",
    "FilterContains",
    "FilterNotContains",
    "FilterStartsWith",
    "FilterBeginsWith",
    "FilterGreater",
    "FilterSmaller",
    "FilterEqualFunction",
    "FilterIn",
    "FilterRelationOneToManyEqual",
    "FilterRelationManyToManyEqual",
]


class Unconvertible(ValueError):
    """A filter value that cannot be read as the column's type."""


def _match_nothing(query):
    return query.filter(pk__in=[])


class MongoFilter(BaseFilter, metaclass=ABCMeta):
    """Converts the text a user typed into the column's type before filtering."""

    def convert(self, value):
        dm, col = self.datamodel, self.column_name
        try:
            if dm.is_boolean(col):
                return value in (True, "y", "1", "true", "on")
            if dm.is_integer(col):
                return int(value)
            if dm.is_float(col):
                return float(value)
            if dm.is_date(col) or dm.is_datetime(col):
                if isinstance(value, datetime.date):
                    return value
                return date_parser.parse(value)
        except (TypeError, ValueError, OverflowError) as error:
            raise Unconvertible(value) from error
        return value

    def apply(self, query, value):
        try:
            value = self.convert(value)
        except Unconvertible:
            return _match_nothing(query)
        return self.apply_converted(query, value)

    @abstractmethod
    def apply_converted(self, query, value):
        """Filter `query` by the converted value."""

    def day_range(self, value):
        """For date columns, a bare date means that whole day."""
        start = datetime.datetime.combine(
            value.date() if isinstance(value, datetime.datetime) else value, datetime.time()
        )
        return start, start + datetime.timedelta(days=1)

    def is_temporal(self):
        return self.datamodel.is_date(self.column_name) or self.datamodel.is_datetime(self.column_name)


class FilterEqual(MongoFilter):
    name = _l("等于")

    def apply_converted(self, query, value):
        if self.is_temporal():
            start, end = self.day_range(value)
            return query.filter(**{f"{self.column_name}__gte": start, f"{self.column_name}__lt": end})
        return query.filter(**{self.column_name: value})


class FilterNotEqual(MongoFilter):
    name = _l("不等于")

    def apply_converted(self, query, value):
        if self.is_temporal():
            start, end = self.day_range(value)
            col = self.column_name
            return query.filter(__raw__={"$or": [
                {self.datamodel.db_field(col): {"$lt": start}},
                {self.datamodel.db_field(col): {"$gte": end}},
            ]})
        return query.filter(**{f"{self.column_name}__ne": value})


class FilterGreater(MongoFilter):
    name = _l("大于")

    def apply_converted(self, query, value):
        if self.is_temporal():
            value = self.day_range(value)[1]
            return query.filter(**{f"{self.column_name}__gte": value})
        return query.filter(**{f"{self.column_name}__gt": value})


class FilterSmaller(MongoFilter):
    name = _l("小于")

    def apply_converted(self, query, value):
        if self.is_temporal():
            value = self.day_range(value)[0]
        return query.filter(**{f"{self.column_name}__lt": value})


class TextFilter(MongoFilter):
    """The typed text in the column, ignoring case, by a pattern made here: MongoEngine would copy a NUL byte of
    the text into the pattern, which BSON cannot carry, and a real MongoDB would fail the query."""

    pattern = "{}"
    negate = False
    flags = re.IGNORECASE

    def apply_converted(self, query, value):
        text = re.escape(str(value)).replace("\x00", r"\x00")
        regex = re.compile(self.pattern.format(text), self.flags)
        return query.filter(**{f"{self.column_name}__not" if self.negate else self.column_name: regex})


class FilterContains(TextFilter):
    name = _l("包含")


class FilterNotContains(TextFilter):
    name = _l("不包含")
    negate = True


class FilterStartsWith(TextFilter):
    name = _l("开头是")
    pattern = "^{}"


class FilterBeginsWith(TextFilter):
    """The column starts with the typed text, as typed: the one text search an index serves."""

    name = _l("开头是")
    pattern = "^{}"
    flags = 0

    def convert(self, value):
        return str(value).strip()


class FilterIn(MongoFilter):
    """One of several values; used by scope rules (`base_filters`) rather than by the search form."""

    name = _l("属于")

    def apply(self, query, value):
        values = value() if callable(value) else value
        return query.filter(**{f"{self.column_name}__in": list(values)})


class FilterEqualFunction(BaseFilter):
    """Equal to what a function returns at query time, e.g. the current reviewer's district."""

    name = _l("等于（计算值）")

    def apply(self, query, func):
        return query.filter(**{self.column_name: func()})


def _object_id(value):
    if isinstance(value, ObjectId):
        return value
    if hasattr(value, "pk"):
        return value.pk
    if ObjectId.is_valid(str(value)):
        return ObjectId(str(value))
    raise Unconvertible(value)


class FilterRelationOneToManyEqual(FilterRelation):
    name = _l("关联于")

    def apply(self, query, value):
        try:
            return query.filter(**{self.column_name: _object_id(value)})
        except Unconvertible:
            return _match_nothing(query)


class FilterRelationManyToManyEqual(FilterRelation):
    name = _l("包含关联")

    def apply(self, query, value):
        try:
            return query.filter(**{self.column_name: _object_id(value)})
        except Unconvertible:
            return _match_nothing(query)


class MongoEngineFilterConverter(BaseFilterConverter):
    """Which filters a column offers, by its type. Order matters: first match wins."""

    conversion_table = (
        ("is_pk", [FilterRelationOneToManyEqual]),
        ("is_unsupported", []),
        ("is_relation_many_to_one", [FilterRelationOneToManyEqual]),
        ("is_relation_many_to_many", [FilterRelationManyToManyEqual]),
        ("is_enum", [FilterEqual, FilterNotEqual]),
        ("is_boolean", [FilterEqual, FilterNotEqual]),
        ("is_date", [FilterEqual, FilterGreater, FilterSmaller, FilterNotEqual]),
        ("is_datetime", [FilterEqual, FilterGreater, FilterSmaller, FilterNotEqual]),
        ("is_integer", [FilterEqual, FilterGreater, FilterSmaller, FilterNotEqual]),
        ("is_float", [FilterEqual, FilterGreater, FilterSmaller, FilterNotEqual]),
        ("is_string", [FilterContains, FilterEqual, FilterStartsWith, FilterNotContains, FilterNotEqual]),
    )
