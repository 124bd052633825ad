"""Search by column type as FAB's search form sends it, on the demo store and on a real MongoDB: dates and times to
the precision typed, whole days for date-only columns."""
import datetime

import pytest

from app.datamodel import MongoEngineInterface
from app.models import AuditEntry, Candidate, District
from tests.fixtures import staff_client, text

MORNING, EVENING = datetime.datetime(2026, 11, 30, 10, 0), datetime.datetime(2026, 11, 30, 18, 30)


def search(datamodel, column, filter_name, value):
    filters = datamodel.get_filters([column]).add_filter(column, getattr(datamodel, filter_name), value)
    return datamodel.query(filters, order_column="at", order_direction="asc")[1]


@pytest.fixture
def trail(app_ctx, store):
    for at, summary in ((MORNING, "上午"), (EVENING, "晚上"), (MORNING - datetime.timedelta(days=1), "前一天")):
        AuditEntry(at=at, action="edit", model="Course", object_id="1", summary=summary).save()
    return MongoEngineInterface(AuditEntry)


@pytest.mark.parametrize("filter_name, typed, found", [
    ("FilterGreater", "2026-11-30 12:00:00", ["晚上"]),
    ("FilterSmaller", "2026-11-30 12:00:00", ["前一天", "上午"]),
    ("FilterEqual", "2026-11-30 10:00:00", ["上午"]),
    ("FilterNotEqual", "2026-11-30 10:00:00", ["前一天", "晚上"]),
    ("FilterEqual", "2026-11-30T18:30", ["晚上"]),  # as a datetime-local input sends it, to the minute
    ("FilterEqual", "2026-11-30 18:30:01", []),
    ("FilterGreater", "2026-11-30 18:29:59", ["晚上"]),
    ("FilterGreater", "2026-11-30 18:30", []),  # after that minute
    ("FilterSmaller", "2026-11-30 10:00:00", ["前一天"]),
    ("FilterEqual", "2026-11-30", ["上午", "晚上"]),  # a date alone is that whole day
    ("FilterGreater", "2026-11-29", ["上午", "晚上"]),
    ("FilterNotEqual", "2026-11-30", ["前一天"]),
])
def test_date_and_time_search_compares_as_precisely_as_typed(trail, filter_name, typed, found):
    assert [entry.summary for entry in search(trail, "at", filter_name, typed)] == found


@pytest.mark.parametrize("typed", ["not a date", "2026-13-01", "2026-11-30 25:00", "30/11/2026"])
def test_a_date_and_time_that_is_none_finds_nothing(trail, typed):
    assert search(trail, "at", "FilterEqual", typed) == []


def test_not_equal_keeps_documents_without_a_date(trail):
    AuditEntry(at=None, action="edit", model="Course", object_id="1", summary="无时间").save()

    assert "无时间" in [entry.summary for entry in search(trail, "at", "FilterNotEqual", "2026-11-30")]


@pytest.fixture
def births(app_ctx, store):
    district = District(code="120101", name="和平区").save()
    for n, birth in enumerate([datetime.date(1995, 6, 14), datetime.date(1995, 6, 15), datetime.date(1995, 6, 16)]):
        Candidate(exam_number=f"24012000000{n}", id_number=f"1201011995061{n}00{n}X"[:18], name=f"考生{n}",
                  phone=f"1380000000{n}", district=district, birth_date=birth, password_hash="x").save()
    return MongoEngineInterface(Candidate)


@pytest.mark.parametrize("filter_name, typed, found", [
    ("FilterEqual", "1995-06-15", ["考生1"]),
    ("FilterEqual", "1995-06-15 12:00:00", ["考生1"]),  # a time typed with a date-only column is ignored
    ("FilterGreater", "1995-06-15 00:00:00", ["考生2"]),
    ("FilterSmaller", "1995-06-15 23:59:59", ["考生0"]),
    ("FilterNotEqual", "1995-06-15", ["考生0", "考生2"]),
])
def test_date_only_columns_keep_whole_days(births, filter_name, typed, found):
    filters = births.get_filters(["birth_date"]).add_filter("birth_date", getattr(births, filter_name), typed)

    assert sorted(c.name for c in births.query(filters)[1]) == found


def test_the_audit_trail_page_searches_to_the_second(app, world):
    admin = staff_client(app, "admin")
    for at, summary in ((MORNING, "上午的修改"), (EVENING, "晚上的修改")):
        AuditEntry(at=at, action="edit", model="Course", object_id="1", summary=summary).save()
    filters = {"equal": 0, "greater": 1, "smaller": 2}

    def listed(kind, typed):
        page = text(admin.get(f"/auditview/list/?_flt_{filters[kind]}_at={typed}"))
        return [summary for summary in ("上午的修改", "晚上的修改") if summary in page]

    assert listed("greater", "2026-11-30 12:00:00") == ["晚上的修改"]
    assert listed("smaller", "2026-11-30 12:00:00") == ["上午的修改"]
    assert listed("equal", "2026-11-30 10:00:00") == ["上午的修改"]
