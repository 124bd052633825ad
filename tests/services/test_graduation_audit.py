"""The graduation plan audit 毕业审核: the manuals' worked cases on the demo data, then each rule on a small plan."""
import json
from types import SimpleNamespace

import pytest
from flask import render_template
from mongoengine import ValidationError

from app.models import Application, Candidate, Course, District, ElectiveGroup, Major, MajorPlan, PlanModule, Score, University
from app.models.graduation_rules import ExtraExamOption, Substitution
from bench.roundtrips import counting
from app.services import graduation_audit as audits
from app.services import demo, demo_catalogue
from app.services.graduation_audit import AuditResult, Choices

ZHANG, WANG = "080105408130", "011421104387"


def audit_candidate(candidate, major, choices=None):
    """The audit the pre-audit page shows: `major`'s plan and the candidate's scores, loaded, then audited."""
    return audits.audit(audits.load_plan(major), audits.load_scores([candidate.pk])[str(candidate.pk)],
                        choices or audits.Choices())


def used(result):
    return {row.score.course_code for row in result.score_rows if row.used}


def unused(result):
    return {row.score.course_code: row.note for row in result.score_rows if not row.used}


def requirement(result, code):
    """The row of `code` as a requirement (not as a score standing in for another)."""
    return next(row for m in result.modules for row in m.rows if row.course.code == code and row.kind != "substitution")


def module(result, name):
    return next(m for m in result.modules if m.name == name)


def option_id(plan, label):
    return next(o.id for o in plan.extra_options if o.label == label)


def score_id(candidate, code, **match):
    return str(Score.objects.get(candidate=candidate, course=Course.objects.get(code=code), **match).pk)


# --- the manuals' worked cases -------------------------------------------------------------------------------

@pytest.fixture
def zhang(world):
    return Candidate.objects.get(exam_number=ZHANG)


@pytest.fixture
def wang(world):
    """王芳, 120402 行政管理(专升本): complete only through the 13000 substitution (seed 004)."""
    return Candidate.objects.get(exam_number=WANG)


@pytest.fixture
def public_admin(world):
    return audits.load_plan(Major.objects.get(code="120402"))


POLITICS = "政治类专科毕业已通过行政法学"
NON_POLITICS = "非政治类专科毕业未通过行政法学"


def wang_audit(wang, plan, option=POLITICS, **choices):
    return audits.audit(plan, audits.load_scores([wang.pk])[str(wang.pk)],
                        Choices(extra_option=option_id(plan, option) if option else None, **choices))


def test_seed_000_law_graduate_uses_the_scores_the_manual_marks_used(zhang):
    result = audit_candidate(zhang, Major.objects.get(code="030101K"))

    assert result.verdict == "eligible" and result.eligible
    assert result.headline == "专业：030101K 法学 已完成毕业所需课程，可以申请毕业！"
    assert unused(result) == {"00144": "未使用：不在本专业计划中", "10791": "未使用：不在本专业计划中",
                              "02628": "未使用：不在本专业计划中"}
    assert used(result) == {"13000", "13144", "00226", "00249", "00227", "00247", "13749", "14850", "13702", "03709",
                            "03708", "00230", "14081"}
    assert used(result) == {row["course"] for row in demo_catalogue.SCORES if row["candidate"] == "c1" and row["used"]}
    assert (result.total_credits, result.total_min_credits, result.reasons) == (56, 54, ())
    assert counted_once(result) and result.counted_credits == 0
    assert not Score.objects(candidate=zhang, used_for_graduation=True), "no graduation has used them yet"


