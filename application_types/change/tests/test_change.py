"""Key-information change 变更: new values with proof, the district's check, the candidate's record updated."""
import datetime
import io

import pytest

from app.models import Application, Candidate
from app.services import idcard
from tests.fixtures import first_step_saved, candidate_client, jpeg, text

from tests.workflows.fixtures import open_window, review

NEW_ID = idcard.with_check_digit("12010119900307123")


@pytest.fixture
def zhang_client(app, world):
    open_window("change")
    return candidate_client(app, "080105408130")


def draft(client, **answers):
    """A filled change draft of 张明: its id."""
    return first_step_saved(client, "change", {
        "district": "120101", "proof": (io.BytesIO(jpeg()), "户籍证明.jpg"), **answers})


def test_a_change_is_checked_rejected_resubmitted_and_approved(zhang_client, heping, zhang):
    application_id = draft(zhang_client, changes=["name", "id_number"], new_name="张明明", new_id_number=NEW_ID)
    old_id = zhang.id_number

    preview = text(zhang_client.get(f"/applications/{application_id}/preview"))
    assert f"原始信息 姓名 张明 性别 男 身份证号 {old_id}" in preview
    assert "新姓名 张明明" in preview and f"新身份证号 {NEW_ID}" in preview and "办理考区 和平区" in preview

    zhang_client.post(f"/applications/{application_id}/submit")
    review(heping, application_id, "reject", "请补充户籍证明原件")
    assert "请补充户籍证明原件" in text(zhang_client.get(f"/applications/{application_id}"))
    assert zhang_client.post(f"/applications/{application_id}/submit").status_code == 302
    review(heping, application_id, "approve")

    assert Application.objects.get(pk=application_id).state == "approved"
    zhang.reload()
    assert (zhang.name, zhang.id_number, zhang.birth_date) == ("张明明", NEW_ID, datetime.date(1990, 3, 7))
    assert len(zhang.changes) == 1
    assert zhang.changes[0]["old"] == {"name": "张明", "id_number": old_id}
    assert zhang.changes[0]["new"] == {"name": "张明明", "id_number": NEW_ID}
    assert "张明明" in text(zhang_client.get("/profile"))
    shown = text(heping.get(f"/candidateview/show/{zhang.pk}"))
    assert f"姓名：张明 → 张明明、证件号码：{old_id} → {NEW_ID}（" in shown and "{" not in shown


def test_changing_again_changes_nothing(zhang_client, heping, zhang):
    from application_types.change.effects import apply_key_change

    application_id = draft(zhang_client, changes=["sex"], new_sex="F")
    zhang_client.post(f"/applications/{application_id}/submit")
    review(heping, application_id, "approve")

    assert apply_key_change(Application.objects.get(pk=application_id)) == "already changed"
    zhang.reload()
    assert zhang.sex == "F" and len(zhang.changes) == 1


@pytest.mark.parametrize("answers, message", [
    ({"changes": ["name"], "new_name": "张明"}, "新的姓名与当前信息相同，无需变更。"),
    ({"changes": ["id_number"], "new_id_number": NEW_ID[:17] + str((int(NEW_ID[17]) + 1) % 10)},
     "身份证号码校验位不正确，请核对后重新输入。"),
])
def test_a_bad_change_is_refused_on_submit_with_the_reason(zhang_client, answers, message):
    application_id = draft(zhang_client, **answers)

    response = zhang_client.post(f"/applications/{application_id}/submit", follow_redirects=True)

    assert message in text(response)
    assert Application.objects.get(pk=application_id).state == "draft"


def test_a_short_id_number_is_refused_on_the_step(zhang_client):
    step = zhang_client.post("/apply/change/notice", data={"agree": "y"}).location

    response = zhang_client.post(step, data={"changes": ["id_number"], "new_id_number": "120101900307123",
                                             "district": "120101"})

    assert response.status_code == 200
    assert "身份证号码应为18位，前17位为数字，最后一位为数字或X。" in text(response)


def test_approval_is_refused_when_another_candidate_holds_the_new_id_number(zhang_client, heping, zhang):
    application_id = draft(zhang_client, changes=["id_number"], new_id_number=NEW_ID)
    zhang_client.post(f"/applications/{application_id}/submit")
    other = Candidate.objects(pk__ne=zhang.pk).first()
    other.update(set__id_number=NEW_ID)

    page = review(heping, application_id, "approve")

    assert f"身份证号 {NEW_ID} 已被其他考生使用，请到考区核实。" in text(page)
    assert Application.objects.get(pk=application_id).state == "district_review"
    assert zhang.reload().changes == []
