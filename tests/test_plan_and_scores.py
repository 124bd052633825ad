"""The exam plan page 考试计划 and the scores pages 当次成绩 / 历史成绩."""
import pytest

from app.models import Candidate, Course, MajorPlan, PlanModule, Score
from bench.roundtrips import counting
from tests.fixtures import candidate_client, text

ZHANG, LI, WANG = "080105408130", "414817170542", "011421104387"


@pytest.fixture
def li(app, world):
    return candidate_client(app, LI)


def test_the_plan_page_sums_up_li_huas_120103_plan(li):
    page = text(li.get("/plan"))

    assert "120103 工程管理（本科(专升本)）" in page
    assert "15/17 已考课程 1 免考课程 0 转入课程 79 已得学分" in page
    assert "00015 英语(二) 14 免考 通过 2019-12" in page
    assert "00016 日语(二) 14 未考 - -" in page
    assert "外语(任选1门)（2选1）" in page
    assert "专业课 最低学分 50，已得 50" in page


def test_the_plan_page_shows_a_failed_course_as_failed(app, world):
    zhao = Candidate.objects.get(exam_number="011422045126")
    Score(candidate=zhao, exam_number=zhao.exam_number, course=Course.objects.get(code="00261"), mark=48,
          sitting="2024-04").save()

    page = text(candidate_client(app, "011422045126").get("/plan"))

    assert "00261 行政法学 5 未通过 48 -" in page


def test_the_plan_page_offers_the_majors_sharing_the_candidates_courses(app, world):
    zhang = candidate_client(app, ZHANG)

    other = text(zhang.get("/plan?major=120103"))

    assert "02628 管理经济学 5 已通过 69 2023-04" in other
    assert "3/17 已考课程" in other
    assert '<option value="120103" selected>' in zhang.get("/plan?major=120103").get_data(True)
    assert zhang.get("/plan?major=999999").status_code == 404


def test_scores_show_the_latest_sitting_then_the_whole_history_newest_first(app, world):
    page = text(candidate_client(app, WANG).get("/scores"))

    current, history = page.split("历史成绩")
    assert "当次成绩（2024-04）" in current
    assert "企业管理概论（00144） 5 77 2024-04 考试 011421104387" in current
    assert "行政管理学毕业论文（10304）" in current and "社会学概论（00034）" not in current
    sittings = [s for s in history.split() if s[:2] == "20" and len(s) == 7 and s[4] == "-"]
    assert sittings == sorted(sittings, reverse=True) and len(sittings) == 16
    assert "西方政治制度（00316） 6 52 2022-04" in history and "西方政治制度（00316） 6 64 2022-10" in history


def test_scores_under_each_exam_number_are_shown_with_it(app, world):
    page = text(candidate_client(app, ZHANG).get("/scores"))

    assert "犯罪学（13144） 6 72 2023-10 考试 010123100003" in page
    assert "英语(专升本)（13000） 7 61 2021-10 考试 080105408130" in page


def test_history_sums_up_passed_exempted_and_credits(li):
    history = text(li.get("/scores")).split("历史成绩")[1]

    assert "15 已考课程 1 免考课程 0 转入课程 79 已得学分" in history


def test_a_candidate_never_sees_another_candidates_scores(app, world):
    page = text(candidate_client(app, LI).get("/scores"))

    assert "080105408130" not in page and "犯罪学" not in page


def test_a_candidate_without_scores_is_told_so(app, world):
    Score.objects(candidate=Candidate.objects.get(exam_number=LI)).delete()

    assert "暂无成绩。" in text(candidate_client(app, LI).get("/scores"))


def test_plan_page_round_trips_do_not_grow_with_the_plan(app, li):
    def trips():
        with app.app_context(), counting() as counted:
            assert li.get("/plan").status_code == 200
        return counted.mongo

    before = trips()
    candidate = Candidate.objects.get(exam_number=LI)
    module = PlanModule.objects(plan=MajorPlan.objects.get(major=candidate.major)).first()
    extra = [Course(code=f"9{n:04d}", name=f"新课程{n}", credits=3).save() for n in range(30)]
    module.required_courses += extra
    module.save()
    for course in extra:
        Score(candidate=candidate, exam_number=LI, course=course, mark=70, sitting="2024-04").save()

    assert trips() == before
    assert "45/47 已考课程" in text(li.get("/plan"))


def test_scores_page_round_trips_do_not_grow_with_scores(app, li):
    def trips():
        with app.app_context(), counting() as counted:
            assert li.get("/scores").status_code == 200
        return counted.mongo

    before = trips()
    candidate = Candidate.objects.get(exam_number=LI)
    for n in range(30):
        course = Course(code=f"9{n:04d}", name=f"新课程{n}", credits=3).save()
        Score(candidate=candidate, exam_number=LI, course=course, mark=50 + n, sitting="2024-10").save()

    assert trips() == before


def test_a_course_passed_twice_leads_to_choosing_the_pass_that_counts(app, world):
    zhang = Candidate.objects.get(exam_number=ZHANG)
    client = candidate_client(app, ZHANG)
    assert "选择计入的成绩" not in text(client.get("/scores"))

    Score(candidate=zhang, exam_number="019901234567", course=Course.objects.get(code="00226"), mark=65,
          sitting="2000-10", counts=False).save()
    page = text(client.get("/scores"))

    assert "有课程存在多条合格成绩。 选择计入的成绩" in page
    assert "知识产权法（00226） 4 65 2000-10 考试 不计入 019901234567" in page


def test_scores_without_an_exam_taken_here_show_no_current_sitting(app, world):
    """An exemption or a transfer-in carries a month, but no sitting of the candidate's: 当次成绩 is for exams."""
    li = Candidate.objects.get(exam_number=LI)
    Score.objects(candidate=li, source="exam").delete()
    Score(candidate=li, exam_number=LI, course=Course.objects.get(code="00261"), mark=75, sitting="2024-04",
          source="transfer_in", from_province="江西省", from_exam_number="360101234567").save()

    page = text(candidate_client(app, LI).get("/scores"))

    assert "当次成绩" not in page and "暂无在本省参加考试的成绩。" in page
    assert "行政法学（00261） 5 75 2024-04 转入 江西省 360101234567" in page.split("历史成绩")[1]