def test_seed_000_module_table_lists_the_nine_basic_courses_with_their_passes(zhang):
    result = audit_candidate(zhang, Major.objects.get(code="030101K"))

    basic = module(result, "基础课程")
    assert [(r.course.code, r.course.credits, r.status, r.score.display_mark) for r in basic.rows] == [
        ("03708", 2, "met", "合格"), ("03709", 4, "met", "84"), ("13000", 7, "met", "61"), ("00247", 6, "met", "70"),
        ("13702", 6, "met", "68"), ("00230", 5, "met", "72"), ("00227", 4, "met", "78"), ("14081", 4, "met", "65"),
        ("00226", 4, "met", "81")]
    assert (basic.min_credits, basic.credits) == (42, 42)
    assert requirement(result, "13144").score.exam_number == "010123100003"  # his second exam number
    assert [(g.name, g.choose, g.offered, g.taken) for g in module(result, "选修课程").groups] == [
        ("选考课程(至少3门)", 3, 4, 3)]
    assert requirement(result, "00261").status == "missing"  # the group's fourth course, not needed
    thesis = module(result, "毕业论文")
    assert (thesis.rows[0].course.code, thesis.rows[0].status, thesis.credits) == ("14850", "met", 0)


def test_seed_004_the_audit_suggests_unused_courses_for_13000(wang, public_admin):
    result = wang_audit(wang, public_admin)

    assert result.verdict == "eligible"
    english = requirement(result, "13000")
    assert english.status == "met" and [s.course_code for s in english.substituted_by] == ["00315", "00144"]
    assert "（系统建议）" in english.note
    rule = public_admin.substitutions[0]
    assert result.suggested_substitutions == {rule.id: (score_id(wang, "00315"), score_id(wang, "00144"))}
    # The elective group took only the two it needs (00341, 00312), leaving 6 + 5 = 11 ≥ 7 credits.
    assert [(r.course.code, r.status) for r in module(result, "选修课").rows if r.status == "met"] == [
        ("00341", "met"), ("00312", "met")]
    assert module(result, "公共基础课").credits == 2 + 4 + 11
    assert (result.total_credits, result.total_min_credits) == (74, 70) and counted_once(result)
    assert requirement(result, "00315").note == "用于顶替 13000 英语(专升本)（系统建议）"
    assert [s.suggested for s in result.substitutions] == [True]


def test_seed_004_the_candidates_own_substitution_is_used_and_nothing_suggested(wang, public_admin):
    rule = public_admin.substitutions[0]
    chosen = [score_id(wang, "00341"), score_id(wang, "00144")]

    result = wang_audit(wang, public_admin, substitutions={rule.id: chosen})

    assert result.verdict == "eligible" and result.suggested_substitutions == {}
    assert [s.course_code for s in requirement(result, "13000").substituted_by] == ["00341", "00144"]
    # Chosen substitutions come before the elective groups, which then take 00312 and 00315.
    assert {r.course.code for r in module(result, "选修课").rows if r.status == "met"} == {"00312", "00315"}
    assert [(s.suggested, s.credits) for s in result.substitutions] == [(False, 11)]


def test_seed_004_without_a_substitution_13000_is_missing(wang, public_admin):
    result = wang_audit(wang, public_admin, substitutions={})

    assert result.verdict == "not_eligible"
    assert result.reasons[0] == ("公共基础课：缺少 13000 英语(专升本)。"
                                 "可用未使用的合格课程顶替，顶替课程总学分不能少于 7 学分。")
    assert "公共基础课：已得 6 学分，不足最低 13 学分。" in result.reasons


def test_a_substitution_cannot_use_a_course_already_used(wang, public_admin):
    rule = public_admin.substitutions[0]

    result = wang_audit(wang, public_admin, substitutions={rule.id: [score_id(wang, "00034"), score_id(wang, "00315")]})

    assert result.problems == {"substitutions": ("课程 00034 社会学概论 已用于 专业核心课，不能再用于顶替。",)}
    assert result.verdict == "not_eligible" and requirement(result, "13000").status == "missing"


