"""The thesis qualification rule as a pure guard: a GuardContext built in memory, a plan and scores as plain facts,
no store."""
import pytest

from app.services.graduation_audit import CourseInfo, GroupRule, ModuleRule, PlanRules, ScoreFact
from application_types.thesis.guards import thesis_not_applied, thesis_qualified
from application_types.thesis.qualification import qualify
from workflows.engine import GuardContext
from workflows.registry import GUARDS, READS

COURSES = {info.code: info for info in (
    CourseInfo("03708", "中国近现代史纲要", 2), CourseInfo("05059", "项目管理学", 6),
    CourseInfo("07171", "项目管理软件(实践)", 4, "practice"), CourseInfo("00015", "英语(二)", 14),
    CourseInfo("00016", "日语(二)", 14), CourseInfo("11732", "工程管理毕业论文", 0, "thesis"))}
PLAN = PlanRules("120103", "工程管理", "本科", 40, (
    ModuleRule("公共基础课", 16, ("03708",), (GroupRule("外语(任选1门)", 1, ("00015", "00016")),)),
    ModuleRule("专业课", 10, ("05059", "07171")),
    ModuleRule("毕业论文", 0, ("11732",)),
), COURSES)


def score(code, mark=70, source="exam", sitting="2019-10", **facts):
    grade = mark if isinstance(mark, str) else None
    return ScoreFact(f"s-{code}-{sitting}", code, COURSES[code].name, COURSES[code].credits,
                     None if grade else mark, grade, sitting, "414817170542", source,
                     grade is not None or mark >= 60, **facts)


ALL_BUT_THESIS = [score("03708"), score("05059"), score("07171"), score("00015", "通过", "exemption")]


def refused(found):
    """What the guard says for this Qualification, as the engine would call it."""
    assert READS["thesis_qualified"] == ("thesis_qualification",) and GUARDS["thesis_qualified"] is thesis_qualified
    return thesis_qualified(GuardContext(application=None, facts={"thesis_qualification": found}))


def test_every_course_but_the_thesis_passed_qualifies(app_ctx):
    found = qualify(PLAN, ALL_BUT_THESIS)

    assert refused(found) is None and found.qualified
    assert [(row.course.code, row.score.display_mark) for row in found.passed] == [
        ("03708", "70"), ("00015", "通过"), ("05059", "70"), ("07171", "70")]


def test_an_exemption_or_transfer_counts_and_the_best_pass_is_shown(app_ctx):
    scores = [*ALL_BUT_THESIS[:2], score("07171", 61, sitting="2018-04"), score("07171", 88, sitting="2019-04"),
              score("00016", 75, "transfer_in")]

    found = qualify(PLAN, scores)

    assert refused(found) is None
    shown = {row.course.code: (row.score.display_mark, row.score.source) for row in found.passed}
    assert shown["07171"] == ("88", "exam") and shown["00016"] == ("75", "transfer_in")


@pytest.mark.parametrize("scores, reason", [
    (ALL_BUT_THESIS[1:], "尚未通过120103 工程管理专业计划中毕业论文（毕业设计）以外的课程：中国近现代史纲要（03708）。"),
    ([*ALL_BUT_THESIS[:3], score("00015", 52)],
     "尚未通过120103 工程管理专业计划中毕业论文（毕业设计）以外的课程：外语(任选1门)中的1门（可选英语(二)（00015）、日语(二)（00016））。"),
    ([*ALL_BUT_THESIS[:3], score("00015", 80, transferred_out=True)],
     "尚未通过120103 工程管理专业计划中毕业论文（毕业设计）以外的课程：外语(任选1门)中的1门（可选英语(二)（00015）、日语(二)（00016））。"),
    ([score("05059"), score("00016")],
     "尚未通过120103 工程管理专业计划中毕业论文（毕业设计）以外的课程：中国近现代史纲要（03708）；项目管理软件(实践)（07171）。"),
])
def test_a_course_still_to_pass_is_named_in_the_refusal(app_ctx, scores, reason):
    assert refused(qualify(PLAN, scores)) == reason


def test_the_thesis_itself_is_not_asked_for(app_ctx):
    assert refused(qualify(PLAN, [*ALL_BUT_THESIS, score("11732", 40)])) is None


def test_a_plan_without_a_thesis_has_nothing_to_apply_for(app_ctx):
    plan = PlanRules("690206", "行政管理", "专科", 6, (ModuleRule("公共基础课", 6, ("05059",)),), COURSES)

    assert refused(qualify(plan, [score("05059")])) == "690206 行政管理专业的计划中没有毕业论文（毕业设计）课程，无需申请。"


def test_a_second_standing_application_is_refused(app_ctx):
    context = GuardContext(application=None, facts={"thesis_standing": "主考院校审核中"})

    assert thesis_not_applied(context) == "您已有一份本科论文与专科毕业设计申请（主考院校审核中），不能重复申请。"
    assert thesis_not_applied(GuardContext(application=None, facts={"thesis_standing": None})) is None
