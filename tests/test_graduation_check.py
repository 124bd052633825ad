"""The pre-audit page 毕业条件预判, and the staff screens for the plans' graduation rules."""
import pytest

from app.models import BusinessType, Candidate, Course, Major, MajorPlan, PlanModule, Score
from app.models.graduation_rules import ExtraExamOption, Substitution
from bench.roundtrips import counting
from tests.fixtures import candidate_client, text

ZHANG, WANG = "080105408130", "011421104387"


@pytest.fixture
def zhang(app, world):
    return candidate_client(app, ZHANG)


@pytest.fixture
def wang(app, world):
    return candidate_client(app, WANG)


def option(label):
    return str(ExtraExamOption.objects.get(label=label).pk)


def test_the_page_asks_a_candidate_to_sign_in(client, world):
    response = client.get("/graduation/check")

    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_seed_000_law_graduate_sees_he_may_apply(zhang):
    page = text(zhang.get("/graduation/check"))

    assert "专业：030101K 法学 已完成毕业所需课程，可以申请毕业！" in page
    assert "基础课程 ✓ 最低学分 42，已得 42" in page
    assert "1 03708中国近现代史纲要 2 ✓ 03708_中国近现代史纲要(合格) 准考证号 080105408130 · 2020-10 · 考试" in page
    assert "选考课程(至少3门)（4选3），已通过 3 门 ✓" in page
    assert "14850法学(本科)毕业论文 0 ✓" in page
    assert "1 13144犯罪学 6 ✓ 13144_犯罪学(72) 准考证号 010123100003" in page
    assert "080105408130 00144 企业管理概论 68 5 2020-10 考试 否 未使用：不在本专业计划中" in page
    assert "010123100003 02628 管理经济学 69 5 2023-04 考试 否 未使用：不在本专业计划中" in page
    assert "080105408130 13000 英语(专升本) 61 7 2021-10 考试 是 用于 基础课程" in page
    assert 'href="/apply/graduation"' in zhang.get("/graduation/check").get_data(as_text=True)


def test_the_apply_button_is_offered_only_while_graduation_is_open(zhang):
    BusinessType.objects(key="graduation").update(set__enabled=False)

    html = zhang.get("/graduation/check").get_data(as_text=True)

    assert "可以申请毕业！" in html and 'href="/apply/graduation"' not in html


def test_a_total_above_the_module_floors_counts_the_electives_no_module_needed(app, zhang):
    """The plan's total (60) is above its module floors (42 + 12 + 0); 张明 has passed all four electives."""
    candidate = Candidate.objects.get(exam_number=ZHANG)
    MajorPlan.objects(major=candidate.major).update(set__total_min_credits=60)
    Score(candidate=candidate, exam_number=ZHANG, course=Course.objects.get(code="00261"), mark=66,
          sitting="2023-10").save()

    page = text(zhang.get("/graduation/check"))

    assert "专业：030101K 法学 已完成毕业所需课程，可以申请毕业！" in page
    assert "总学分：已得 61，毕业最低 60 ✓ （含超出模块要求、计入总学分的选修课程 4 学分）" in page
    assert "总学分计算本专业计划内每门课程一个合格成绩的学分（超出模块要求的选修课程也计入）" in page
    assert "选考课程(至少3门)（4选3），已通过 4 门 ✓" in page
    assert "13749环境资源法学 4 ✓ 13749_环境资源法学(91)" in page and "计入总学分（超出 选修课程 要求）" in page
    assert "080105408130 13749 环境资源法学 91 4 2022-10 考试 是 计入总学分（超出 选修课程 要求）" in page
    assert "选修课程 ✓ 最低学分 12，已得 19" in page


def test_seed_004_shows_the_suggested_substitution_once_an_option_is_chosen(wang):
    page = text(wang.get(f"/graduation/check?major=120402&extra={option('政治类专科毕业已通过行政法学')}"))

    assert "专业：120402 行政管理 已完成毕业所需课程，可以申请毕业！" in page
    assert ("系统建议：用 00315 当代中国政治制度（6学分）、00144 企业管理概论（5学分） 顶替 13000 英语(专升本)，"
            "共 11 学分（不少于 7 学分）。 申请毕业时请在“顶替课程”中勾选。") in page
    assert "3 13000英语(专升本) 7 ✓ 由 00315 当代中国政治制度、00144 企业管理概论 顶替，共 11 学分（系统建议）" in page
    assert "4 顶替：00315当代中国政治制度 6 ✓ 00315_当代中国政治制度(63)" in page
    assert "公共基础课 ✓ 最低学分 13，已得 17" in page


def test_seed_004_without_an_option_the_page_asks_for_one(wang):
    response = wang.get("/graduation/check?major=120402")
    page = text(response)

    assert "专业：120402 行政管理 尚未满足毕业条件。 请选择加考选项。" in page
    assert '<option value="">请选择符合本人情况的一项</option>' in response.get_data(True)


