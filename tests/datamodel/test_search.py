"""Search by column type as FAB's search form sends it, on the demo store and on a real MongoDB: dates and times to
the precision typed, whole days for date-only columns."""
import datetime
import json
import re

import pytest

from app.datamodel import MongoEngineInterface
from app.models import AuditEntry, Candidate, Course, District, Major, University
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


@pytest.fixture
def courses(app_ctx, store):
    for code, name in (("00001", "English Reading"), ("00002", "english writing"), ("00003", "高等数学（一）"),
                       ("00004", "线性代数"), ("00005", "高等数学（二）")):
        Course(code=code, name=name, credits=4).save()
    return MongoEngineInterface(Course)


@pytest.mark.parametrize("filter_name, typed, found", [
    ("FilterNotStartsWith", "高等", ["00001", "00002", "00004"]),
    ("FilterEndsWith", "（一）", ["00003"]),
    ("FilterNotEndsWith", "（二）", ["00001", "00002", "00003", "00004"]),
    ("FilterEndsWith", "WRITING", ["00002"]),  # case is ignored unless the view asks otherwise
    ("FilterStartsWith", "english", ["00001", "00002"]),
    ("FilterNotStartsWith", "ENGLISH", ["00003", "00004", "00005"]),
    ("FilterEndsWith", ".*", []),  # typed text, never a pattern
])
def test_text_operators(courses, filter_name, typed, found):
    filters = courses.get_filters(["name"]).add_filter("name", getattr(courses, filter_name), typed)

    assert sorted(c.code for c in courses.query(filters)[1]) == found


@pytest.mark.parametrize("filter_name, typed, found", [
    ("FilterStartsWith", "english", ["00002"]),
    ("FilterContains", "Read", ["00001"]),
    ("FilterContains", "read", []),
    ("FilterNotContains", "english", ["00001", "00003", "00004", "00005"]),
    ("FilterEndsWith", "WRITING", []),
])
def test_a_view_may_ask_for_case_sensitive_text_search(courses, filter_name, typed, found):
    exact = MongoEngineInterface(Course, case_sensitive=True)
    filters = exact.get_filters(["name"]).add_filter("name", getattr(exact, filter_name), typed)

    assert sorted(c.code for c in exact.query(filters)[1]) == found


def test_every_text_operator_is_offered_in_the_search_form(admin_client):
    page = admin_client.get("/courseview/list/").get_data(True)
    offered = json.loads(re.search(r'"name": (\[[^\]]*\])', page).group(1))  # the filters the search form adds

    assert offered == ["包含", "等于", "开头是", "不包含", "不等于", "开头不是", "结尾是", "结尾不是"]


@pytest.fixture
def majors(app_ctx, store):
    for code, name in (("10065", "天津师范大学"), ("10108", "山西大学"), ("10247", "同济大学")):
        university = University(code=code, name=name).save()
        for n in range(3):
            Major(code=f"{code[-2:]}010{n}", name=f"{name}专业{n}", level="专科", university=university).save()
    return MongoEngineInterface(Major)


@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_sorting_by_a_field_of_the_referenced_document_pages_through_every_row_once(majors, direction):
    pages = [majors.query(order_column="university.name", order_direction=direction, page=n, page_size=4)
             for n in range(3)]
    rows = [major for _count, page in pages for major in page]
    names = [major.university.name for major in rows]

    assert [count for count, _page in pages] == [9, 9, 9]
    assert names == sorted(names, reverse=direction == "desc")
    assert len({major.pk for major in rows}) == 9


def test_a_row_whose_referenced_document_is_gone_sorts_as_empty(majors):
    gone = University.objects.get(code="10108")
    University._get_collection().delete_one({"_id": gone.pk})

    rows = majors.query(order_column="university.name", order_direction="asc")[1]

    assert [str(majors.get_values_item(m, ["university.name"])[0]) for m in rows][:3] == ["（已删除）"] * 3


def test_only_a_single_references_own_fields_are_sortable(majors):
    assert majors.get_order_columns_list(["code", "university.name", "university.nothing", "university.code.x",
                                          "name.other"]) == ["code", "university.name"]


def test_the_majors_list_sorts_by_university_name_from_its_header(admin_client):
    ascending = admin_client.get("/majorview/list/?psize_MajorView=100&_oc_MajorView=university.name&_od_MajorView=asc")
    descending = admin_client.get("/majorview/list/?psize_MajorView=100&_oc_MajorView=university.name"
                                  "&_od_MajorView=desc")
    names = sorted({str(m.university) for m in Major.objects})

    assert "_oc_MajorView=university.name" in ascending.get_data(True)  # the header's sort link
    first, last = names[0], names[-1]
    assert text(ascending).index(first) < text(ascending).index(last)
    assert text(descending).index(last) < text(descending).index(first)


def test_a_list_is_not_sorted_by_a_column_the_view_does_not_offer(admin_client):
    response = admin_client.get("/majorview/list/?_oc_MajorView=university.contact&_od_MajorView=asc")

    assert response.status_code == 400
