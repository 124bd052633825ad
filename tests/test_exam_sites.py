"""Exam sites 考点 and their rooms 考场: administrators add rooms in a batch and each site counts its seats; a district
office reads its own district's; a room or site where candidates are seated stays."""
import re

import pytest

from app.models import AuditEntry, District, ExamRoom, ExamSite, Seat
from tests.fixtures import staff_client, text
from tests.test_sitting_setup import DAY, alerts, register, sitting  # noqa: F401 (sitting is a fixture)


@pytest.fixture
def site(world):
    """A site of 和平区 with rooms 001 and 002."""
    made = ExamSite(district=District.objects.get(code="120101"), code="120188", name="和平测试考点").save()
    for number in ("1", "2"):
        ExamRoom(site=made, number=number, capacity=30).save()
    return made


def rooms_of(site):
    return [(room.number, room.capacity) for room in ExamRoom.objects(site=site)]


def test_rooms_are_added_in_a_batch_and_the_site_counts_their_seats(admin_client, site):
    page = admin_client.get(f"/examsiteview/show/{site.pk}").get_data(as_text=True)
    assert re.search(r'name="first"[^>]*value="3"', page)  # after the last room

    added = admin_client.post(f"/examsiteview/rooms/{site.pk}", data={"count": "3", "first": "3", "capacity": "40"},
                              follow_redirects=True)

    assert rooms_of(site) == [("001", 30), ("002", 30), ("003", 40), ("004", 40), ("005", 40)]
    assert "已添加考场 003–005，共 3 间，每间 40 座。" in text(added)
    assert "启用考场数 5 座位总数 180" in text(added)
    listed = text(admin_client.get("/examsiteview/list/?_flt_0_district=" + str(site.district.pk)))
    assert "和平区 120188 和平测试考点 5 180 是" in listed
    audit = AuditEntry.objects.get(model="ExamRoom", action="add")
    assert audit.changes == {"site": "和平测试考点", "number": "003–005", "capacity": 40}
    assert all(room.district == site.district for room in ExamRoom.objects(site=site))


@pytest.mark.parametrize(("form", "message"), [
    ({"count": "0"}, "一次可添加1–100间考场。"),
    ({"count": "101"}, "一次可添加1–100间考场。"),
    ({"count": "十"}, "不是有效的整数。"),
    ({"count": ""}, "请填写考场数量。"),
    ({"first": "0"}, "考场号为1–9999的整数。"),
    ({"capacity": "0"}, "座位数为1–500的整数。"),
    ({"capacity": "501"}, "座位数为1–500的整数。"),
    ({"first": "9998", "count": "5"}, "考场号最大为 9999，从 9998 起最多还能添加 2 间。"),
    ({"first": "2", "count": "3"}, "本考点已有考场 002，未添加任何考场；请换一个起始考场号。"),
])
def test_a_bad_batch_of_rooms_is_refused_with_its_reason_and_none_added(admin_client, site, form, message):
    form = {"count": "3", "first": "3", "capacity": "30", **form}

    response = admin_client.post(f"/examsiteview/rooms/{site.pk}", data=form)

    assert response.status_code == 200
    assert any(message in shown for shown in alerts(response)), alerts(response)
    assert rooms_of(site) == [("001", 30), ("002", 30)]


@pytest.mark.parametrize(("number", "message"), [
    ("2", "本考点已有第002考场。"),
    ("12345", "考场号为1–4位数字。"),
    ("", "该字段是必填字段。"),
])
def test_a_room_number_is_refused_when_taken_or_malformed(admin_client, site, number, message):
    response = admin_client.post("/examroomview/add", data={"site": str(site.pk), "number": number, "capacity": "30",
                                                            "in_use": "y"})

    assert any(message in shown for shown in alerts(response)), alerts(response)
    assert len(rooms_of(site)) == 2


def test_a_site_moved_to_another_district_takes_its_rooms(admin_client, site):
    other = District.objects.get(code="140105")

    admin_client.post(f"/examsiteview/edit/{site.pk}", data={"district": str(other.pk), "code": site.code,
                                                             "name": site.name, "address": "", "in_use": "y"})

    assert {room.district.code for room in ExamRoom.objects(site=site)} == {"140105"}


def test_a_room_with_seated_candidates_is_kept(admin_client, site, sitting):
    room = ExamRoom.objects(site=site).first()
    registration = register(sitting, "03709")
    Seat(sitting=sitting, district=site.district, day=DAY, half="am", registration=registration,
         exam_number=registration.exam_number, course="03709", site=site, room=room, room_number=room.number, number=1).save()

    refused_room = admin_client.post(f"/examroomview/delete/{room.pk}", follow_redirects=True)
    refused_site = admin_client.post(f"/examsiteview/delete/{site.pk}", follow_redirects=True)

    assert "已有考生编排在本考场，不能删除；可取消“启用”，不再编排新的考生。" in text(refused_room)
    assert "已有考生编排在本考点，不能删除；可取消“启用”。" in text(refused_site)
    assert ExamRoom.objects(pk=room.pk).count() == 1 and ExamSite.objects(pk=site.pk).count() == 1


def test_a_district_office_reads_its_own_sites_and_rooms_and_changes_none(app, site):
    heping = staff_client(app, "heping")
    xiaodian_site = ExamSite.objects.get(district=District.objects.get(code="140105"))

    listed = text(heping.get("/examsiteview/list/"))
    page = heping.get(f"/examsiteview/show/{site.pk}")
    rooms = text(heping.get("/examroomview/list/"))
    refused = heping.post(f"/examsiteview/rooms/{site.pk}", data={"count": "3", "first": "3", "capacity": "30"})

    assert "和平测试考点" in listed and xiaodian_site.name not in listed
    assert "座位总数 60" in text(page) and "批量添加考场" not in text(page)
    assert "和平测试考点" in rooms and xiaodian_site.name not in rooms
    assert heping.get(f"/examsiteview/show/{xiaodian_site.pk}").status_code == 404
    assert refused.status_code == 403 and len(rooms_of(site)) == 2
    assert heping.get("/examsiteview/add").status_code == 403
