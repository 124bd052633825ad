"""Importing the catalogue: courses and majors by code with the models' own rules, and plans replaced wholly."""
import pytest

from app.models import Course, ElectiveGroup, Major, MajorPlan, PlanModule

from .fixtures import commit, counts, problems, upload, xlsx

COURSES = ("课程代码", "课程名称", "学分", "类型", "教材")
MAJORS = ("专业代码", "专业名称", "层次", "主考院校代码", "状态")
PLANS = ("专业代码", "毕业最低总学分", "模块顺序", "模块名称", "模块最低学分", "课程代码", "选考组名称", "至少选考门数")


def test_courses_are_added_and_changed_by_code(admin_client, world):
    known = Course.objects.first()
    page = upload(admin_client, "courses", xlsx(COURSES, [("99001", "数据导入实务", 4, "实践", "自编教材"),
                                                          (known.code, known.name, known.credits, "", None),
                                                          (int(known.code), known.name + "（新）", known.credits, "", "")]))
    assert counts(page)["new"] == 1 and counts(page)["refused"] == 1  # the third repeats the second's code
    commit(admin_client)
    added = Course.objects.get(code="99001")
    assert (added.name, added.credits, added.kind, added.textbook) == ("数据导入实务", 4, "practice", "自编教材")


@pytest.mark.parametrize("cells, column, message", [
    (("9901", "名称", 4, "", ""), "课程代码", "课程代码为5位数字"),
    (("99001", "名称", 31, "", ""), "学分", "学分为0–30的整数"),
    (("99001", "名称", "四", "", ""), "学分", "应填写整数"),
    (("99001", "名称", 4, "讲座", ""), "类型", "应填写理论、实践、论文之一"),
    (("99001", "名" * 101, 4, "", ""), "课程名称", "不能超过100个字"),
    (("99001", "", 4, "", ""), "课程名称", "请填写课程名称"),
])
def test_a_bad_course_is_refused_with_its_reason(admin_client, world, cells, column, message):
    page = upload(admin_client, "courses", xlsx(COURSES, [cells]))
    assert any(row == "2" and shown == column and message in reason for row, shown, reason in problems(page)), \
        problems(page)


def test_majors_are_imported_and_an_unknown_university_refused(admin_client, world):
    page = upload(admin_client, "majors", xlsx(MAJORS, [("080901", "计算机科学与技术", "本科", "10065", "开考"),
                                                        ("080902", "软件工程", "专科", "99999", ""),
                                                        ("08090", "软件", "硕士", "10065", "")]))
    found = problems(page)
    assert ("3", "主考院校代码", "主考院校代码 99999 不存在。") in found
    assert any(row == "4" and column == "专业代码" for row, column, _message in found)
    assert any(row == "4" and column == "层次" and "专科、本科(专升本)" in message for row, column, message in found)
    commit(admin_client, "valid")
    major = Major.objects.get(code="080901")
    assert (major.level, major.university.code, major.status) == ("本科", "10065", "open")


def _plan_rows(major, total=70):
    courses = list(Course.objects.order_by("code").scalar("code")[:5])
    return [(major, total, 1, "公共基础课", 10, courses[0], "", ""),
            (major, total, 1, "公共基础课", 10, courses[1], "", ""),
            (major, total, 2, "选修课", 4, courses[2], "选修一组", 1),
            (major, total, 2, "选修课", 4, courses[3], "选修一组", 1)], courses


def test_a_plan_is_built_then_replaced_wholly_and_unchanged_twice(admin_client, world):
    major = Major.objects.first()
    rows, courses = _plan_rows(major.code)
    upload(admin_client, "plans", xlsx(PLANS, rows))
    commit(admin_client)
    plan = MajorPlan.objects.get(major=major)
    modules = list(PlanModule.objects(plan=plan).order_by("order"))
    assert [(m.order, m.name, [c.code for c in m.required_courses]) for m in modules] == [
        (1, "公共基础课", courses[:2]), (2, "选修课", [])]
    group = ElectiveGroup.objects.get(module=modules[1])
    assert (group.name, group.choose, [c.code for c in group.courses]) == ("选修一组", 1, courses[2:4])

    assert counts(upload(admin_client, "plans", xlsx(PLANS, rows)))["unchanged"] == 4

    page = upload(admin_client, "plans", xlsx(PLANS, rows[:3]))
    assert counts(page)["changed"] == 3
    commit(admin_client)
    assert PlanModule.objects(plan=plan).count() == 2
    assert [c.code for c in ElectiveGroup.objects.get(module__in=PlanModule.objects(plan=plan)).courses] == courses[2:3]


def test_a_bad_row_refuses_its_whole_plan(admin_client, world):
    major = Major.objects.first()
    rows, courses = _plan_rows(major.code)
    differing = [*rows[:3], rows[3][:7] + (3,)]  # choose 3 of a group, unlike its first row
    found = problems(upload(admin_client, "plans", xlsx(PLANS, differing)))
    assert ("5", "至少选考门数", "选考组“选修一组”在第4行的至少选考门数与此行不同。") in found
    assert ("2", "专业代码", "本专业计划的第5行有误，整个专业计划不导入。") in found

    stored = (MajorPlan.objects.count(), PlanModule.objects.count(), ElectiveGroup.objects.count())
    page = upload(admin_client, "plans", xlsx(PLANS, [*rows, (major.code, 70, 2, "选修课", 4, "99999", "", "")]))
    assert ("6", "课程代码", "课程目录中没有课程代码 99999。") in problems(page)
    assert counts(page)["refused"] == 5
    commit(admin_client, "valid")
    assert (MajorPlan.objects.count(), PlanModule.objects.count(), ElectiveGroup.objects.count()) == stored


def test_a_group_choosing_more_than_it_offers_is_refused_by_the_model(admin_client, world):
    major = Major.objects.first()
    rows, _courses = _plan_rows(major.code)
    rows = [row[:7] + (3,) if row[6] else row for row in rows]
    page = upload(admin_client, "plans", xlsx(PLANS, rows))
    assert any(column == "至少选考门数" and "选考门数不能多于可选课程数" in message for _row, column, message in problems(page))


def test_a_plans_commit_makes_as_many_round_trips_whatever_the_plans_and_modules(admin_client, world):
    from bench.roundtrips import counting

    majors = list(Major.objects.order_by("code").limit(4))
    assert len(majors) == 4
    trips = {}
    for count in (1, 4):
        rows = [row for major in majors[:count] for row in _plan_rows(major.code, total=60 + count)[0]]
        upload(admin_client, "plans", xlsx(PLANS, rows))
        with counting() as counted:
            commit(admin_client)
        trips[count] = counted.mongo
    assert trips[1] == trips[4], trips
    for major in majors:
        plan = MajorPlan.objects.get(major=major)
        assert plan.total_min_credits == 64
        modules = list(PlanModule.objects(plan=plan).order_by("order"))
        assert [len(m.required_courses) for m in modules] == [2, 0]
        assert [len(g.courses) for g in ElectiveGroup.objects(module=modules[1])] == [2]
