"""The MongoEngine datamodel as FAB's views use it: paging, sorting, filters, get, writes; each on the demo store
and on a real MongoDB when one is configured."""
import datetime

import bson
import pytest

from app.datamodel import FieldErrors, MongoEngineInterface
from app.models import Candidate, Course, District, ElectiveGroup, Major, MajorPlan, PlanModule, University


@pytest.fixture(autouse=True)
def on_each_store(store):
    """Every case runs on the demo store, and on MongoDB when TEST_MONGODB_URI is set."""


@pytest.fixture
def courses(app_ctx):
    for n in range(25):
        Course(code=f"{10000 + n}", name=f"课程{n:02d}", credits=n % 7 + 1,
               kind="practice" if n % 5 == 0 else "theory").save()
    return MongoEngineInterface(Course)


def search(datamodel, column, filter_name, value):
    filters = datamodel.get_filters([column]).add_filter(column, getattr(datamodel, filter_name), value)
    return datamodel.query(filters)


def test_query_pages_and_counts_before_paging(courses):
    count, page = courses.query(order_column="code", order_direction="asc", page=2, page_size=10)

    assert count == 25
    assert [c.code for c in page] == [f"{10020 + n}" for n in range(5)]


@pytest.mark.parametrize("direction, first, last", [("asc", "10000", "10024"), ("desc", "10024", "10000")])
def test_sort_direction_is_the_one_asked_for(courses, direction, first, last):
    _count, items = courses.query(order_column="code", order_direction=direction)

    assert (items[0].code, items[-1].code) == (first, last)


def test_string_filters(courses):
    assert search(courses, "name", "FilterContains", "课程0")[0] == 10
    assert search(courses, "name", "FilterEqual", "课程07")[1][0].code == "10007"
    assert search(courses, "name", "FilterStartsWith", "课程2")[0] == 5
    assert search(courses, "name", "FilterNotContains", "课程0")[0] == 15


@pytest.mark.parametrize("filter_name, typed, found", [("FilterContains", "程\x00甲", 1), ("FilterStartsWith", "课程\x00", 1),
                                                      ("FilterNotContains", "\x00", 25), ("FilterContains", ".*", 0)])
def test_text_filters_find_text_with_a_nul_byte_by_a_query_mongodb_takes(courses, filter_name, typed, found):
    Course(code="10099", name="课程\x00甲", credits=1).save()
    filters = courses.get_filters(["name"]).add_filter("name", getattr(courses, filter_name), typed)

    assert courses.query(filters)[0] == found
    bson.encode(filters.apply_all(Course.objects)._query)  # BSON refuses a NUL byte inside a pattern


def test_integer_filters_read_the_typed_text_as_a_number(courses):
    assert search(courses, "credits", "FilterGreater", "6")[0] == sum(1 for n in range(25) if n % 7 + 1 > 6)
    assert search(courses, "credits", "FilterEqual", "1")[0] == sum(1 for n in range(25) if n % 7 == 0)


def test_a_value_that_is_not_a_number_matches_nothing_rather_than_failing(courses):
    assert search(courses, "credits", "FilterEqual", "abc") == (0, [])


def test_choice_filter_and_choice_labels(courses):
    count, items = search(courses, "kind", "FilterEqual", "practice")

    assert count == 5
    assert courses.get_values_item(items[0], ["kind"]) == ["实践"]


def test_boolean_filter(app_ctx):
    District(code="120101", name="和平区", active=True).save()
    District(code="120102", name="河东区", active=False).save()
    districts = MongoEngineInterface(District)

    assert [d.name for d in search(districts, "active", "FilterEqual", "y")[1]] == ["和平区"]


@pytest.fixture
def people(app_ctx):
    district = District(code="120101", name="和平区").save()
    for n, birth in enumerate([datetime.date(1990, 5, 1), datetime.date(1995, 6, 15), datetime.date(2000, 1, 2)]):
        Candidate(exam_number=f"24012000000{n}", id_number=f"12010119900501{n:03d}X"[:18], name=f"考生{n}",
                  phone=f"1380000000{n}", district=district, birth_date=birth, password_hash="x",
                  registered_at=datetime.datetime(2024, 3, 1 + n, 10, 30)).save()
    return MongoEngineInterface(Candidate)


def test_date_filters(people):
    assert [c.name for c in search(people, "birth_date", "FilterEqual", "1995-06-15")[1]] == ["考生1"]
    assert search(people, "birth_date", "FilterGreater", "1995-06-15")[0] == 1
    assert search(people, "birth_date", "FilterSmaller", "1995-06-15")[0] == 1
    assert search(people, "birth_date", "FilterEqual", "not a date") == (0, [])


def test_datetime_equal_means_the_whole_day(people):
    assert [c.name for c in search(people, "registered_at", "FilterEqual", "2024-03-02")[1]] == ["考生1"]
    assert search(people, "registered_at", "FilterNotEqual", "2024-03-02")[0] == 2