def test_substitution_options_offer_what_requirements_left_free(wang, public_admin):
    ((rule, offered),) = audits.substitution_options(public_admin, audits.load_scores([wang.pk])[str(wang.pk)],
                                                     Choices())

    assert rule.name == "英语(专升本)顶替"
    # The elective courses are offered (chosen substitutions come first); required ones are taken.
    assert [f.course_code for f in offered] == ["00312", "00315", "00341", "00144"]


def test_a_plan_with_extra_exam_options_needs_one_chosen(wang, public_admin):
    result = wang_audit(wang, public_admin, option=None)

    assert result.problems == {"extra_option": ("请选择加考选项。",)}
    assert result.verdict == "not_eligible" and "请选择加考选项。" in result.reasons


def test_an_extra_course_missing_needs_an_explanation(wang, public_admin):
    result = wang_audit(wang, public_admin, option=NON_POLITICS)

    assert result.problems == {"explanation": (
        "缺少加考课程 00261 行政法学（非政治类专科毕业未通过行政法学）：如确实满足毕业条件，请填写情况说明。",)}
    extra = module(result, "加考课程")
    assert [(r.kind, r.course.code, r.status) for r in extra.rows] == [("extra", "00261", "missing")]
    assert result.verdict == "not_eligible"


def test_an_explained_extra_course_leaves_the_decision_to_the_reviewer(wang, public_admin):
    result = wang_audit(wang, public_admin, option=NON_POLITICS, explanation="专科为政治类专业，已在原院校修读行政法学。")

    assert result.verdict == "explainable" and result.eligible and result.problems == {}
    assert requirement(result, "00261").status == "explainable"
    assert result.explanation == "专科为政治类专业，已在原院校修读行政法学。"
    assert result.extra_option == NON_POLITICS


def test_a_passed_extra_course_is_a_requirement_met(wang, public_admin):
    Score(candidate=wang, exam_number=WANG, course=Course.objects.get(code="00261"), mark=70, sitting="2024-04").save()

    result = wang_audit(wang, public_admin, option=NON_POLITICS)

    assert result.verdict == "eligible"
    assert (requirement(result, "00261").status, module(result, "加考课程").credits) == ("met", 5)
    assert result.total_credits == 74 + 5


def test_a_course_only_another_extra_exam_option_needs_does_not_count(wang, public_admin):
    Score(candidate=wang, exam_number=WANG, course=Course.objects.get(code="00261"), mark=70, sitting="2024-04").save()
    rule = public_admin.substitutions[0]

    result = wang_audit(wang, public_admin, option=POLITICS,
                        substitutions={rule.id: [score_id(wang, "00341"), score_id(wang, "00144")]})

    assert unused(result) == {"00261": "未使用：所选加考选项不需要该课程"}
    assert result.total_credits == 74 and counted_once(result), "00261's 5 credits are not added"


def test_the_suggestion_takes_a_course_outside_the_plan_and_the_elective_it_spares_counts(wang, public_admin):
    Score(candidate=wang, exam_number=WANG, course=Course.objects.get(code="00261"), mark=70, sitting="2024-04").save()

    result = wang_audit(wang, public_admin, option=POLITICS)

    assert [s.course_code for s in requirement(result, "13000").substituted_by] == ["00144", "00261"]
    assert requirement(result, "00315").status == "counted"
    assert (result.total_credits, result.counted_credits) == (74 - 11 + 10 + 6, 6) and counted_once(result)


def test_to_data_and_back_renders_the_same(app_ctx, wang, public_admin):
    result = wang_audit(wang, public_admin, option=NON_POLITICS, explanation="已修读。")

    stored = json.loads(json.dumps(result.to_data()))
    again = AuditResult.from_data(stored)

    assert again == result
    assert (render_template("graduation/_audit.html", result=again)
            == render_template("graduation/_audit.html", result=result))


def test_demo_rules_are_seeded_once(app, world):
    with app.app_context():
        demo.seed()

    plan = MajorPlan.objects.get(major=Major.objects.get(code="120402"))
    assert Substitution.objects(plan=plan).count() == 1
    assert [o.label for o in ExtraExamOption.objects(plan=plan)] == [POLITICS, NON_POLITICS]


