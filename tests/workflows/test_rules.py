"""Rules administrators write as data: who a type is offered to (申请条件) and what a submission must meet (提交条件),
each a simpleeval expression checked when saved and worked out on the server."""
import pytest

from app import rules
from app.models import BusinessType, Candidate
from tests.fixtures import candidate_client, staff_client, text
from usecases import applications
from workflows.engine import GuardRefused

ZHUANKE = "011422045126"  # a verified 专科 candidate of the demo (690206)
FORMS = "规则只能使用名称、函数、数字、文字、比较、+ - * / 和 and / or / not，不能使用“.”、**、% 等其他写法。"


@pytest.mark.parametrize("expression, said", [
    ('level == "本科" and passed("00015")', []),
    ('answers["cet4_score"] >= 425 and verified', []),
    ('level = "本科"', ["规则的写法不正确（第 7 个字附近）。"]),
    ('grade >= 60', ["规则中的 grade 不可用（可用的名称：level、major、verified、answers）。"]),
    ('open("x")', ["规则中的函数 open 不可用（可用的函数：passed、score、courses_left）。"]),
    ('verified or ' * 60 + "verified", ["规则不能超过500个字。"]),
    ('major in ("030101K", "020101")', []),
    *[(refused, [FORMS]) for refused in ('answers.get("x")', '"".__class__', "[x for x in answers]", "9 ** 9 > 1",
                                          '"%9999d" % 1 != ""', 'f"{1:>999}" != ""', "score('1') if verified else 0",
                                          'major[0:2] == "03"')],
    ("(999999 * 999999) * 999999999999 > 1", ["规则过于复杂。"]),
    ("-" * 40 + "1 > 0", ["规则过于复杂。"]),
])
def test_a_rule_is_checked_before_it_is_kept(app_ctx, expression, said):
    assert [str(problem) for problem in rules.problems(expression)] == said


def offer_only(rule, message, key="exemption", **more):
    BusinessType.objects(key=key).update_one(set__offered_if=rule, set__offered_message=message, **more)


def test_a_type_offered_only_to_zhuanke_candidates_is_not_offered_to_a_benke_one(app, world):
    offer_only('level == "专科"', "仅限专科考生申请。")
    benke, zhuanke = candidate_client(app, "080105408130"), candidate_client(app, ZHUANKE)

    link = 'href="/apply/exemption"'
    assert link not in benke.get("/home").get_data(as_text=True) and link in zhuanke.get("/home").get_data(as_text=True)
    assert link not in benke.get("/applications").get_data(as_text=True)
    notice = text(benke.get("/apply/exemption/notice"))
    assert "仅限专科考生申请。" in notice and "我已知晓，继续申请" not in notice
    refused = benke.post("/apply/exemption/notice", data={"agree": "y"})
    assert refused.status_code == 200 and "仅限专科考生申请。" in text(refused)
    with pytest.raises(Exception, match="仅限专科考生申请。"):
        applications.start(Candidate.objects.get(exam_number="080105408130"), "exemption")
    started = zhuanke.post("/apply/exemption/notice", data={"agree": "y"})
    assert started.status_code == 302 and "/steps/" in started.location


def test_a_rule_on_scores_reads_the_candidates_passes(app, world):
    zhang = Candidate.objects.get(exam_number="080105408130")
    offer_only('score("00226") >= 80', "知识产权法须达到80分。")  # 张明 has 81
    assert applications.not_offered(zhang, BusinessType.objects.get(key="exemption")) is None
    offer_only('passed("99999")', "须先通过课程 99999。")
    assert applications.not_offered(zhang, BusinessType.objects.get(key="exemption")) == "须先通过课程 99999。"


def test_a_submission_that_does_not_meet_the_submit_rule_is_refused_with_its_message(app_ctx, draft, candidate):
    BusinessType.objects(key="exemption").update_one(set__submit_rule='answers["major"] == "030101K"',
                                                     set__submit_message="只能申请本人报考专业的课程免考。")

    with pytest.raises(GuardRefused, match="只能申请本人报考专业的课程免考。"):
        applications.submit(draft, candidate)
    assert draft.reload().state == "draft"
    BusinessType.objects(key="exemption").update_one(set__submit_rule='answers["major"] == "690206"')
    assert applications.submit(draft.reload(), candidate).state == "district_review"


