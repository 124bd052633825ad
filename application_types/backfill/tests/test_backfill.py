"""Score back-registration 成绩补登: old exam scores, pre-2020 exemptions and transfers, each within its limit."""
import io
import re

import bson
import pytest

from app.models import Application, BusinessType, Score
from tests.fixtures import candidate_client, errors, first_step_saved, jpeg, text

from tests.workflows.fixtures import open_window, review


@pytest.fixture
def zhang_client(app, world):
    open_window("backfill")
    return candidate_client(app, "080105408130")


def draft(client, **answers):
    """A filled back-registration draft of 张明: its id."""
    return first_step_saved(client, "backfill", {
        "course": "00261", "proof": (io.BytesIO(jpeg()), "成绩单.jpg"), **answers})


def test_an_old_exam_score_is_rejected_resubmitted_and_registered(zhang_client, heping, zhang):
    application_id = draft(zhang_client, kind="exam", sitting="2001-10", mark="72")
    assert "课程 行政法学（00261） 通过或办理时间 2001-10 成绩 72" in text(
        zhang_client.get(f"/applications/{application_id}/preview"))

    zhang_client.post(f"/applications/{application_id}/submit")
    review(heping, application_id, "reject", "成绩单不清晰")
    assert "成绩单不清晰" in text(zhang_client.get(f"/applications/{application_id}"))
    assert zhang_client.post(f"/applications/{application_id}/submit").status_code == 302
    review(heping, application_id, "approve")

    assert Application.objects.get(pk=application_id).state == "approved"
    score = Score.objects.get(candidate=zhang, origin=f"backfill:{application_id}:00261")
    assert (score.mark, score.sitting, score.source, score.passed) == (72, "2001-10", "back_registration", True)
    assert "行政法学（00261）" in text(zhang_client.get("/scores"))


def test_an_exemption_is_registered_as_passed_once_however_often_the_effect_runs(zhang_client, heping, zhang):
    from application_types.backfill.effects import register_backfill

    application_id = draft(zhang_client, kind="exemption", sitting="2015-06", grade="通过")
    zhang_client.post(f"/applications/{application_id}/submit")
    review(heping, application_id, "approve")

    assert register_backfill(Application.objects.get(pk=application_id)) == "already registered"
    scores = Score.objects(candidate=zhang, source="back_registration")
    assert [(s.grade, s.mark, s.sitting) for s in scores] == [("通过", None, "2015-06")]


OUT_OF_LIMIT = [
    ({"kind": "exam", "sitting": "2003-04", "mark": "70"},
     "sitting", "只能补登2002年及以前的考试成绩，2003-04 的成绩请核对考次。"),
    ({"kind": "exemption", "sitting": "2020-01", "grade": "合格"},
     "sitting", "仅限补登2020年以前已办理的免考或转入，2020-01 办理的请通过相应业务申请。"),
    ({"kind": "transfer_in", "sitting": "2021-06", "mark": "65", "from_province": "江西省"},
     "sitting", "仅限补登2020年以前已办理的免考或转入，2021-06 办理的请通过相应业务申请。"),
    ({"kind": "exam", "sitting": "1999-10", "mark": "70.5"}, "mark", "成绩为0–100的整数。"),
    ({"kind": "transfer_in", "sitting": "2015-06", "mark": "65", "from_province": "天津市"},
     "from_province", "来源省不能是本省（天津市）：在本省取得的成绩无需转入。"),
]


def said_at(response, name):
    """The messages shown under the field `name` of a step."""
    html = response.get_data(as_text=True)
    block = re.search(rf'<div class="field[^"]*">(?:(?!<div class="field).)*?name="{name}".*?(?=<div class="field|</form>)',
                      html, re.S)
    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', block.group(0)) if block else []