# --- the rules, one by one, on a small plan --------------------------------------------------------------------

COURSES = {
    "91001": ("基础甲", 6, "theory"), "91002": ("基础乙", 4, "theory"), "91003": ("英语", 7, "theory"),
    "91011": ("选修甲", 6, "theory"), "91012": ("选修乙", 5, "theory"), "91013": ("选修丙", 4, "theory"),
    "91020": ("毕业论文", 0, "thesis"), "91030": ("加考课", 5, "theory"),
    "91041": ("其他甲", 4, "theory"), "91042": ("其他乙", 3, "theory"), "91043": ("其他丙", 2, "theory"),
}
EXAM_NUMBER = "011400000001"


@pytest.fixture
def mini(app):
    """基础课程 (91001, 91002, 91003 英语; ≥17), 选修课程 (2 of 91011–91013; ≥10), 毕业论文 (91020, 0 credits);
    ≥27 in all. 91003 may be replaced by unused courses of ≥7 credits."""
    courses = {code: Course(code=code, name=name, credits=credits, kind=kind).save()
               for code, (name, credits, kind) in COURSES.items()}
    major = Major(code="990101", name="测试专业", level="本科",
                  university=University(code="10108", name="山西大学").save()).save()
    plan = MajorPlan(major=major, total_min_credits=27).save()
    PlanModule(plan=plan, order=1, name="基础课程", min_credits=17,
               required_courses=[courses[c] for c in ("91001", "91002", "91003")]).save()
    electives = PlanModule(plan=plan, order=2, name="选修课程", min_credits=10).save()
    ElectiveGroup(module=electives, name="选考组", choose=2,
                  courses=[courses[c] for c in ("91011", "91012", "91013")]).save()
    PlanModule(plan=plan, order=3, name="毕业论文", required_courses=[courses["91020"]]).save()
    rule = Substitution(plan=plan, name="英语顶替", replaces=[courses["91003"]], min_credits=7).save()
    candidate = Candidate(exam_number=EXAM_NUMBER, id_number="140105199001010011", name="测试考生",
                          phone="13900000001", district=District(code="140105", name="小店区").save(), major=major,
                          password_hash="x").save()
    return SimpleNamespace(major=major, plan=plan, rule=rule, candidate=candidate, courses=courses,
                           electives=electives)


def passed(mini, code, mark=70, sitting="2023-04", **values):
    """A score of `code` for the small plan's candidate; its id."""
    score = Score(candidate=mini.candidate, exam_number=values.pop("exam_number", EXAM_NUMBER),
                  course=mini.courses[code], mark=mark, sitting=sitting, **values)
    return str(score.save().pk)


def run(mini, **choices):
    return audit_candidate(mini.candidate, mini.major, Choices(**choices))


def complete(mini, *codes):
    """Pass the plan's courses but 91003 英语, plus `codes`."""
    for code in ("91001", "91002", "91011", "91012", "91020", *codes):
        passed(mini, code)


def test_a_complete_plan_counts_a_thesis_with_no_credits(mini):
    complete(mini, "91003")

    result = run(mini)

    assert result.verdict == "eligible"
    assert (requirement(result, "91020").status, module(result, "毕业论文").credits) == ("met", 0)
    assert [m.credits for m in result.modules] == [17, 11, 0] and result.total_credits == 28


def test_an_elective_group_takes_what_it_needs_highest_credits_first_and_the_rest_counts_toward_the_total(mini):
    complete(mini, "91003", "91013")

    result = run(mini)

    assert [(r.course.code, r.status) for r in module(result, "选修课程").rows] == [
        ("91011", "met"), ("91012", "met"), ("91013", "counted")]
    assert requirement(result, "91013").note == "计入总学分（超出 选修课程 要求）"
    assert unused(result) == {} and "91013" in used(result)
    assert (module(result, "选修课程").credits, result.total_credits, result.counted_credits) == (15, 32, 4)


