"""Score recheck 成绩复核: a score of the latest sitting within the working days after publication, the stamped
request form as a second step, district then province review, the score kept or corrected, the candidate told."""
import datetime
import io

import bson
import pytest

from app.models import Application, BusinessType, Message, Score, Sitting
from app.models.application import Attachment
from usecases import applications
from tests.fixtures import candidate_client, staff_client, text
from tests.test_candidate_applications import jpeg
from application_types.recheck.effects import correct_recheck_score, notify_recheck_result
from workflows.engine import GuardRefused, InputRefused, TransitionNotAllowed, fire
from application_types.recheck.guards import working_days_after
PUBLISHED = datetime.date(2024, 11, 1)  # a Friday: the third working day after it is Wednesday 6 November
IN_TIME = datetime.datetime(2024, 11, 6, 16, 0)
TOO_LATE = datetime.datetime(2024, 11, 7, 9, 0)


@pytest.fixture
def in_app(app_ctx):
    """Guards read the configuration (RECHECK_WORKING_DAYS), as they do in a request or `flask` command.
    Not for the page tests: a context kept open would share `g` (the signed-in user) between clients."""


@pytest.fixture
def recheck_open(app, world):
    now = datetime.datetime.now()
    kind = BusinessType.objects.get(key="recheck")
    kind.opens_at, kind.closes_at, kind.enabled = datetime.datetime(2020, 1, 1), now + datetime.timedelta(days=30), True
    kind.save()
    return kind


def published(on):
    """The 2023-10 sitting's scores were published at midnight of the day `on`."""
    Sitting.objects(code="2023-10").update_one(upsert=True, set__scores_published_at=datetime.datetime.combine(
        on, datetime.time()))


def latest_score(zhang, code="13144"):
    return next(s for s in Score.objects(candidate=zhang, sitting="2023-10") if s.course.code == code)


def drafted(zhang, score, reason="成绩与预估相差较大"):
    application = applications.start(zhang, "recheck")
    Application.objects(pk=application.pk).update_one(set__working={"score": str(score.pk), "reason": reason})
    return application.reload()


def with_stamped_form(application):
    Application.objects(pk=application.pk).update_one(push__working_attachments=Attachment(
        field="request_form", file_id=bson.ObjectId(), filename="form.jpg", content_type="image/jpeg", size=1000,
        sha256="0" * 64))
    return application.reload()


@pytest.fixture
def at_province(in_app, recheck_open, zhang, candidate, heping_reviewer):
    published(PUBLISHED)
    application = applications.submit(drafted(zhang, latest_score(zhang)), candidate, now=IN_TIME)
    application = applications.submit(with_stamped_form(application), candidate, now=IN_TIME)
    return fire(application, "approve", heping_reviewer)