@pytest.mark.parametrize("answers, name, message", OUT_OF_LIMIT)
def test_a_date_outside_its_limit_or_a_part_mark_is_refused_on_the_step_next_to_its_field(
        zhang_client, answers, name, message):
    step = zhang_client.post("/apply/backfill/notice", data={"agree": "y"}).location

    response = zhang_client.post(step, data={"course": "00261", "proof": (io.BytesIO(jpeg()), "成绩单.jpg"),
                                             **answers}, content_type="multipart/form-data")

    assert response.status_code == 200 and said_at(response, name) == [message]
    assert errors(response) == [message]
    assert "sitting" not in Application.objects.get(pk=step.split("/")[2]).working


def test_corrected_on_the_step_it_reaches_the_preview(zhang_client):
    step = zhang_client.post("/apply/backfill/notice", data={"agree": "y"}).location
    answers = {"kind": "exam", "course": "00261", "sitting": "2003-04", "mark": "70"}
    proof = {"proof": (io.BytesIO(jpeg()), "成绩单.jpg")}
    assert zhang_client.post(step, data={**answers, **proof}, content_type="multipart/form-data").status_code == 200

    saved = zhang_client.post(step, data={**answers, "sitting": "2002-10"}, content_type="multipart/form-data")

    assert saved.location.endswith("/preview")
    assert "通过或办理时间 2002-10 成绩 70" in text(zhang_client.get(saved.location))


@pytest.mark.parametrize("answers, name, message", OUT_OF_LIMIT)
def test_a_working_copy_the_step_never_checked_is_refused_on_submit_with_the_same_reason(
        zhang_client, answers, name, message):
    application_id = draft(zhang_client, kind="exam", sitting="2001-10", mark="72")
    typed = {key: float(value) if key == "mark" else value for key, value in answers.items()}
    Application.objects(pk=application_id).update_one(set__working={
        **Application.objects.get(pk=application_id).working, **typed})

    response = zhang_client.post(f"/applications/{application_id}/submit", follow_redirects=True)

    assert message in text(response)
    assert Application.objects.get(pk=application_id).state == "draft"


def test_an_exemption_is_saved_without_a_mark_and_a_mark_once_typed_is_not_kept(zhang_client):
    application_id = draft(zhang_client, kind="exam", sitting="2001-10", mark="72")
    step = f"/applications/{application_id}/steps/score"

    saved = zhang_client.post(step, data={"kind": "exemption", "course": "00261", "sitting": "2015-06",
                                          "grade": "通过", "mark": "", "from_province": ""})

    assert saved.status_code == 302, errors(saved)
    working = Application.objects.get(pk=application_id).working
    assert working["grade"] == "通过" and "mark" not in working and "from_province" not in working
    preview = text(zhang_client.get(f"/applications/{application_id}/preview"))
    assert "免考结果 通过" in preview and "成绩 " not in preview.split("免考结果")[0].split("通过或办理时间")[1]


@pytest.mark.parametrize("answers, name, message", [
    ({"kind": "exam", "sitting": "2001-10", "mark": ""}, "mark", "请填写成绩。"),
    ({"kind": "exam", "sitting": "2001-10", "mark": "七十"}, "mark", "不是有效的小数。"),
    ({"kind": "exemption", "sitting": "2015-06", "grade": ""}, "grade", "请填写免考结果。"),
    ({"kind": "transfer_in", "sitting": "2015-06", "mark": "65", "from_province": ""}, "from_province",
     "请填写来源省。"),
], ids=["exam-no-mark", "exam-mark-text", "exemption-no-grade", "transfer-no-province"])
def test_each_kind_asks_for_its_own_answers(zhang_client, answers, name, message):
    step = zhang_client.post("/apply/backfill/notice", data={"agree": "y"}).location

    response = zhang_client.post(step, data={"course": "00261", "proof": (io.BytesIO(jpeg()), "成绩单.jpg"),
                                             **answers}, content_type="multipart/form-data")

    assert said_at(response, name) == [message] and errors(response) == [message]


def test_a_mark_above_100_is_refused_on_the_step(zhang_client):
    step = zhang_client.post("/apply/backfill/notice", data={"agree": "y"}).location

    response = zhang_client.post(step, data={"kind": "exam", "course": "00261", "sitting": "1999-10",
                                             "mark": "120"})

    assert response.status_code == 200 and "请填写 0 到 100 之间的数。" in text(response)