def counted_once(result):
    """Every credit of the total comes from one used score, and every used score gives its credits once."""
    used_credits = sum(row.score.credits for row in result.score_rows if row.used)
    return result.total_credits == used_credits


def test_a_total_above_the_module_floors_counts_every_plan_course_passed(mini):
    mini.plan.update(set__total_min_credits=32)  # the modules need 17 + 10 + 0 = 27
    complete(mini, "91003", "91013")

    result = run(mini)

    assert result.verdict == "eligible" and result.reasons == ()
    assert (result.total_credits, result.total_min_credits, result.counted_credits) == (32, 32, 4)
    assert next(r for r in result.score_rows if r.score.course_code == "91013").note == "计入总学分（超出 选修课程 要求）"
    assert counted_once(result)


def test_a_total_above_the_module_floors_names_what_is_short(mini):
    mini.plan.update(set__total_min_credits=32)
    complete(mini, "91003")

    result = run(mini)

    assert result.reasons == ("总学分 28，不足毕业最低总学分 32。",) and result.verdict == "not_eligible"


@pytest.mark.parametrize("extra, note", [
    ({"code": "91041"}, "未使用：不在本专业计划中"),
    ({"code": "91011", "mark": 65, "sitting": "2021-04"}, "未使用：同一课程已有更好成绩"),
    ({"code": "91013", "transferred_out": True}, "未使用：已转出"),
], ids=["outside-the-plan", "worse-duplicate", "transferred-out"])
def test_what_does_not_count_toward_the_total(mini, extra, note):
    mini.plan.update(set__total_min_credits=32)
    complete(mini, "91003")
    extra = dict(extra)
    score = passed(mini, extra.pop("code"), **extra)

    result = run(mini)

    assert (result.total_credits, result.verdict) == (28, "not_eligible")
    assert next(r.note for r in result.score_rows if r.score.id == score) == note


def test_an_elective_not_chosen_does_not_count_toward_the_total(mini):
    mini.plan.update(set__total_min_credits=32)
    complete(mini, "91003")
    passed(mini, "91013")
    every = audits.best_ids(audits.load_scores([mini.candidate.pk])[str(mini.candidate.pk)])

    result = run(mini, scores=tuple(i for i in every if i != score_id(mini.candidate, "91013")))

    assert result.total_credits == 28 and unused(result) == {"91013": "未使用：未选择使用"}


def test_scores_standing_in_for_a_course_count_once(mini):
    mini.plan.update(set__total_min_credits=32)
    complete(mini, "91013", "91041", "91042")  # 91003 英语 replaced by 91041 + 91042 (7 credits)

    result = run(mini)

    assert result.verdict == "eligible" and result.total_credits == 10 + 7 + 11 + 4
    assert [m.credits for m in result.modules] == [17, 15, 0] and counted_once(result)


def test_an_elective_group_takes_more_to_reach_its_modules_minimum(mini):
    complete(mini, "91003", "91013")
    mini.electives.update(set__min_credits=15)

    result = run(mini)

    assert module(result, "选修课程").credits == 15 and "91013" in used(result)


def test_a_group_short_of_its_count_is_named(mini):
    for code in ("91001", "91002", "91003", "91011", "91020"):
        passed(mini, code)

    result = run(mini)

    assert "选修课程：选考组 已通过 1 门，至少需要 2 门。" in result.reasons
    assert "选修课程：已得 6 学分，不足最低 10 学分。" in result.reasons
    assert result.verdict == "not_eligible"


