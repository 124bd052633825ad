"""Transfer out 转出: destination and scores; the province reviews; approved scores stop counting here."""

import pytest

from app.models import Application, Score
from usecases import applications
from app.services.plan import exam_plan
from tests.fixtures import candidate_client, text
from application_types.transfer_out.effects import transfer_out_scores
from workflows.engine import CommentRequired, GuardRefused, fire

DESTINATION = {"province": "江西省", "exam_number": "360101234567", "level": "本科", "major": "法学",
               "reason": "工作调动", "phone": "13800138000"}


@pytest.fixture
def passes(zhang):
    """Two of 张明's passed scores that count in his exam plan."""
    rows = [row for module in exam_plan(zhang).modules for row in module.all_rows if row.earned]
    return [Score.objects.get(pk=row.best.pk) for row in rows[:2]]


def draft(candidate_document, scores, **changes):
    application = applications.start(candidate_document, "transfer_out")
    Application.objects(pk=application.pk).update_one(
        set__working={**DESTINATION, **changes, "scores": [str(s.pk) for s in scores]})
    return application.reload()


def test_a_transfer_out_is_rejected_resubmitted_and_approved(transfer_window, zhang, candidate, passes,
                                                             province_reviewer):
    application = applications.submit(draft(zhang, passes), candidate)
    assert application.state == "provincial_review"
    assert [item.key for item in application.items] == [str(s.pk) for s in passes]

    with pytest.raises(CommentRequired):
        fire(application, "reject", province_reviewer)
    fire(application, "reject", province_reviewer, comment="转入准考证号有误")
    assert (application.state, application.last_comment) == ("rejected", "转入准考证号有误")
    assert not any(s.reload().transferred_out for s in passes)

    Application.objects(pk=application.pk).update_one(set__working__exam_number="360101234568")
    application = applications.submit(application.reload(), candidate)
    assert application.state == "provincial_review" and application.data["exam_number"] == "360101234568"

    fire(application, "approve", province_reviewer)

    assert application.state == "approved"
    assert all(s.reload().transferred_out for s in passes)
    assert all(s.passed for s in passes), "a transferred score stays on record"


def test_transferring_again_changes_nothing(transfer_window, zhang, candidate, passes, province_reviewer):
    application = fire(applications.submit(draft(zhang, passes), candidate), "approve", province_reviewer)

    transfer_out_scores(application)

    assert Score.objects(candidate=zhang, transferred_out=True).count() == len(passes)


def test_transferred_scores_no_longer_count_in_the_exam_plan(transfer_window, zhang, candidate, passes,
                                                            province_reviewer):
    before = exam_plan(zhang).summary
    fire(applications.submit(draft(zhang, passes), candidate), "approve", province_reviewer)

    after = exam_plan(zhang).summary

    assert after.credits < before.credits
    assert after.passed + after.exempted + after.transferred < before.passed + before.exempted + before.transferred


def test_a_score_already_transferred_is_refused_on_approval(transfer_window, zhang, candidate, passes,
                                                             province_reviewer):
    first = applications.submit(draft(zhang, passes[:1]), candidate)
    second = applications.submit(draft(zhang, passes[1:]), candidate)
    Application.objects(pk=second.pk).update_one(set__data__scores=[str(s.pk) for s in passes])
    fire(first, "approve", province_reviewer)

    with pytest.raises(GuardRefused) as refused:
        fire(second.reload(), "approve", province_reviewer)

    assert "以下成绩已经转出，不能再次转出" in str(refused.value)
    assert passes[0].course.name in str(refused.value)
    assert second.reload().state == "provincial_review"


def test_a_transferred_score_is_no_longer_offered(app, transfer_window, zhang, candidate, passes,
                                                  province_reviewer):
    fire(applications.submit(draft(zhang, passes[:1]), candidate), "approve", province_reviewer)
    client = candidate_client(app, "080105408130")
    started = client.post("/apply/transfer_out/notice", data={"agree": "y"})
    application_id = started.location.split("/")[2]

    page = client.get(f"/applications/{application_id}/steps/scores")
    posted = client.post(f"/applications/{application_id}/steps/scores", data={"scores": [str(passes[0].pk)]})

    assert str(passes[0].pk) not in page.get_data(as_text=True)
    assert str(passes[1].pk) in page.get_data(as_text=True)
    assert posted.status_code == 200 and "不在可选范围内" in text(posted)


@pytest.mark.parametrize("field, value, message", [
    ("phone", "12345", "请填写11位手机号码。"),
    ("exam_number", "36-01", "转入准考证号为6至20位数字或字母。"),
    ("reason", "想转", "不是有效的选择。"),
])
def test_bad_destination_details_are_refused(app, transfer_window, field, value, message):
    client = candidate_client(app, "080105408130")
    step = client.post("/apply/transfer_out/notice", data={"agree": "y"}).location

    response = client.post(step, data={**DESTINATION, field: value})

    assert response.status_code == 200
    assert message in text(response)
