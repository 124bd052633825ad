"""No application is stranded: the province takes a district's steps where the district has no reviewer, the history
names the level that acted, and the administrator's home names the places with applications and nobody to review."""
import re

import bson
import pytest

from app import roles
from app.extensions import db
from app.models import Application, Candidate, Message
from app.scope import Scope
from bench.roundtrips import counting
from bench.worlds import QueueWorld
from tests.fixtures import candidate_client, staff_client, text
from tests.workflows.fixtures import fill, review
from usecases import applications
from workflows.engine import Actor, GuardRefused, fire, recount_tallies, workflow_definitions

QUEUE = "/applicationview/list/"


def set_active(app, username, active):
    """Switch a demo staff account on or off, as an administrator's edit of the user does."""
    with app.app_context():
        security = app.appbuilder.sm
        user = security.find_user(username=username)
        user.active = active
        security.update_user(user)


@pytest.fixture
def li_hua(world):
    """李华 of 河东区 (seed 003's score list)."""
    return Candidate.objects.get(exam_number="414817170542")


@pytest.fixture
def stranded(app, li_hua, window):
    """李华's exemption, at her district's review, while 河东区 has no active reviewer account."""
    set_active(app, "hedong", False)
    return applications.submit(fill(applications.start(li_hua, "exemption")), Actor.for_candidate(li_hua))


def buttons(page):
    return [label for label in ("审核通过", "审核不通过")
            if f'name="event" value="{"approve" if label == "审核通过" else "reject"}"' in page.get_data(as_text=True)]


