"""Transfer in 转入: courses passed elsewhere; the district confirms on site, then the province; scores join."""
import bson
import pytest

from app.models import Application, Course, Score
from app.models.application import Attachment
from usecases import applications
from tests.fixtures import candidate_client, errors, text
from application_types.transfer_in.effects import grant_transfer_in_scores
from workflows.engine import CommentRequired, WorkflowError, fire


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


def test_a_transfer_in_is_confirmed_rejected_resubmitted_and_approved(transfer_window, zhang, candidate,
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
    assert scores["00261"].origin == f"transfer_in:{application.pk}:00261"


def test_granting_again_adds_nothing(transfer_window, zhang, candidate, heping_reviewer,
                                     province_reviewer):
    application = applications.submit(draft(zhang, course("00261")), candidate)
    fire(fire(application, "approve", heping_reviewer), "approve", province_reviewer)

    assert grant_transfer_in_scores(application) == "granted 0 of 1"
    assert Score.objects(candidate=zhang, source="transfer_in").count() == 1


def test_a_course_given_twice_is_refused_on_submit(transfer_window, zhang, candidate):
    with pytest.raises(WorkflowError) as refused:
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
