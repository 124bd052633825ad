"""Transfer in 转入: courses passed elsewhere; the district confirms on site, then the province; scores join."""
import datetime
import io

import bson
import pytest

from app.models import Application, Course, Score
from app.models.application import Attachment
from usecases import applications
from tests.fixtures import candidate_client, errors, jpeg, staff_client, text
from tests.workflows.fixtures import review
from application_types.transfer_in.effects import grant_transfer_in_scores
from workflows.engine import CommentRequired, fire


SOURCE = {"province": "江西省", "exam_number": "360101234567", "major": "030101K"}


def course(code, mark=75, credits=4, sitting="2019-04"):
    return {"course": code, "mark": mark, "credits": credits, "sitting": sitting}


def draft(candidate_document, *courses):
    application = applications.start(candidate_document, "transfer_in")
    proof = Attachment(field="proof", file_id=bson.ObjectId(), filename="proof.jpg", content_type="image/jpeg",
                       size=1000, sha256="0" * 64)
    Application.objects(pk=application.pk).update_one(
        set__working={**SOURCE, "courses": {str(slot): entry for slot, entry in enumerate(courses)}},
        set__working_attachments=[proof])
    return application.reload()


def transferred_in(candidate_document):
    return {s.course.code: s for s in Score.objects(candidate=candidate_document, source="transfer_in")}


def test_a_transfer_in_is_confirmed_rejected_resubmitted_and_approved(app_ctx, transfer_window, zhang, candidate,
                                                                      heping_reviewer, province_reviewer):
    application = applications.submit(draft(zhang, course("00261", 75), course("00321", 68, 6, "2018-10")),
                                      candidate)
    assert application.state == "district_review"

    fire(application, "approve", heping_reviewer)
    assert application.state == "provincial_review"
    with pytest.raises(CommentRequired):
        fire(application, "reject", province_reviewer)
    fire(application, "reject", province_reviewer, comment="成绩单不清晰")
    assert (application.state, application.last_comment) == ("rejected", "成绩单不清晰")
    assert transferred_in(zhang) == {}

    application = applications.submit(application.reload(), candidate)
    assert application.state == "district_review"
    fire(application, "approve", heping_reviewer)
    fire(application, "approve", province_reviewer)

    assert application.state == "approved"
    scores = transferred_in(zhang)
    assert set(scores) == {"00261", "00321"}
    assert (scores["00321"].mark, scores["00321"].sitting, scores["00321"].passed) == (68, "2018-10", True)
    assert (scores["00321"].from_province, scores["00321"].from_exam_number) == ("江西省", "360101234567")
    assert scores["00261"].origin == f"transfer_in:{application.pk}:00261"


def test_granting_again_adds_nothing(app_ctx, transfer_window, zhang, candidate, heping_reviewer,
                                     province_reviewer):
    application = applications.submit(draft(zhang, course("00261")), candidate)
    fire(fire(application, "approve", heping_reviewer), "approve", province_reviewer)

    assert grant_transfer_in_scores(application) == "granted 0 of 1"
    assert Score.objects(candidate=zhang, source="transfer_in").count() == 1


def test_a_course_given_twice_is_refused(app_ctx, transfer_window, zhang, candidate):
    with pytest.raises(applications.StepInvalid) as refused:
        applications.submit(draft(zhang, course("00261"), course("00261", 80)), candidate)

    assert "课程 00261 填写了多次，每门课程只填写一项。" in str(refused.value)


@pytest.mark.parametrize("second, message", [
    ({"courses-1-course": "00261", "courses-1-mark": "80"}, "课程 00261 填写了多次，每门课程只填写一项。"),
    ({"courses-1-course": "00321", "courses-1-mark": "80.5"}, "成绩为60–100的整数。"),
], ids=["repeated", "part-mark"])
def test_a_repeated_course_or_a_part_mark_is_refused_on_the_courses_step(app, transfer_window, second, message):
    client = candidate_client(app, "080105408130")
    step = client.post("/apply/transfer_in/notice", data={"agree": "y"}).location
    assert client.post(step, data=SOURCE).status_code == 302
    courses_step = step.rsplit("/", 1)[0] + "/courses"
    first = {"courses-0-course": "00261", "courses-0-mark": "75", "courses-0-credits": "4",
             "courses-0-sitting": "2019-04", "courses-1-credits": "4", "courses-1-sitting": "2019-04"}

    response = client.post(courses_step, data={**first, **second})

    assert response.status_code == 200 and errors(response) == [message]
    assert Application.objects.get(pk=step.split("/")[2]).working.get("courses") is None