def warning(page):
    """The administrator's home's warning of places with applications and no reviewer, as read; "" without one."""
    found = re.search(r'<div class="alert alert-warning" id="unstaffed">(.*?)</div>', page.get_data(as_text=True), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""


def shown(page):
    return set(re.findall(r"/applicationview/show/([0-9a-f]{24})", page.get_data(as_text=True)))


def test_the_province_decides_a_district_step_of_a_district_without_a_reviewer(app, stranded):
    province = staff_client(app, "province")

    waiting = province.get(QUEUE)
    page = province.get(f"/applicationview/show/{stranded.pk}")
    landed = review(province, stranded, "approve")
    history = text(province.get(f"/applicationview/show/{stranded.pk}"))

    assert str(stranded.pk) in shown(waiting)  # it waits for the province, since nobody else can act
    assert "考区审核中" in text(page) and buttons(page) == ["审核通过", "审核不通过"]
    assert "已办理：审核通过。" in text(landed)
    assert Application.objects.get(pk=stranded.pk).state == "provincial_review"
    assert "考试院审核员 省级审核（代区县审核）" in history
    # Her own history names the same level, beside the person.
    own = text(candidate_client(app, stranded.candidate.exam_number).get(f"/applications/{stranded.pk}"))
    assert "审核通过 考试院审核员 · 省级审核（代区县审核）" in own
    assert "提交申请 李华 " in own and "李华 ·" not in own  # her own step names no level
    # The candidate is told of the decision, as when her district decides, by who decided.
    told = Message.objects.get(origin=f"decision:{stranded.pk}:1")
    assert (told.title, told.sender, told.recipient.pk) == ("免考申请已通过考区审核", "考试院审核员", stranded.candidate.pk)


def test_the_province_may_step_in_on_a_district_with_a_reviewer_but_it_does_not_wait_for_the_province(
        app, li_hua, window):
    application = applications.submit(fill(applications.start(li_hua, "exemption")), Actor.for_candidate(li_hua))
    province, hedong = staff_client(app, "province"), staff_client(app, "hedong")

    page = province.get(f"/applicationview/show/{application.pk}")

    assert str(application.pk) not in shown(province.get(QUEUE))  # 河东区's own reviewer has it
    assert str(application.pk) in shown(province.get(f"{QUEUE}?queue=all"))
    assert buttons(page) == ["审核通过", "审核不通过"]
    assert str(application.pk) in shown(hedong.get(QUEUE))
    review(hedong, application, "approve")
    assert "河东区审核员 区县审核" in text(province.get(f"/applicationview/show/{application.pk}"))


def test_the_provinces_counts_follow_whether_the_district_has_a_reviewer(app, stranded):
    before = text(staff_client(app, "province").get("/admin/"))
    set_active(app, "hedong", True)
    after = text(staff_client(app, "province").get("/admin/"))

    assert "河东区 1 1" in before and "河东区 0 1" in after


def test_the_province_decides_in_bulk_what_was_stranded(app, stranded):
    province = staff_client(app, "province")

    province.get(QUEUE)
    done = province.post("/applicationview/action_post", data={"action": "reject_selected",
                                                               "rowid": [str(stranded.pk)]}, follow_redirects=True)
    rejected = province.post("/applicationview/bulk_reject", data={"rowid": [str(stranded.pk)], "comment": "材料不全"},
                             follow_redirects=True)

    assert "批量审核不通过" in text(done)
    assert "已审核不通过 1 件，共选择 1 件。" in text(rejected)
    assert Application.objects.get(pk=stranded.pk).history[-1].level() == "省级审核（代区县审核）"


def test_a_district_reviewer_still_acts_within_its_own_district_only(app, stranded):
    xiaodian = staff_client(app, "xiaodian")
    other = Actor("staff", "x", "小店区审核员", frozenset({roles.DISTRICT_REVIEWER}), Scope(roles.SCOPE_DISTRICT, "140105"))

    assert xiaodian.get(f"/applicationview/show/{stranded.pk}").status_code == 404
    with app.test_request_context(), pytest.raises(GuardRefused, match="该申请不在您的办理范围内。"):
        fire(stranded, "approve", other)


def test_the_administrator_fires_nothing_and_is_told_who_may(app, stranded):
    page = staff_client(app, "admin").get(f"/applicationview/show/{stranded.pk}")

    assert buttons(page) == []
    assert "该申请在“考区审核中”，由区县审核、省级审核人员办理，您无需操作。" in text(page)


def test_the_administrators_home_names_a_district_with_applications_and_no_reviewer(app, stranded):
    admin = staff_client(app, "admin")

    warned = warning(admin.get("/admin/"))
    set_active(app, "hedong", True)
    staffed = warning(admin.get("/admin/"))
    set_active(app, "hedong", False)
    again = warning(admin.get("/admin/"))

    assert "以下区县或主考院校有待审核的申请，但没有启用的审核员账号" in warned
    assert "区县 120102 河东区：待审核 1 件" in warned and "添加或启用审核员账号" in warned
    assert staffed == ""
    assert "区县 120102 河东区：待审核 1 件" in again
    # The province is not told: it is the administrator who creates accounts.
    assert warning(staff_client(app, "province").get("/admin/")) == ""


def test_a_university_with_applications_and_no_reviewer_is_named_too(app, stranded):
    """Her exemption names 690206 行政管理（专科）, 山西大学's, which has no reviewer account in the demo."""
    thesis = workflow_definitions.latest("thesis")
    copy = dict(Application.objects(pk=stranded.pk).as_pymongo()[0])
    Application._get_collection().insert_one({**copy, "_id": bson.ObjectId(), "type": "thesis",
                                              "workflow_key": "thesis", "workflow_version": thesis[0],
                                              "state": "university_review"})
    recount_tallies()
    set_active(app, "hedong", True)

    home = warning(staff_client(app, "admin").get("/admin/"))

    assert "主考院校 10108 山西大学：待审核 1 件" in home and "河东区" not in home


def test_the_administrators_home_reads_as_many_times_whatever_the_applications(app, world):
    with app.app_context():
        stocked = QueueWorld()
    set_active(app, "hedong", False)
    admin = staff_client(app, "admin")
    found = set()
    for size in (200, 800):
        with app.app_context():
            stocked.grow(size)
        admin.get("/admin/")
        with app.app_context(), counting(db.engine) as trips:
            assert "河东区：待审核" in warning(admin.get("/admin/"))
        found.add((trips.mongo, trips.sql))

    assert len(found) == 1