@pytest.mark.parametrize("codes, eligible", [(("91041", "91042"), True), (("91041", "91043"), False)])
def test_suggested_substitution_needs_credits_at_the_floor(mini, codes, eligible):
    complete(mini, *codes)  # 4 + 3 = 7 reaches the floor; 4 + 2 = 6 does not

    result = run(mini)

    assert result.eligible is eligible
    assert bool(result.suggested_substitutions) is eligible
    assert (requirement(result, "91003").status == "met") is eligible
    if not eligible:  # the candidate is told what they have, as when they choose the courses themselves
        assert result.reasons[0] == ("基础课程：缺少 91003 英语。可用未使用的合格课程顶替，顶替课程总学分不能少于 7 学分。"
                                     "您可用于顶替的未使用合格课程共 6 学分，不足 7 学分。")


def test_suggestion_takes_courses_outside_the_plan_first_the_fewest_and_the_smallest_last(mini):
    complete(mini, "91013", "91041", "91042", "91043")  # free: 91013 (4, an elective), 91041 (4), 91042 (3), 91043 (2)

    result = run(mini)

    assert [s.course_code for s in requirement(result, "91003").substituted_by] == ["91041", "91042"]
    # The elective no requirement needed still counts: 17 - 7 + 7 (substituted) + 6 + 5 + 4.
    assert requirement(result, "91013").status == "counted" and result.total_credits == 32


def test_suggestion_takes_plan_electives_when_courses_outside_the_plan_fall_short(mini):
    complete(mini, "91013", "91042")  # free: 91013 (4, an elective), 91042 (3)

    result = run(mini)

    assert [s.course_code for s in requirement(result, "91003").substituted_by] == ["91013", "91042"]
    assert result.verdict == "eligible" and result.counted_credits == 0


@pytest.mark.parametrize("codes, problem", [
    (("91041", "91042"), None),
    (("91041",), "顶替课程共 4 学分，不能少于 7 学分。"),
    (("91041", "91043"), "顶替课程共 6 学分，不能少于 7 学分。"),
])
def test_chosen_substitution_credits_must_reach_the_floor(mini, codes, problem):
    complete(mini)
    ids = [passed(mini, code) for code in codes]

    result = run(mini, substitutions={str(mini.rule.pk): ids})

    assert result.problems == ({"substitutions": (problem,)} if problem else {})
    assert result.eligible is (problem is None)


def test_a_substitution_outside_the_rules_months_does_not_count(mini):
    mini.rule.update(set__valid_from="2020-04", set__valid_until="2022-10")
    complete(mini)
    late = passed(mini, "91041", sitting="2023-04")
    early = passed(mini, "91042", sitting="2021-10")

    suggested = run(mini)
    chosen = run(mini, substitutions={str(mini.rule.pk): [late, early]})

    assert suggested.suggested_substitutions == {} and requirement(suggested, "91003").status == "missing"
    assert chosen.problems == {"substitutions": (
        "课程 91041 其他甲 的考次 2023-04 不在“英语顶替”规定的考次范围（2020-04 至 2022-10）内。",)}


def test_a_substitution_limited_to_listed_courses_refuses_others(mini):
    mini.rule.update(set__replacing=[mini.courses["91041"], mini.courses["91042"]])
    complete(mini)
    ids = [passed(mini, "91041"), passed(mini, "91043"), passed(mini, "91042")]

    result = run(mini, substitutions={str(mini.rule.pk): ids})

    assert result.problems == {"substitutions": ("课程 91043 其他丙 不能用于“英语顶替”。",)}


def test_a_course_passed_twice_counts_its_best_score(mini):
    complete(mini, "91003")
    low = passed(mini, "91001", mark=65, sitting="2021-04", exam_number="019901234567")

    result = run(mini)

    assert requirement(result, "91001").score.display_mark == "70"
    assert next(r.note for r in result.score_rows if r.score.id == low) == "未使用：同一课程已有更好成绩"


def test_the_candidates_choice_of_score_wins(mini):
    complete(mini, "91003")
    low = passed(mini, "91001", mark=65, sitting="2021-04", exam_number="019901234567")
    chosen = audits.best_ids(audits.load_scores([mini.candidate.pk])[str(mini.candidate.pk)])
    chosen = tuple(i for i in chosen if i != score_id(mini.candidate, "91001", mark=70)) + (low,)

    result = run(mini, scores=chosen)

    assert requirement(result, "91001").score.id == low and result.verdict == "eligible"
    assert unused(result) == {"91001": "未使用：同一课程已选用其他成绩"}