@pytest.mark.parametrize("form, field, message", [
    ({"offered_if": 'level == "本科', "offered_message": "仅限本科"}, "offered_if", "规则的写法不正确"),
    ({"offered_if": 'level == "本科"', "offered_message": ""}, "offered_message", "请写明不符合规则时考生看到的说明。"),
    ({"submit_rule": 'answer["cet4"] > 1', "submit_message": "须达到425分"}, "submit_rule", "规则中的 answer 不可用"),
])
def test_the_administrator_is_told_what_is_wrong_with_a_rule_and_nothing_is_saved(app, world, form, field, message):
    admin = staff_client(app, "admin")
    kind = BusinessType.objects.get(key="exemption")
    base = {"key": "exemption", "title": "免考申请", "workflow_key": "exemption", "form_key": "exemption",
            "enabled": "y"}

    page = text(admin.post(f"/businesstypeview/edit/{kind.pk}", data={**base, **form}))

    assert message in page and not kind.reload().offered_if and not kind.submit_rule


def test_a_good_rule_is_saved_from_the_business_types_page(app, world):
    admin = staff_client(app, "admin")
    kind = BusinessType.objects.get(key="exemption")

    admin.post(f"/businesstypeview/edit/{kind.pk}", data={
        "key": "exemption", "title": "免考申请", "workflow_key": "exemption", "form_key": "exemption", "enabled": "y",
        "offered_if": 'level == "本科"', "offered_message": "仅限本科考生申请。"})

    assert (kind.reload().offered_if, kind.offered_message) == ('level == "本科"', "仅限本科考生申请。")


def test_the_home_page_reads_the_candidates_facts_once_however_many_types_have_rules(app, world):
    from bench.roundtrips import counting

    zhuanke = candidate_client(app, ZHUANKE)
    offer_only('level == "专科"', "仅限专科考生申请。")
    with counting() as one:
        zhuanke.get("/home")
    for key in ("merge", "change", "backfill", "recheck"):
        offer_only('level == "专科" and passed("00012") or True', "—", key=key)
    with counting() as five:
        page = zhuanke.get("/home").get_data(as_text=True)

    assert five.mongo <= one.mongo + 4  # the scores they may see, once, for every rule naming passed()
    assert all(f'href="/apply/{key}"' in page for key in ("exemption", "merge", "change", "backfill", "recheck"))


@pytest.mark.parametrize("expression", ["score('00226') / 0 > 1", 'major[6] == "K"', '"a" * 999999999 == "a"',
                                        'major > 1'])
def test_a_rule_that_cannot_be_worked_out_does_not_hold_and_answers_at_once(expression):
    assert rules.problems(expression) == []
    assert rules.holds(expression, {"level": None, "major": None, "verified": True, "answers": {}},
                       {"passed": lambda code: False, "score": lambda code: 0}) is False


def test_courses_left_counts_the_plans_required_courses_not_passed_thesis_apart(app, world):
    from app.models import MajorPlan, PlanModule, Score
    from app.services.rule_facts import Facts

    zhang = Candidate.objects.get(exam_number="080105408130")  # every required course of 法学 passed
    plan = MajorPlan.objects.get(major=zhang.major)
    required = [course for module in PlanModule.objects(plan=plan) for course in module.required_courses]
    thesis = [course for course in required if course.kind == "thesis"]
    assert thesis and Score.objects(candidate=zhang, course__in=thesis).update(set__passed=False)  # not counted
    offer_only("courses_left() == 0", "须先通过除毕业论文外的全部必考课程。")
    kind = BusinessType.objects.get(key="exemption")
    assert Facts(zhang).courses_left() == 0 and applications.not_offered(zhang, kind) is None

    two = [course for course in required if course.kind != "thesis"][:2]
    Score.objects(candidate=zhang, course__in=two).update(set__passed=False)
    assert Facts(zhang).courses_left() == 2
    assert applications.not_offered(zhang, kind) == "须先通过除毕业论文外的全部必考课程。"


def test_courses_left_of_a_candidate_whose_major_has_no_plan_is_not_worked_out(app, world):
    """Without a plan there is nothing to count: a rule on courses_left holds for nobody, rather than for everyone
    as if no course were left."""
    from app.models import MajorPlan
    from app.services.rule_facts import Facts

    zhang = Candidate.objects.get(exam_number="080105408130")
    MajorPlan.objects(major=zhang.major).delete()
    offer_only("courses_left() == 0", "须先通过除毕业论文外的全部必考课程。")

    assert not Facts(zhang).holds("courses_left() == 0") and not Facts(zhang).holds("courses_left() > 0")
    assert applications.not_offered(zhang, BusinessType.objects.get(key="exemption")) == "须先通过除毕业论文外的全部必考课程。"
