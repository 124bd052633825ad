"""Search filters for MongoEngine querysets, in the shape FAB 5's views expect.

The classes deliberately leave `arg_name` unset: FAB registers any filter with
an `arg_name` in its process-wide REST map, which would replace the SQLAlchemy
filters that FAB's own security API relies on.
"""
import datetime
import re
from abc import ABCMeta, abstractmethod
from typing import NamedTuple

from bson import ObjectId
from flask_appbuilder.models.filters import BaseFilter, BaseFilterConverter, FilterRelation
from flask_babel import lazy_gettext as _l
from mongoengine.queryset.visitor import Q

__all__ = [
    "MongoEngineFilterConverter",
    "FilterEqual",
    "FilterNotEqual",
    "FilterContains",
    "FilterNotContains",
    "FilterStartsWith",
    "FilterNotStartsWith",
    "FilterEndsWith",
    "FilterNotEndsWith",
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


# A date, optionally with a time to the minute, second or fraction of a second, as typed in a search form or sent
# by a date or datetime-local input.
TYPED_MOMENT = re.compile(
    r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*"
)


class Moment(NamedTuple):
    """The stretch of time a typed date or date-and-time names, [start, end), as precise as it was typed: a date is
    that day, "10:00" that minute, "10:00:00" that second."""

    start: datetime.datetime
    end: datetime.datetime

    @classmethod
    def day(cls, value):
        start = datetime.datetime.combine(value.date() if isinstance(value, datetime.datetime) else value,
                                          datetime.time())
        return cls(start, start + datetime.timedelta(days=1))

    @classmethod
    def parse(cls, text):
        """The moment `text` names; raises ValueError for text that is no date."""
        if isinstance(text, datetime.datetime):
            return cls(text, text + datetime.timedelta(microseconds=1))
        if isinstance(text, datetime.date):
            return cls.day(text)
        match = TYPED_MOMENT.fullmatch(str(text))
        if match is None:
            raise ValueError(text)
        year, month, day, hour, minute, second, fraction = match.groups()
        if hour is None:
            return cls.day(datetime.date(int(year), int(month), int(day)))
        start = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
                                  int((fraction or "0").ljust(6, "0")))
        if fraction is not None:
            step = datetime.timedelta(microseconds=10 ** (6 - len(fraction)))
        else:
            step = datetime.timedelta(seconds=1 if second is not None else 60)
        return cls(start, start + step)


class MongoFilter(BaseFilter, metaclass=ABCMeta):
    """Converts the text a user typed into the column's type before filtering.

    Dates and times become a `Moment`: date columns compare whole days (a time typed with the date is ignored),
    date-and-time columns compare as precisely as the value was typed."""

    def convert(self, value):
        dm, col = self.datamodel, self.column_name
        try:
            if dm.is_boolean(col):
                return value in (True, "y", "1", "true", "on")
            if dm.is_integer(col):
                return int(value)
            if dm.is_float(col):
                return float(value)
            if dm.is_date(col):
                return Moment.day(Moment.parse(value).start)
            if dm.is_datetime(col):
                return Moment.parse(value)
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


class FilterEqual(MongoFilter):
    name = _l("等于")

    def apply_converted(self, query, value):
        if isinstance(value, Moment):
            return query.filter(**{f"{self.column_name}__gte": value.start, f"{self.column_name}__lt": value.end})
        return query.filter(**{self.column_name: value})


class FilterNotEqual(MongoFilter):
    """Not the value; a document without one is not equal to it."""

    name = _l("不等于")

    def apply_converted(self, query, value):
        col = self.column_name
        if isinstance(value, Moment):
            return query.filter(Q(**{f"{col}__lt": value.start}) | Q(**{f"{col}__gte": value.end})
                                | Q(**{col: None}))
        return query.filter(**{f"{col}__ne": value})


class FilterGreater(MongoFilter):
    """After the value: for a moment, after all of it (大于 a day is from the next day on)."""

    name = _l("大于")

    def apply_converted(self, query, value):
        if isinstance(value, Moment):
            return query.filter(**{f"{self.column_name}__gte": value.end})
        return query.filter(**{f"{self.column_name}__gt": value})


class FilterSmaller(MongoFilter):
    """Before the value: for a moment, before its start."""

    name = _l("小于")

    def apply_converted(self, query, value):
        if isinstance(value, Moment):
            value = value.start
        return query.filter(**{f"{self.column_name}__lt": value})


class TextFilter(MongoFilter):
    """The typed text in the column, ignoring case unless the datamodel is case-sensitive, by a pattern made here:
    MongoEngine would copy a NUL byte of the text into the pattern, which BSON cannot carry, and a real MongoDB would
    fail the query."""

    pattern = "{}"
    negate = False

    def flags(self):
        return 0 if self.datamodel.case_sensitive else re.IGNORECASE

    def apply_converted(self, query, value):
        text = re.escape(str(value)).replace("\x00", r"\x00")
        regex = re.compile(self.pattern.format(text), self.flags())
        return query.filter(**{f"{self.column_name}__not" if self.negate else self.column_name: regex})


class FilterContains(TextFilter):
    name = _l("包含")


class FilterNotContains(TextFilter):
    name = _l("不包含")
    negate = True


class FilterStartsWith(TextFilter):
    name = _l("开头是")
    pattern = "^{}"


class FilterNotStartsWith(TextFilter):
    name = _l("开头不是")
    pattern = "^{}"
    negate = True


class FilterEndsWith(TextFilter):
    name = _l("结尾是")
    pattern = "{}$"


class FilterNotEndsWith(TextFilter):
    name = _l("结尾不是")
    pattern = "{}$"
    negate = True


class FilterBeginsWith(TextFilter):
    """The column starts with the typed text, as typed: the one text search an index serves."""

    name = _l("开头是")
    pattern = "^{}"

    def flags(self):
        return 0

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
        ("is_upload", []),
        ("is_relation_many_to_one", [FilterRelationOneToManyEqual]),
        ("is_relation_many_to_many", [FilterRelationManyToManyEqual]),
        ("is_enum", [FilterEqual, FilterNotEqual]),
        ("is_boolean", [FilterEqual, FilterNotEqual]),
        ("is_date", [FilterEqual, FilterGreater, FilterSmaller, FilterNotEqual]),
        ("is_datetime", [FilterEqual, FilterGreater, FilterSmaller, FilterNotEqual]),
        ("is_integer", [FilterEqual, FilterGreater, FilterSmaller, FilterNotEqual]),
        ("is_float", [FilterEqual, FilterGreater, FilterSmaller, FilterNotEqual]),
        ("is_string", [FilterContains, FilterEqual, FilterStartsWith, FilterNotContains, FilterNotEqual,
                       FilterNotStartsWith, FilterEndsWith, FilterNotEndsWith]),
    )