def test_reference_filters_by_key(app_ctx):
    a = University(code="10065", name="天津师范大学").save()
    b = University(code="10108", name="山西大学").save()
    Major(code="030101K", name="法学", level="本科", university=a).save()
    Major(code="690206", name="行政管理", level="专科", university=b).save()
    majors = MongoEngineInterface(Major)

    assert [m.code for m in search(majors, "university", "FilterRelationOneToManyEqual", str(b.pk))[1]] == ["690206"]
    assert search(majors, "university", "FilterRelationOneToManyEqual", "not-an-id") == (0, [])


def test_list_of_references_filter_and_display(app_ctx):
    law = Course(code="00261", name="行政法学", credits=5).save()
    other = Course(code="00312", name="政治学概论", credits=6).save()
    university = University(code="10108", name="山西大学").save()
    plan = MajorPlan(major=Major(code="690206", name="行政管理", level="专科", university=university).save(),
                     total_min_credits=50).save()
    PlanModule(plan=plan, name="核心", required_courses=[law, other]).save()
    PlanModule(plan=plan, name="基础", order=2, required_courses=[other]).save()
    modules = MongoEngineInterface(PlanModule)

    count, items = search(modules, "required_courses", "FilterRelationManyToManyEqual", str(law.pk))

    assert [m.name for m in items] == ["核心"]
    assert modules.get_values_item(items[0], ["required_courses"]) == ["00261 行政法学、00312 政治学概论"]


def test_get_answers_none_for_malformed_or_unknown_keys(courses):
    assert courses.get("not-an-object-id") is None
    assert courses.get("0123456789ab0123456789ab") is None
    some = Course.objects.first()
    assert courses.get(str(some.pk)).code == some.code


def test_keys_go_out_as_text(courses):
    items = courses.query(page=0, page_size=2)[1]

    assert courses.get_keys(items) == [str(i.pk) for i in items]
    assert all(isinstance(k, str) for k in courses.get_keys(items))


def test_get_respects_base_filters(courses):
    practice_only = courses.get_filters().add_filter("kind", courses.FilterEqual, "practice")
    theory = Course.objects(kind="theory").first()

    assert courses.get(str(theory.pk), practice_only) is None


def test_add_raises_with_a_message_per_field_instead_of_returning_false(app_ctx):
    datamodel = MongoEngineInterface(Course)
    Course(code="00261", name="行政法学", credits=5).save()

    with pytest.raises(FieldErrors) as duplicate:
        datamodel.add(Course(code="00261", name="重复", credits=5))
    with pytest.raises(FieldErrors) as invalid:
        datamodel.add(Course(code="261", name="太短", credits=5))

    assert duplicate.value.errors == {"code": "该值已被使用。"}
    assert invalid.value.errors == {"code": "课程代码为5位数字。"}
    assert Course.objects.count() == 1


def test_a_rule_of_the_documents_own_clean_keeps_its_message(app_ctx):
    module = PlanModule(plan=MajorPlan(major=Major(
        code="690206", name="行政管理", level="专科",
        university=University(code="10108", name="山西大学").save()).save(), total_min_credits=50).save(),
        name="选修").save()
    course = Course(code="00321", name="中国文化概论", credits=5).save()

    with pytest.raises(FieldErrors) as refused:
        MongoEngineInterface(ElectiveGroup).add(ElectiveGroup(module=module, name="选考", choose=3, courses=[course]))

    assert refused.value.errors == {"choose": "选考门数不能多于可选课程数。"}


def test_a_required_field_left_out_is_refused_by_name(app_ctx):
    with pytest.raises(FieldErrors) as refused:
        MongoEngineInterface(Course).add(Course(code="00261", credits=5))

    assert list(refused.value.errors) == ["name"]
    assert Course.objects.count() == 0


def test_edit_and_delete(courses):
    course = courses.get(str(Course.objects.get(code="10003").pk))
    course.name = "改过的名称"

    courses.edit(course)
    courses.delete(courses.get(str(Course.objects.get(code="10004").pk)))

    assert Course.objects.get(code="10003").name == "改过的名称"
    assert not Course.objects(code="10004").first() and Course.objects.count() == 24


def test_a_list_names_references_from_what_it_knows_a_single_record_reads_them_whole(app_ctx):
    university = University(code="10108", name="山西大学").save()
    major = Major(code="690206", name="行政管理", level="专科", university=university).save()

    class KnowsCodes(MongoEngineInterface):
        def known(self):
            return {"university": {university.pk: University.objects.only("code").get(pk=university.pk)}}

    majors = KnowsCodes(Major)

    assert majors.query(select_columns=["code", "university"])[1][0].university.name is None
    assert majors.get(str(major.pk)).university.name == "山西大学"
