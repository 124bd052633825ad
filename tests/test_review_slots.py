"""On-site review slots in the admin UI: each district keeps its own, and no edit can overbook or orphan a seat."""
import datetime

import pytest
from flask import g

from app.datamodel.interface import FieldErrors
from app.models import AuditEntry, District
from app.models.slot import ReviewSlot
from app.services import slots
from tests.fixtures import staff_client, text
from views.admin.slots import ReviewSlotView

START = datetime.datetime(2030, 1, 7, 9, 0)
FORM_TIME = "%Y-%m-%d %H:%M:%S"


def make_slot(district_code, place, capacity=60):
    return ReviewSlot(district=District.objects.get(code=district_code), place=place, starts_at=START,
                      ends_at=START + datetime.timedelta(hours=2, minutes=30), capacity=capacity).save()


def form(district_code, place="和平区自学考试办公室201室", capacity=60, starts_at=START, hours=2.5):
    return {"district": str(District.objects.get(code=district_code).pk), "place": place,
            "starts_at": starts_at.strftime(FORM_TIME),
            "ends_at": (starts_at + datetime.timedelta(hours=hours)).strftime(FORM_TIME),
            "capacity": str(capacity), "enabled": "y"}


@pytest.fixture
def heping(app, world):
    return staff_client(app, "heping")


@pytest.fixture
def xiaodian(app, world):
    return staff_client(app, "xiaodian")


@pytest.fixture
def heping_slot(world):
    return make_slot("120101", "和平测试大厅", capacity=5)


def test_a_district_reviewer_lists_only_their_districts_slots_and_the_province_all(app, heping, heping_slot):
    make_slot("140105", "小店测试大厅")
    province = staff_client(app, "province")

    mine = text(heping.get("/reviewslotview/list/?psize_ReviewSlotView=100"))
    every = text(province.get("/reviewslotview/list/?psize_ReviewSlotView=100"))

    assert "和平测试大厅" in mine and "小店测试大厅" not in mine
    assert "和平测试大厅" in every and "小店测试大厅" in every


@pytest.mark.parametrize("action", ["show", "edit", "delete"])
def test_another_districts_slot_does_not_exist_for_a_reviewer(xiaodian, heping_slot, action):
    send = xiaodian.post if action == "delete" else xiaodian.get

    assert send(f"/reviewslotview/{action}/{heping_slot.pk}").status_code == 404
    assert ReviewSlot.objects(pk=heping_slot.pk).count() == 1


def test_the_add_form_offers_a_district_reviewer_only_their_district(heping):
    page = heping.get("/reviewslotview/add").get_data(True)

    assert str(District.objects.get(code="120101").pk) in page
    assert str(District.objects.get(code="140105").pk) not in page


def test_a_district_reviewer_adds_a_slot_for_their_district_with_every_seat_free(heping):
    response = heping.post("/reviewslotview/add", data=form("120101", capacity=30))

    assert response.status_code == 302
    slot = ReviewSlot.objects.get(place="和平区自学考试办公室201室")
    assert (slot.district.code, slot.capacity, slot.seats_left, slot.holders) == ("120101", 30, 30, [])
    assert AuditEntry.objects.get(model="ReviewSlot", action="add").actor_name == "heping"


def test_a_district_reviewer_cannot_add_a_slot_for_another_district(heping):
    response = heping.post("/reviewslotview/add", data=form("140105", place="越权的批次"))

    assert response.status_code == 200
    assert not ReviewSlot.objects(place="越权的批次").count()


def test_a_district_reviewer_cannot_move_their_slot_to_another_district(heping, heping_slot):
    response = heping.post(f"/reviewslotview/edit/{heping_slot.pk}", data=form("140105", place="和平测试大厅"))

    assert response.status_code == 200
    assert heping_slot.reload().district.code == "120101"


def test_saving_a_slot_outside_the_users_district_is_refused_whatever_the_form_offers(app, world, heping_slot):
    view = next(v for v in app.appbuilder.baseviews if isinstance(v, ReviewSlotView))
    heping_slot.district = District.objects.get(code="140105")

    with app.test_request_context():
        g.user = app.appbuilder.sm.find_user(username="heping")
        with pytest.raises(FieldErrors) as refused:
            view.pre_update(heping_slot)

    assert refused.value.errors == {"district": "您只能管理本区县的现场审核批次。"}


def test_capacity_below_the_seats_taken_is_refused_on_the_form(heping, heping_slot):
    for application in ("a1", "a2", "a3"):
        slots.book(heping_slot.pk, application, slots.OpenDistricts((heping_slot.district.pk,), ()))

    refused = heping.post(f"/reviewslotview/edit/{heping_slot.pk}", data=form("120101", "和平测试大厅", capacity=2))
    raised = heping.post(f"/reviewslotview/edit/{heping_slot.pk}", data=form("120101", "和平测试大厅", capacity=4))

    assert "本批次已有 3 人预约，人数上限不能少于 3。" in text(refused)
    assert raised.status_code == 302
    assert (heping_slot.reload().capacity, heping_slot.seats_left, len(heping_slot.holders)) == (4, 1, 3)


def test_a_slot_must_end_after_it_starts(heping):
    response = heping.post("/reviewslotview/add", data=form("120101", place="倒序的批次", hours=-1))

    assert "结束时间须晚于开始时间。" in text(response)
    assert not ReviewSlot.objects(place="倒序的批次").count()


def test_deleting_a_slot_with_bookings_is_refused_and_an_empty_one_deleted(heping, heping_slot):
    slots.book(heping_slot.pk, "a1", slots.OpenDistricts((heping_slot.district.pk,), ()))

    refused = heping.post(f"/reviewslotview/delete/{heping_slot.pk}", follow_redirects=True)
    slots.release("a1")
    heping.post(f"/reviewslotview/delete/{heping_slot.pk}")

    assert "本批次已有 1 人预约，不能删除；可先取消“开放预约”。" in text(refused)
    assert not ReviewSlot.objects(pk=heping_slot.pk).count()
    assert AuditEntry.objects(model="ReviewSlot", action="delete").count() == 1


def test_a_district_with_slots_cannot_be_deleted(admin_client):
    district = District(code="120199", name="新设区").save()
    make_slot("120199", "新设区自学考试办公室")

    response = admin_client.post(f"/districtview/delete/{district.pk}", follow_redirects=True)

    assert "仍有其他记录引用此项，不能删除。" in text(response)
    assert District.objects(code="120199").count() == 1