def _tiles(page, after):
    """The four counts following `after` on a page: 已考, 免考, 转入 and the credits."""
    found = re.search(re.escape(after) + r"\D*?(\d+)(?:/\d+)? 已考课程 (\d+) 免考课程 (\d+) 转入课程 (\d+) 已得学分", page)
    return tuple(int(n) for n in found.groups())


def test_each_kind_is_counted_as_what_it_registered(zhang_client, heping, zhang):
    """Three courses of 张明's 030101K plan, back-registered as an exam score, an exemption and a transfer-in."""
    Score.objects(candidate=zhang, course__in=[c.pk for c in Score.objects(candidate=zhang).distinct("course")
                                              if c.code in ("13749", "00249")]).delete()
    scores_before = _tiles(text(zhang_client.get("/scores")), "历史成绩")
    plan_before = _tiles(text(zhang_client.get("/plan")), "")
    for code, answers in (("00261", {"kind": "exam", "sitting": "2001-10", "mark": "72"}),
                          ("13749", {"kind": "exemption", "sitting": "2015-06", "grade": "通过"}),
                          ("00249", {"kind": "transfer_in", "sitting": "2018-04", "mark": "66",
                                     "from_province": "江西省"})):
        application_id = draft(zhang_client, **{**answers, "course": code})
        zhang_client.post(f"/applications/{application_id}/submit")
        review(heping, application_id, "approve")

    scores = text(zhang_client.get("/scores"))
    plan = text(zhang_client.get("/plan"))
    passed, exempted, transferred, _credits = _tiles(scores, "历史成绩")
    assert (passed, exempted, transferred) == (scores_before[0] + 1, scores_before[1] + 1, scores_before[2] + 1)
    assert _tiles(plan, "")[:3] == (plan_before[0] + 1, plan_before[1] + 1, plan_before[2] + 1)
    assert "行政法学（00261） 5 72 2001-10 考试（补登） 080105408130" in scores
    assert "免考（补登）" in scores and "转入（补登） 江西省" in scores
    assert "当次成绩（2023-10）" in scores.split("历史成绩")[0]
    transferred_in = Score.objects.get(candidate=zhang, registered_as="transfer_in")
    assert (transferred_in.source, transferred_in.from_province) == ("back_registration", "江西省")


def test_stored_back_registrations_take_their_kind_from_their_application(zhang_client, heping, zhang):
    from app import migrations
    from mongoengine.connection import get_db
    from usecases import business_types

    exemption = draft(zhang_client, kind="exemption", sitting="2015-06", grade="通过")
    zhang_client.post(f"/applications/{exemption}/submit")
    review(heping, exemption, "approve")
    transfer = draft(zhang_client, kind="transfer_in", sitting="2018-04", mark="66", from_province="江西省",
                     course="13749")
    zhang_client.post(f"/applications/{transfer}/submit")
    review(heping, transfer, "approve")
    db = get_db()
    # the transfer made under a business type an administrator copied from 成绩补登, which keys its own origins
    business_types.copy_type(BusinessType.objects.get(key="backfill"), "old_backfill", "旧成绩补登", "admin")
    db.applications.update_one({"_id": bson.ObjectId(transfer)}, {"$set": {"type": "old_backfill",
                                                                          "workflow_key": "old_backfill"}})
    db.scores.update_one({"origin": f"backfill:{transfer}:13749"}, {"$set": {"origin": f"old_backfill:{transfer}:13749"}})
    # as the release before kept them: every kind a plain 补登
    db.scores.update_many({"source": "back_registration"}, {"$unset": {"registered_as": "", "from_province": ""}})
    db.migrations.delete_one({"_id": "back-registrations-kind"})
    assert "免考（补登）" not in text(zhang_client.get("/scores"))

    migrations.run()

    page = text(zhang_client.get("/scores"))
    assert "行政法学（00261） 5 通过 2015-06 免考（补登）" in page
    assert "13749" in page and "转入（补登） 江西省" in page
    assert db.migrations.find_one({"_id": "back-registrations-kind"})["changed"] == 2