def test_what_is_missing_is_said(app, world):
    page = text(candidate_client(app, "011422045126").get("/graduation/check"))  # 赵强, 690206 in progress

    assert "专业：690206 行政管理 尚未满足毕业条件。" in page
    assert "专业核心课：缺少 00261 行政法学。" in page
    assert "选修课：选考课程(至少2门) 已通过 1 门，至少需要 2 门。" in page
    assert "申请毕业" not in page


def test_the_candidates_own_major_comes_first_and_any_open_major_may_be_checked(zhang):
    html = zhang.get("/graduation/check").get_data(True)
    other = text(zhang.get("/graduation/check?major=120103"))

    assert html.index('value="030101K"') < html.index('value="120103"') < html.index('value="690206"')
    assert '<option value="030101K" selected>' in html
    assert "专业：120103 工程管理 尚未满足毕业条件。" in other
    assert "010123100003 02628 管理经济学 69 5 2023-04 考试 是 用于 专业课" in other


def test_an_unknown_or_closed_major_answers_404(zhang):
    Major.objects(code="120103").update(set__status="closed")

    assert zhang.get("/graduation/check?major=999999").status_code == 404
    assert zhang.get("/graduation/check?major=120103").status_code == 404


def test_a_major_without_a_plan_says_so(zhang):
    MajorPlan.objects(major=Major.objects.get(code="030101K")).delete()

    assert "该专业暂无专业计划。" in text(zhang.get("/graduation/check"))


def test_page_round_trips_do_not_grow_with_the_plan_or_the_scores(app, wang):
    url = f"/graduation/check?major=120402&extra={option('政治类专科毕业已通过行政法学')}"

    def trips():
        with app.app_context(), counting() as counted:
            assert wang.get(url).status_code == 200
        return counted.mongo

    before = trips()
    candidate = Candidate.objects.get(exam_number=WANG)
    module = PlanModule.objects(plan=MajorPlan.objects.get(major=candidate.major)).first()
    extra = [Course(code=f"9{n:04d}", name=f"新课程{n}", credits=3).save() for n in range(30)]
    module.required_courses += extra
    module.save()
    for course in extra:
        Score(candidate=candidate, exam_number=WANG, course=course, mark=70, sitting="2024-04").save()

    assert trips() == before
    assert "公共基础课 ✓ 最低学分 13，已得 107" in text(wang.get(url))


# --- staff screens for the rules -----------------------------------------------------------------------------

@pytest.mark.parametrize("view", ["substitutionview", "extraexamoptionview"])
def test_the_rule_screens_list_the_demo_rules_and_open_their_forms(admin_client, view):
    listed = text(admin_client.get(f"/{view}/list/"))

    assert "120402 行政管理" in listed
    assert ("英语(专升本)顶替" in listed) if view == "substitutionview" else ("非政治类专科毕业未通过行政法学" in listed)
    assert admin_client.get(f"/{view}/add").status_code == 200


def test_an_administrator_adds_a_substitution_rule_without_code(admin_client):
    plan = MajorPlan.objects.get(major=Major.objects.get(code="690206"))
    english, politics = Course.objects.get(code="13124"), Course.objects.get(code="00312")

    admin_client.post("/substitutionview/add", data={
        "plan": str(plan.pk), "name": "英语(专)顶替", "replaces": [str(english.pk)], "replacing": [str(politics.pk)],
        "min_credits": "6", "valid_from": "2015-04", "valid_until": "", "note": ""}, follow_redirects=True)

    rule = Substitution.objects.get(name="英语(专)顶替")
    assert ([c.code for c in rule.replaces], [c.code for c in rule.replacing], rule.min_credits) == (
        ["13124"], ["00312"], 6)


def test_a_rule_replacing_a_course_by_itself_is_refused_with_the_reason(admin_client):
    plan = MajorPlan.objects.get(major=Major.objects.get(code="690206"))
    english = Course.objects.get(code="13124")

    page = text(admin_client.post("/substitutionview/add", data={
        "plan": str(plan.pk), "name": "错误规则", "replaces": [str(english.pk)], "replacing": [str(english.pk)],
        "min_credits": "7"}, follow_redirects=True))

    assert "课程 13124 英语(专) 不能既被顶替又用于顶替。" in page
    assert not Substitution.objects(name="错误规则")


def test_a_transferred_score_is_named_by_its_province_and_number_there(zhang):
    candidate = Candidate.objects.get(exam_number=ZHANG)
    Score(candidate=candidate, exam_number=ZHANG, course=Course.objects.get(code="00261"), mark=75, sitting="2018-04",
          source="transfer_in", from_province="江西省", from_exam_number="360101234567").save()

    page = text(zhang.get("/graduation/check"))

    assert "准考证号 江西省 360101234567 · 2018-04 · 转入" in page