def test_the_whole_recheck_through_the_pages(app, recheck_open, zhang):
    published(datetime.date.today())
    score = latest_score(zhang)
    client = candidate_client(app, "080105408130")
    step = client.post("/apply/recheck/notice", data={"agree": "y"}).location
    application_id = step.split("/")[2]

    assert "复核成绩" in text(client.get(step))
    assert client.get(f"/applications/{application_id}/steps/stamped_form").status_code == 404
    assert client.post(step, data={"score": str(score.pk), "reason": "成绩偏低"}).status_code == 302
    sent = client.post(f"/applications/{application_id}/submit", follow_redirects=True)
    assert Application.objects.get(pk=application_id).state == "awaiting_form"
    # Not a review yet: the candidate is told the form is theirs to upload, not to wait.
    assert "申请已提交，现为“待上传复核申请表”，请按本页提示继续办理。" in text(sent)
    assert "耐心等待" not in text(sent)

    # The score and reason are sent; now only the stamped form is open, and it is required.
    assert client.get(step).status_code == 404
    missing = client.post(f"/applications/{application_id}/submit", follow_redirects=True)
    assert "成绩复核申请表（考区盖章）" in text(missing)
    upload = f"/applications/{application_id}/steps/stamped_form"
    assert client.post(upload, data={"request_form": [(io.BytesIO(jpeg()), "form.jpg")]}).status_code == 302
    sent = client.post(f"/applications/{application_id}/submit", follow_redirects=True)
    assert "申请已提交，现为“考区审核中”，由区县审核人员办理，请耐心等待结果。" in text(sent)
    application = Application.objects.get(pk=application_id)
    assert application.state == "district_review"
    assert [a.field for a in application.attachments] == ["request_form"]

    heping = staff_client(app, "heping")
    assert "复核原因" in text(heping.get(f"/applicationview/show/{application_id}"))
    heping.post(f"/applicationview/review/{application_id}",
                data={"event": "reject", "comment": "盖章不清晰", "version": application.version})
    assert Application.objects.get(pk=application_id).state == "rejected"
    assert "盖章不清晰" in text(client.get(f"/applications/{application_id}"))

    assert client.post(upload, data={"request_form": [(io.BytesIO(jpeg(colour=(10, 20, 30))), "again.jpg")]},
                       ).status_code == 302
    client.post(f"/applications/{application_id}/submit")
    application = Application.objects.get(pk=application_id)
    assert application.state == "district_review"
    heping.post(f"/applicationview/review/{application_id}", data={"event": "approve", "version": application.version})

    province = staff_client(app, "province")
    page = province.get(f"/applicationview/show/{application_id}")
    assert "更正后的成绩" in text(page) and "当前 72 →" in text(page)
    province.post(f"/applicationview/review/{application_id}",
                  data={"event": "correct", "comment": "第2题漏判，更正为80分", "input-correct-mark": "80",
                        "version": application.version + 1})

    assert Application.objects.get(pk=application_id).state == "corrected"
    score.reload()
    assert score.mark == 80 and score.passed
    assert [(h["old"], h["new"], h["application"]) for h in score.history] == [(72, 80, application_id)]
    told = Message.objects.get(recipient=zhang, title="成绩复核结果")
    assert "经复核更正：72 分 → 80 分" in told.body
    assert "更正后的成绩：72 → 80" in text(province.get(f"/applicationview/show/{application_id}"))
    assert "更正后的成绩：72 → 80" in text(client.get(f"/applications/{application_id}"))
    assert "72 → 80" in text(province.get(f"/scoreview/show/{score.pk}"))
    client.get("/language/en")
    assert "Corrected score: 72 → 80" in text(client.get(f"/applications/{application_id}"))


def test_a_kept_score_is_unchanged_and_the_candidate_is_told(at_province, province_reviewer, zhang):
    fire(at_province, "keep", province_reviewer, comment="经复核，原成绩无误")

    assert at_province.state == "kept"
    assert latest_score(zhang).mark == 72 and latest_score(zhang).history == []
    assert "维持原成绩 72 分" in Message.objects.get(recipient=zhang, title="成绩复核结果").body


def test_correcting_again_changes_nothing_more(at_province, province_reviewer, zhang):
    fire(at_province, "correct", province_reviewer, comment="第2题漏判", inputs={"mark": "65"})

    assert correct_recheck_score(at_province) == "already corrected"
    assert notify_recheck_result(at_province) == "already told"
    score = latest_score(zhang)
    assert score.mark == 65 and len(score.history) == 1 and score.passed
    assert Message.objects(recipient=zhang, title="成绩复核结果").count() == 1


def test_the_mark_is_the_one_typed_never_a_number_in_the_comment(at_province, province_reviewer, zhang):
    fire(at_province, "correct", province_reviewer, comment="第2题漏判，更正为80分", inputs={"mark": "80"})

    score = latest_score(zhang)
    assert (score.mark, score.passed) == (80, True)
    assert at_province.history[-1].given("mark") == 80 and at_province.history[-1].inputs[0].before == 72