def test_choosing_both_scores_of_a_course_is_refused_naming_it(mini):
    complete(mini, "91003")
    low = passed(mini, "91001", mark=65, sitting="2021-04")
    every = tuple(str(s.pk) for s in Score.objects(candidate=mini.candidate))

    result = run(mini, scores=every)

    assert result.problems == {"scores": ("课程 91001 基础甲 只能选择一个成绩。",)}
    assert result.verdict == "not_eligible" and low in every


def test_a_score_not_chosen_is_not_used(mini):
    complete(mini, "91003")
    every = audits.best_ids(audits.load_scores([mini.candidate.pk])[str(mini.candidate.pk)])
    without_english = tuple(i for i in every if i != score_id(mini.candidate, "91003"))

    result = run(mini, scores=without_english, substitutions={})

    assert unused(result) == {"91003": "未使用：未选择使用"} and requirement(result, "91003").status == "missing"


def test_a_chosen_score_that_is_not_theirs_is_refused(mini):
    complete(mini, "91003")

    result = run(mini, scores=("0123456789ab0123456789ab",))

    assert result.problems == {"scores": ("所选成绩不是您的合格成绩。",)}


def test_a_transferred_out_score_does_not_count(mini):
    complete(mini)
    gone = passed(mini, "91003", transferred_out=True)

    result = run(mini, substitutions={})

    assert requirement(result, "91003").status == "missing"
    assert next(r.note for r in result.score_rows if r.score.id == gone) == "未使用：已转出"


def graduation_using(mini, state, *score_ids):
    """A graduation application of the small plan's candidate in `state`, whose audit at submission used these."""
    return str(Application(type="graduation", candidate=mini.candidate, district=mini.candidate.district,
                           workflow_key="graduation", workflow_version=1, form_key="graduation", form_version=1,
                           state=state, data={"major": mini.major.code},
                           findings={"audit": {"used_score_ids": list(score_ids)}}).save().pk)


@pytest.mark.parametrize("state", ["district_review", "rejected", "awaiting_payment", "final_review", "approved"])
def test_a_score_a_standing_graduation_uses_counts_only_for_that_one(mini, state):
    complete(mini)
    english = passed(mini, "91003")
    first = graduation_using(mini, state, english)

    other = run(mini, substitutions={})
    same = run(mini, substitutions={}, application=first)

    assert requirement(other, "91003").status == "missing"
    assert next(r.note for r in other.score_rows if r.score.id == english) == "未使用：已用于其他毕业申请"
    assert same.verdict == "eligible" and english in same.used_score_ids


@pytest.mark.parametrize("state", ["draft", "cancelled", "not_approved"])
def test_a_graduation_not_standing_leaves_its_scores_free(mini, state):
    complete(mini)
    english = passed(mini, "91003")
    graduation_using(mini, state, english)

    result = run(mini, substitutions={})

    assert result.verdict == "eligible" and english in result.used_score_ids


def test_an_elective_beyond_the_need_counts_only_once_and_not_when_used_elsewhere(mini):
    complete(mini, "91003")
    surplus = passed(mini, "91013")
    graduation_using(mini, "approved", surplus)

    result = run(mini)

    assert requirement(result, "91013").status == "missing" and result.total_credits == 28
    assert unused(result) == {"91013": "未使用：已用于其他毕业申请"}


@pytest.fixture
def options(mini):
    """已通过 (no course), 需加考 (91030, may be explained), 须加考 (91030, may not)."""
    return [ExtraExamOption(plan=mini.plan, order=n, label=label, courses=courses, explainable=explainable).save()
            for n, (label, courses, explainable) in enumerate((
                ("已通过", [], False), ("需加考", [mini.courses["91030"]], True),
                ("须加考", [mini.courses["91030"]], False)), start=1)]