@pytest.mark.parametrize("mark", ["101", "-5", "59"])
def test_marks_out_of_range_are_refused(app, transfer_window, mark):
    client = candidate_client(app, "080105408130")
    step = client.post("/apply/transfer_in/notice", data={"agree": "y"}).location
    assert client.post(step, data=SOURCE).status_code == 302
    courses_step = step.rsplit("/", 1)[0] + "/courses"

    response = client.post(courses_step, data={"courses-0-course": "00261", "courses-0-mark": mark,
                                                "courses-0-credits": "4", "courses-0-sitting": "2019-04"})

    assert response.status_code == 200 and "请填写 60 到 100 之间的数。" in text(response)
    assert Application.objects.get(pk=step.split("/")[2]).working.get("courses") is None


def test_any_course_of_the_catalogue_can_be_chosen(app, transfer_window):
    client = candidate_client(app, "080105408130")
    step = client.post("/apply/transfer_in/notice", data={"agree": "y"}).location
    client.post(step, data=SOURCE)

    page = client.get(step.rsplit("/", 1)[0] + "/courses").get_data(as_text=True)

    assert all(f'value="{c.code}"' in page for c in Course.objects)


def started(client):
    """The candidate's new transfer-in: the URL of its first step."""
    return client.post("/apply/transfer_in/notice", data={"agree": "y"}).location


def courses_form(*courses):
    return {f"courses-{slot}-{name}": str(value) for slot, entry in enumerate(courses) for name, value in entry.items()}


def test_our_own_province_is_refused_on_the_source_step(app, transfer_window):
    client = candidate_client(app, "080105408130")
    step = started(client)

    response = client.post(step, data={**SOURCE, "province": "天津市"})

    assert response.status_code == 200
    assert "来源省不能是本省（天津市）：在本省取得的成绩无需转入。" in text(response)
    assert Application.objects.get(pk=step.split("/")[2]).working.get("province") is None


def test_an_exam_month_still_to_come_is_refused_on_the_courses_step(app, transfer_window):
    client = candidate_client(app, "080105408130")
    step = started(client)
    client.post(step, data=SOURCE)
    month = datetime.date.today().replace(day=1) + datetime.timedelta(days=40)

    response = client.post(step.rsplit("/", 1)[0] + "/courses", data=courses_form(
        course("00261"), course("00321", sitting=f"{month:%Y-%m}")))

    this_month = f"{datetime.date.today():%Y-%m}"
    assert response.status_code == 200
    assert f"第2项的考试时间 {month:%Y-%m} 晚于本月（{this_month}），请填写已经考过的考试时间。" in text(response)
    assert Application.objects.get(pk=step.split("/")[2]).working.get("courses") is None


def test_a_submission_is_refused_what_the_steps_refuse(app_ctx, transfer_window, zhang, candidate):
    application = draft(zhang, course("00261"))
    Application.objects(pk=application.pk).update_one(set__working__province="天津市")

    with pytest.raises(applications.StepInvalid) as refused:
        applications.submit(application.reload(), candidate)

    assert "来源省不能是本省（天津市）" in str(refused.value)
    assert application.reload().state == "draft"