@pytest.mark.parametrize("typed, reason", [
    ("", "请填写更正后的成绩。"),
    ("八十", "更正后的成绩须为0–100的整数。"),
    ("101", "更正后的成绩须为0–100的整数。"),
    ("80.5", "更正后的成绩须为0–100的整数。"),
    ("-1", "更正后的成绩须为0–100的整数。"),
    ("٨٠", "更正后的成绩须为0–100的整数。"),  # Arabic-Indic digits, which int() would read as 80
    ("0" * 4999 + "5", "更正后的成绩须为0–100的整数。"),  # longer than int() converts
    ("72", "更正后的成绩与当前的 72 相同，无需更正。"),
])
def test_a_bad_corrected_mark_is_refused_beside_its_input_and_nothing_changes(app, at_province, zhang, typed,
                                                                             reason):
    province = staff_client(app, "province")

    response = province.post(f"/applicationview/review/{at_province.pk}", data={
        "event": "correct", "comment": "第2题漏判", "input-correct-mark": typed, "version": at_province.version})

    html = response.get_data(as_text=True)
    assert response.status_code == 200 and reason in text(response)
    beside = html[html.index('name="input-correct-mark"'):]
    assert beside.index(reason) < beside.index('name="comment"')  # under the input, before the comment
    assert f'value="{typed}"' in html and 'value="第2题漏判"' in html  # what was typed is kept
    assert at_province.reload().state == "provincial_review"
    assert latest_score(zhang).mark == 72 and latest_score(zhang).history == []
    assert not Message.objects(recipient=zhang, title="成绩复核结果")


def test_a_correction_fires_only_with_its_mark(at_province, province_reviewer):
    with pytest.raises(TransitionNotAllowed, match="“更正成绩”须在审核页面逐件办理，并填写更正后的成绩。"):
        fire(at_province, "correct", province_reviewer, comment="第2题漏判，更正为80分")
    with pytest.raises(InputRefused, match="请填写更正后的成绩。"):
        fire(at_province, "correct", province_reviewer, comment="第2题漏判，更正为80分", inputs={})

    assert at_province.reload().state == "provincial_review" and len(at_province.history) == 3


def test_a_graded_score_is_corrected_to_one_of_the_grades(app, at_province, province_reviewer, zhang):
    Score.objects(pk=latest_score(zhang).pk).update_one(set__grade="合格", unset__mark=True)
    page = text(staff_client(app, "province").get(f"/applicationview/show/{at_province.pk}"))

    with pytest.raises(InputRefused, match="更正后的成绩请从“通过”、“合格”中选择。"):
        fire(at_province, "correct", province_reviewer, comment="等级有误", inputs={"mark": "80"})
    fire(at_province, "correct", province_reviewer, comment="等级有误", inputs={"mark": "通过"})

    assert "当前 合格 →" in page
    score = latest_score(zhang)
    assert (score.grade, score.mark, score.passed) == ("通过", None, True)
    assert [(h["old"], h["new"]) for h in score.history] == [("合格", "通过")]
    assert "经复核更正：合格 → 通过" in Message.objects.get(recipient=zhang, title="成绩复核结果").body


def test_a_correction_below_the_pass_mark_fails_the_course(at_province, province_reviewer, zhang):
    fire(at_province, "correct", province_reviewer, comment="第2题误判", inputs={"mark": "58"})

    assert latest_score(zhang).passed is False


def test_once_forwarded_to_the_province_the_district_has_no_action_left(app, at_province):
    heping = staff_client(app, "heping")

    page = heping.get(f"/applicationview/show/{at_province.pk}").get_data(as_text=True)
    posted = {event: heping.post(f"/applicationview/review/{at_province.pk}", data={
        "event": event, "comment": "考区改判", "input-correct-mark": "80", "version": at_province.version},
        follow_redirects=True) for event in ("reject", "keep", "correct", "approve")}

    assert 'name="event"' not in page
    for event, response in posted.items():
        assert "不能执行" in text(response), event
    assert at_province.reload().state == "provincial_review" and len(at_province.history) == 3


def test_outside_the_working_day_window_the_deadline_is_shown(in_app, recheck_open, zhang, candidate):
    published(PUBLISHED)
    application = drafted(zhang, latest_score(zhang))

    with pytest.raises(GuardRefused, match="截止日期为 2024-11-06"):
        applications.submit(application, candidate, now=TOO_LATE)

    assert application.reload().state == "draft"


def test_the_stamped_form_too_must_come_within_the_window(in_app, recheck_open, zhang, candidate):
    published(PUBLISHED)
    application = applications.submit(drafted(zhang, latest_score(zhang)), candidate, now=IN_TIME)

    with pytest.raises(GuardRefused, match="已超过申请期限"):
        applications.submit(with_stamped_form(application), candidate, now=TOO_LATE)