@pytest.mark.parametrize("chosen, problems", [
    (None, {"extra_option": ("请选择加考选项。",)}),
    ("0123456789ab0123456789ab", {"extra_option": ("所选加考选项不存在，请重新选择。",)}),
    (0, {}),
])
def test_one_extra_exam_option_must_be_chosen(mini, options, chosen, problems):
    complete(mini, "91003")

    result = run(mini, extra_option=str(options[chosen].pk) if isinstance(chosen, int) else chosen)

    assert result.problems == problems and result.eligible is not problems


@pytest.mark.parametrize("index, explanation, verdict, problems", [
    (1, "", "not_eligible", {"explanation": ("缺少加考课程 91030 加考课（需加考）：如确实满足毕业条件，请填写情况说明。",)}),
    (1, "原专科为政治类。", "explainable", {}),
    (2, "原专科为政治类。", "not_eligible", {}),
])
def test_a_missing_extra_course_may_be_explained_only_where_the_option_allows(mini, options, index, explanation,
                                                                             verdict, problems):
    complete(mini, "91003")

    result = run(mini, extra_option=str(options[index].pk), explanation=explanation)

    assert (result.verdict, result.problems) == (verdict, problems)
    if index == 2:
        assert "加考课程：缺少 91030 加考课。" in result.reasons


def test_the_audit_is_pure_once_plan_and_scores_are_loaded(mini):
    complete(mini, "91041", "91042")
    plan = audits.load_plan(mini.major)
    scores = audits.load_scores([mini.candidate.pk])[str(mini.candidate.pk)]

    with counting() as trips:
        result = audits.audit(plan, scores)

    assert trips.mongo == 0 and result.verdict == "eligible"


def test_loading_takes_a_fixed_number_of_queries(mini, options):
    second = Candidate(exam_number="011400000002", id_number="140105199001010022", name="另一考生",
                       phone="13900000002", district=mini.candidate.district, password_hash="x").save()
    complete(mini, "91003")
    Score(candidate=second, exam_number=second.exam_number, course=mini.courses["91041"], mark=80,
          sitting="2024-04").save()

    with counting() as trips:
        plan = audits.load_plan(mini.major)
        found = audits.load_scores([mini.candidate.pk, second.pk])

    assert trips.mongo == 6 + 3
    assert [m.name for m in plan.modules] == ["基础课程", "选修课程", "毕业论文"]
    assert plan.modules[1].groups == (audits.GroupRule("选考组", 2, ("91011", "91012", "91013")),)
    assert plan.courses["91020"].kind == "thesis" and len(plan.extra_options) == 3
    assert (len(found[str(mini.candidate.pk)]), [f.course_code for f in found[str(second.pk)]]) == (6, ["91041"])


@pytest.mark.parametrize("values, field, message", [
    ({"min_credits": -1}, "min_credits", "顶替课程最低总学分不能小于0。"),
    ({"valid_from": "2023-04", "valid_until": "2022-10"}, "valid_until", "最晚考次不能早于最早考次。"),
    ({"replacing": ["91003"]}, "replacing", "课程 91003 英语 不能既被顶替又用于顶替。"),
    ({"replaces": []}, "replaces", "请选择被顶替的课程。"),
])
def test_a_substitution_rule_explains_what_is_wrong(mini, values, field, message):
    values = {k: [mini.courses[c] for c in v] if k in ("replaces", "replacing") else v for k, v in values.items()}
    rule = Substitution(plan=mini.plan, name="错误规则", replaces=[mini.courses["91003"]], min_credits=7)
    for name, value in values.items():
        setattr(rule, name, value)

    with pytest.raises(ValidationError) as refused:
        rule.validate()

    assert str(refused.value.errors["__all__"].errors[field].message) == message