def test_a_course_passed_here_and_other_credits_are_pointed_out_to_both_sides(app, transfer_window, zhang):
    """张明 passed 犯罪学 (13144, 6 credits) here in 2023-10 with 72; he transfers it in with 75 and 4 credits."""
    client = candidate_client(app, "080105408130")
    step = started(client)
    client.post(step, data=SOURCE)
    courses_step = step.rsplit("/", 1)[0] + "/courses"
    client.post(courses_step, data=courses_form(course("13144", 75, 4, "2024-04"), course("00261", 70, 5)))
    client.post(step.rsplit("/", 1)[0] + "/proof", data={"proof": (io.BytesIO(jpeg()), "成绩单.jpg")},
                content_type="multipart/form-data")
    application_id = step.split("/")[2]

    duplicate = ("你已有 犯罪学（13144）的合格成绩（考试，2023-10，72 分），转入后将产生重复成绩，"
                 "审核通过后请在“我的成绩”中选择计入的成绩。")
    credits = "犯罪学（13144）：课程学分以本省为准：6 学分（你填写的是 4 学分）。"
    for page in (text(client.get(courses_step)), text(client.get(f"/applications/{application_id}/preview"))):
        assert duplicate in page and credits in page
        assert "行政法学（00261）：课程学分以本省为准" not in page  # 5 credits here too
    assert "的合格成绩（" not in text(client.get(step))  # the source step holds no course
    assert client.post(f"/applications/{application_id}/submit").status_code == 302
    assert Application.objects.get(pk=application_id).data["courses"]["0"]["credits"] == 4  # kept as typed

    heping = staff_client(app, "heping")
    shown = text(heping.get(f"/applicationview/show/{application_id}"))
    assert "转入课程核对" in shown and "1 门课程考生填写的学分与本省不同，转入后按本省学分计。" in shown
    assert "考生已有 犯罪学（13144）的合格成绩（考试，2023-10，72 分），转入后将产生重复成绩" in shown
    assert "犯罪学（13144） 75 2024-04 4 6 （不同） 2023-10 72" in shown
    assert "行政法学（00261） 70 2019-04 5 5 —" in shown
    review(heping, application_id, "approve")
    province = staff_client(app, "province")
    assert "犯罪学（13144） 75 2024-04 4 6 （不同） 2023-10 72" in text(
        province.get(f"/applicationview/show/{application_id}"))
    review(province, application_id, "approve")

    scores = text(client.get("/scores"))
    current, history = scores.split("历史成绩")
    assert "当次成绩（2023-10）" in current and "2024-04" not in current
    assert "犯罪学（13144） 6 75 2024-04 转入 江西省 360101234567" in history
    assert "犯罪学（13144） 6 72 2023-10 考试 010123100003" in history
    assert "有课程存在多条合格成绩。 选择计入的成绩" in history
    after = text(staff_client(app, "province").get(f"/applicationview/show/{application_id}"))
    assert "犯罪学（13144） 75 2024-04 4 6 （不同） 2023-10 72" in after  # its own score is no pass of before


def test_a_pass_of_another_kind_is_named_as_its_kind_with_its_grade(app, transfer_window, zhang, candidate):
    """张明 holds 行政法学 (00261) as an exemption back-registered in 2015 (通过, no mark) and 中国文化概论 (00321) as
    an earlier transfer; transferring them in again names each pass as what it is."""
    Score(candidate=zhang, exam_number=zhang.exam_number, course=Course.objects.get(code="00261"), grade="通过",
          sitting="2015-06", source="back_registration", registered_as="exemption").save()
    Score(candidate=zhang, exam_number=zhang.exam_number, course=Course.objects.get(code="00321"), mark=66,
          sitting="2018-04", source="transfer_in", from_province="河北省").save()
    application = draft(zhang, course("00261"), course("00321"))
    client = candidate_client(app, "080105408130")

    preview = text(client.get(f"/applications/{application.pk}/preview"))
    with app.test_request_context():
        applications.submit(application, candidate)
    shown = text(staff_client(app, "heping").get(f"/applicationview/show/{application.pk}"))

    assert "你已有 行政法学（00261）的合格成绩（免考（补登），2015-06，通过），转入后将产生重复成绩" in preview
    assert "你已有 中国文化概论（00321）的合格成绩（转入，2018-04，66 分），转入后将产生重复成绩" in preview
    assert "考生已有 行政法学（00261）的合格成绩（免考（补登），2015-06，通过），转入后将产生重复成绩" in shown
    assert "考生已有 中国文化概论（00321）的合格成绩（转入，2018-04，66 分）" in shown
    assert "成绩 通过" not in preview + shown


def test_staff_read_a_transferred_score_with_its_province_and_number(app, transfer_window, zhang, candidate,
                                                                     heping_reviewer, province_reviewer):
    with app.test_request_context():
        application = applications.submit(draft(zhang, course("00261")), candidate)
        fire(fire(application, "approve", heping_reviewer), "approve", province_reviewer)
    score = Score.objects.get(candidate=zhang, source="transfer_in")
    admin = staff_client(app, "admin")

    listed = text(admin.get("/scoreview/list/?_flt_0_from_province=江西省"))
    shown = text(admin.get(f"/scoreview/show/{score.pk}"))

    assert "行政法学" in listed and "江西省 360101234567" in listed
    assert "来源 转入" in shown and "来源省 江西省" in shown and "来源准考证号 360101234567" in shown