def test_a_score_of_an_earlier_sitting_is_refused(in_app, recheck_open, zhang, candidate):
    published(PUBLISHED)
    older = next(s for s in Score.objects(candidate=zhang, sitting="2023-04"))

    application = drafted(zhang, older)

    with pytest.raises(applications.StepInvalid):  # the form offers only scores of the latest sitting
        applications.submit(application, candidate, now=IN_TIME)
    with pytest.raises(GuardRefused, match="只能对最近一次考试（2023-10）的成绩申请复核"):
        fire(application, "submit", candidate, now=IN_TIME,
             publish={"data": dict(application.working), "attachments": [], "items": []})


def test_the_form_offers_only_scores_of_the_latest_sitting(app, recheck_open, zhang):
    published(datetime.date.today())
    older = next(s for s in Score.objects(candidate=zhang, sitting="2023-04"))
    client = candidate_client(app, "080105408130")
    step = client.post("/apply/recheck/notice", data={"agree": "y"}).location

    page = text(client.get(step))
    refused = client.post(step, data={"score": str(older.pk), "reason": "成绩偏低"})

    assert "13144" in page and "14850" in page and "00249" not in page
    assert refused.status_code == 200
    assert Application.objects.get(pk=step.split("/")[2]).working.get("score") is None


def test_without_a_publication_date_recheck_waits(in_app, recheck_open, zhang, candidate):
    Sitting.objects(code="2023-10").delete()

    with pytest.raises(GuardRefused, match="成绩公布日期尚未登记"):
        applications.submit(drafted(zhang, latest_score(zhang)), candidate, now=IN_TIME)


def test_working_days_skip_the_weekend(app):
    assert working_days_after(PUBLISHED, 3) == datetime.date(2024, 11, 6)
    assert working_days_after(datetime.date(2024, 11, 4), 3) == datetime.date(2024, 11, 7)
    with app.app_context():
        assert app.config["RECHECK_WORKING_DAYS"] == 3


def test_an_administrator_records_when_scores_were_published(app, admin_client):
    listed = admin_client.get("/sittingview/list/")
    added = admin_client.post("/sittingview/add", data={"code": "2025-04", "scores_published_at": "2025-05-20 09:00",
                                                        "max_courses": "4"})  # as the form shows it

    assert listed.status_code == 200 and "2024-04" in text(listed)  # the demo's latest sitting
    assert added.status_code == 302
    assert Sitting.objects.get(code="2025-04").scores_published_at == datetime.datetime(2025, 5, 20, 9)


def test_a_bulk_action_cannot_fire_a_transition_that_asks_for_inputs(app, in_app, recheck_open, zhang, candidate):
    from application_types.recheck.workflow import RECHECK
    from workflows.engine import workflow_definitions

    body = RECHECK.to_data()
    approve = next(t for t in body["transitions"] if t["event"] == "approve")
    approve["inputs"] = [{"name": "mark", "kind": "score_mark", "label": "考区核对的成绩", "required": False}]
    workflow_definitions.save("recheck", body, "admin")
    published(datetime.date.today())
    application = applications.submit(drafted(zhang, latest_score(zhang)), candidate)
    application = applications.submit(with_stamped_form(application), candidate)
    heping = staff_client(app, "heping")

    response = heping.post("/applicationview/action_post", data={"action": "approve_selected",
                                                                  "rowid": [str(application.pk)]},
                           follow_redirects=True)

    assert "“审核通过”须在审核页面逐件办理，并填写考区核对的成绩。" in text(response)
    assert "已审核通过 0 件，共选择 1 件。" in text(response)
    assert application.reload().state == "district_review"


def test_a_later_transfer_in_or_back_registration_is_no_sitting_to_recheck(app, recheck_open, zhang):
    """Scores granted with a later month than the candidate's latest exams leave the latest sitting as it was."""
    published(datetime.date.today())
    course = latest_score(zhang).course
    Score(candidate=zhang, exam_number=zhang.exam_number, course=course, mark=75, sitting="2024-04",
          source="transfer_in", from_province="江西省", from_exam_number="360101234567").save()
    Score(candidate=zhang, exam_number=zhang.exam_number, course=course, grade="通过", sitting="2024-10",
          source="back_registration", registered_as="exemption").save()
    client = candidate_client(app, "080105408130")
    step = client.post("/apply/recheck/notice", data={"agree": "y"}).location

    page = text(client.get(step))

    assert "犯罪学（13144）2023-10 考次：72" in page
    assert "2024-04" not in page and "2024-10" not in page
