"""The exam plan service: each course's status and best score, the counts, the majors offered, the queries."""
import pytest

from app.models import Candidate, Course, Major, MajorPlan, PlanModule, Score
from bench.roundtrips import counting
from app.services import plan
from app.services.plan import EXEMPTED, FAILED, NOT_TAKEN, PASSED, TRANSFERRED


def candidate(exam_number):
    return Candidate.objects.get(exam_number=exam_number)


def statuses(shown):
    """{course code: (status, best mark)} over every module and elective group."""
    rows = [row for module in shown.modules for row in module.rows + [r for g in module.groups for r in g.rows]]
    return {row.course.code: (row.status, row.best.display_mark if row.best else None) for row in rows}


@pytest.mark.parametrize("exam_number, major, counts", [
    # (courses in the plan, passed, exempted, transferred in, credits earned)
    ("080105408130", "030101K", (14, 13, 0, 0, 56)),  # 张明: all but the elective 00261
    ("414817170542", "120103", (17, 15, 1, 0, 79)),  # 李华: 00015 英语(二) exempted, 00016 not taken
    ("011421104387", "120402", (17, 14, 1, 0, 74)),  # 王芳: 03708 exempted, 13000 not taken
    ("011422045126", "690206", (12, 7, 1, 0, 42)),  # 赵强: in progress
])
def test_the_demo_candidates_plans_are_counted(world, exam_number, major, counts):
    shown = plan.exam_plan(candidate(exam_number))

    summary = shown.summary
    assert shown.major.code == major
    assert (summary.courses, summary.passed, summary.exempted, summary.transferred, summary.credits) == counts


def test_li_huas_120103_plan_course_by_course(world):
    shown = plan.exam_plan(candidate("414817170542"))

    assert [m.name for m in shown.modules] == ["公共基础课", "专业课", "实践课", "毕业论文"]
    assert [(m.min_credits, m.credits) for m in shown.modules] == [(20, 20), (50, 50), (9, 9), (0, 0)]
    found = statuses(shown)
    assert found["00015"] == (EXEMPTED, "通过")
    assert found["00016"] == (NOT_TAKEN, None)
    assert found["05065"] == (PASSED, "93")
    assert shown.modules[0].groups[0].name == "外语(任选1门)" and shown.modules[0].groups[0].choose == 1


def test_a_course_failed_then_passed_shows_the_pass(world):
    found = statuses(plan.exam_plan(candidate("011421104387")))  # 王芳: 00316 52, then 64

    assert found["00316"] == (PASSED, "64")


def test_a_course_only_failed_is_failed_with_its_best_mark(world):
    zhao = candidate("011422045126")
    course = Course.objects.get(code="00261")
    for mark, sitting in ((41, "2023-10"), (55, "2024-04")):
        Score(candidate=zhao, exam_number=zhao.exam_number, course=course, mark=mark, sitting=sitting).save()

    assert statuses(plan.exam_plan(zhao))["00261"] == (FAILED, "55")


def test_a_transferred_in_course_counts_as_transferred(world):
    zhao = candidate("011422045126")
    Score(candidate=zhao, exam_number=zhao.exam_number, course=Course.objects.get(code="00261"), grade="合格",
          sitting="2024-04", source="transfer_in").save()

    shown = plan.exam_plan(zhao)

    assert statuses(shown)["00261"] == (TRANSFERRED, "合格")
    assert (shown.summary.transferred, shown.summary.credits) == (1, 47)


def test_the_pass_the_candidate_chose_is_the_one_shown(world):
    zhang = candidate("080105408130")
    course = Course.objects.get(code="00226")
    Score(candidate=zhang, exam_number="019901234567", course=course, mark=90, sitting="2000-10",
          counts=False).save()

    assert statuses(plan.exam_plan(zhang))["00226"] == (PASSED, "81")


def test_majors_offered_are_their_own_first_then_those_sharing_their_courses(world):
    shown = plan.exam_plan(candidate("011422045126"))  # 赵强, 690206; his courses also sit in 120402's plan

    assert [m.code for m in shown.majors] == ["690206", "120402"]


def test_another_major_is_shown_on_request_and_an_unrelated_one_is_refused(world):
    zhang = candidate("080105408130")

    other = plan.exam_plan(zhang, "120103")

    assert other.major.code == "120103" and statuses(other)["02628"] == (PASSED, "69")
    assert plan.exam_plan(zhang, "999999") is None


def test_a_candidate_without_major_or_scores_has_nothing_to_show(world):
    newcomer = candidate("414817170542")
    Score.objects(candidate=newcomer).delete()
    newcomer.major = None
    newcomer.save()

    shown = plan.exam_plan(newcomer)

    assert (shown.major, shown.majors, shown.modules) == (None, [], [])


def test_a_major_without_a_plan_says_so(world):
    zhao = candidate("011422045126")
    MajorPlan.objects(major=Major.objects.get(code="690206")).delete()

    shown = plan.exam_plan(zhao)

    assert shown.major.code == "690206" and shown.plan is None and shown.modules == []


def test_queries_do_not_grow_with_the_plan(world):
    li = Candidate.objects(exam_number="414817170542").select_related(max_depth=1)[0]  # as a page loads it

    def queries():
        with counting() as trips:
            plan.exam_plan(li)
        return trips.mongo

    before = queries()
    module = PlanModule.objects(plan=MajorPlan.objects.get(major=li.major)).first()
    extra = [Course(code=f"9{n:04d}", name=f"新课程{n}", credits=3).save() for n in range(30)]
    module.required_courses += extra
    module.save()
    for course in extra:
        Score(candidate=li, exam_number=li.exam_number, course=course, mark=70, sitting="2024-04").save()

    assert queries() == before == 10  # the scores in two (the sittings not published yet, then the scores)
    assert plan.exam_plan(li).summary.courses == 47
