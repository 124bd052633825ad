"""A reviewer's queue: what waits for them first, counted by state, kept through decisions, flat in round trips."""
import datetime
import re

import bson
import pytest

from app.extensions import db
from app.models import Application, QueueTally
from bench.roundtrips import counting
from bench.worlds import QueueWorld
from tests.fixtures import staff_client, text
from tests.workflows.fixtures import review, submitted_many
from workflows.engine import recount_tallies, workflow_definitions

QUEUE = "/applicationview/list/"


def shown(page):
    """The ids of the applications a queue page lists, in its order."""
    return re.findall(r"/applicationview/show/([0-9a-f]{24})", page.get_data(as_text=True))


def tallied():
    return sorted((t.place, str(t.at), t.type, t.workflow_version, sorted((k, v) for k, v in t.states.items() if v))
                  for t in QueueTally.objects)


@pytest.fixture
def three(zhang, window, candidate):
    """Three exemptions of 张明 submitted in turn, the first the oldest."""
    made = submitted_many(zhang, candidate, 3)
    for minutes, application in zip((30, 20, 10), made, strict=True):
        Application.objects(pk=application.pk).update_one(
            set__submitted_at=datetime.datetime.now() - datetime.timedelta(minutes=minutes))
    return made


def test_the_queue_lists_what_waits_for_the_reviewer_oldest_first_and_every_state_on_asking(app, three, heping):
    first, second, third = three
    review(heping, second, "approve")  # now at the province: no longer heping's to do

    waiting = heping.get(QUEUE)
    everything = heping.get(f"{QUEUE}?queue=all")

    assert shown(waiting) == [str(first.pk), str(third.pk)]
    assert "待我办理 2" in text(waiting) and "全部 3" in text(waiting)
    assert set(shown(everything)) == {str(a.pk) for a in three}
    assert "省级审核中" in text(everything)


def test_the_counts_by_state_follow_each_decision_as_a_recount_finds_them(app, three, heping):
    review(heping, three[0], "approve")
    review(heping, three[1], "reject", "材料不全")
    kept = tallied()

    recount_tallies()

    assert kept == tallied()
    page = text(heping.get(f"{QUEUE}?_flt_1_type=exemption"))
    assert "考区审核中 1" in page and "省级审核中 1" in page and "审核未通过 1" in page


def test_after_a_decision_the_reviewer_goes_on_to_the_next_in_the_same_filtered_queue(app, three, heping):
    first, second, third = three
    heping.get(f"{QUEUE}?_flt_1_type=exemption")

    landed = review(heping, first, "approve")

    assert "已办理：审核通过。" in text(landed)
    assert f"/applicationview/review/{second.pk}" in landed.get_data(as_text=True)  # second's review page
    review(heping, second, "approve")
    last = review(heping, third, "approve")
    assert "当前队列中已没有其他申请。" in text(last)
    assert "待我办理 0" in text(last) and last.request.args.get("_flt_1_type") == "exemption"


def test_each_row_names_its_state_as_its_own_types_workflow_does(app, three, heping):
    graduation = workflow_definitions.latest("graduation")
    copy = dict(Application.objects(pk=three[0].pk).as_pymongo()[0])
    Application._get_collection().insert_one({**copy, "_id": bson.ObjectId(), "type": "graduation",
                                              "workflow_key": "graduation", "workflow_version": graduation[0]})
    recount_tallies()

    page = text(heping.get(QUEUE))

    assert page.count("考区审核中") == 3 and page.count("考区初审中") == 1


def test_a_bulk_rejection_offers_the_chosen_types_reasons_only(app, three, heping, world):
    from app.models import BusinessType

    BusinessType.objects(key="exemption").update(set__reason_templates="凭证不清晰\n课程不符")
    BusinessType.objects(key="identity").update(set__reason_templates="照片不符")

    page = heping.get("/applicationview/bulk_reject", query_string={"rowid": [str(three[0].pk)]}).get_data(True)

    assert "凭证不清晰" in page and "课程不符" in page and "照片不符" not in page


def test_the_district_lookup_offers_only_the_reviewers_own_district(app, world):
    heping, province = staff_client(app, "heping"), staff_client(app, "province")

    own = heping.get("/applicationview/lookup/district?q=").get_json()["results"]
    typed = province.get("/applicationview/lookup/district?q=1201").get_json()["results"]

    assert [row["text"] for row in own] == ["120101 和平区"]
    assert len(typed) > 1 and all(row["text"].startswith("1201") for row in typed)
    assert heping.get("/applicationview/lookup/district?id=nonsense").get_json() == {"results": []}
    assert heping.get("/applicationview/lookup/university").status_code == 404


@pytest.mark.parametrize("user", ["heping", "tjnu", "province", "admin"])
def test_a_queue_page_makes_as_many_round_trips_whatever_the_rows_shown_or_the_store_holds(app, world, user):
    with app.app_context():
        stocked = QueueWorld()
    client = staff_client(app, user)
    found, rows_shown = set(), set()
    for size in (400, 1200):
        with app.app_context():
            stocked.grow(size)
        for rows in (5, 100):
            url = f"{QUEUE}?psize_ApplicationView={rows}"
            client.get(url)
            with app.app_context(), counting(db.engine) as trips:
                rows_shown.add(len(shown(client.get(url))))
            found.add((trips.mongo, trips.sql))

    assert len(rows_shown) > 2 and len(found) == 1
    mongo, sql = found.pop()
    # The administrator's permissions are rows of the staff database (the reviewers' roles are built in): one more.
    # The province stands in for districts without a reviewer: it reads which have one, in each store: one more.
    assert mongo <= (9 if user == "province" else 8) and sql <= (4 if user in ("admin", "province") else 3)


def test_the_staff_home_counts_each_types_queue_and_the_provinces_districts(app, three, heping, world):
    review(heping, three[0], "approve")

    home = text(heping.get("/admin/"))
    province = text(staff_client(app, "province").get("/admin/"))

    assert re.search(r"免考申请审核 2 考区审核中 2 、 省级审核中 1", home)
    assert "各区县" in province and re.search(r"和平区 1 3", province)


def test_the_review_page_leads_back_to_the_queue_and_on_to_the_next_without_deciding(app, three, heping):
    first, second, _third = three
    heping.get(f"{QUEUE}?_flt_1_type=exemption")

    page = heping.get(f"/applicationview/show/{first.pk}").get_data(as_text=True)
    skipped = heping.get(f"/applicationview/next/{first.pk}?_flt_1_type=exemption")

    assert 'href="/applicationview/list/?_flt_1_type=exemption"' in page
    assert f'href="/applicationview/next/{first.pk}?_flt_1_type=exemption"' in page
    assert skipped.location.endswith(f"/applicationview/show/{second.pk}")
    assert Application.objects.get(pk=first.pk).state == "district_review"  # skipping decides nothing


def test_an_application_waiting_past_its_types_limit_is_flagged_in_the_queue(app, three, heping):
    Application.objects(pk=three[0].pk).update_one(set__overdue_since=datetime.datetime(2026, 11, 30))

    page = text(heping.get(QUEUE))

    assert page.count("考区审核中（超时）") == 1 and page.count("考区审核中") == 3


def test_the_province_sees_what_was_escalated_to_it_even_of_a_type_it_does_not_review(app, three, heping):
    thesis = workflow_definitions.latest("thesis")  # a university's alone: the province does not stand in for it
    copy = dict(Application.objects(pk=three[0].pk).as_pymongo()[0])
    overdue = {**copy, "_id": bson.ObjectId(), "type": "thesis", "workflow_key": "thesis",
               "workflow_version": thesis[0], "state": "university_review",
               "overdue_since": datetime.datetime(2026, 11, 30), "escalated_to": "provincial_reviewer"}
    Application._get_collection().insert_one(overdue)
    recount_tallies()
    province = staff_client(app, "province")

    escalated = province.get(f"{QUEUE}?queue=escalated")
    everything = province.get(f"{QUEUE}?queue=all")
    shown_page = text(province.get(f"/applicationview/show/{overdue['_id']}"))

    assert shown(escalated) == [str(overdue["_id"])] and "超时督办 1" in text(escalated)
    assert "主考院校审核中（超时）" in text(escalated)
    assert str(overdue["_id"]) not in shown(everything)  # its own queues count what its roles review
    assert "由主考院校审核人员办理，您无需操作" in shown_page
    assert "超时督办" not in text(heping.get(QUEUE))  # nothing is escalated to a district
    assert heping.get(f"{QUEUE}?queue=escalated").status_code == 200


def test_next_in_queue_walks_every_application_once_when_they_were_submitted_at_the_same_moment(app, three, heping):
    moment = datetime.datetime(2026, 11, 30, 9, 0)
    Application.objects(pk__in=[a.pk for a in three]).update(set__submitted_at=moment)
    listed = shown(heping.get(QUEUE))
    heping.get(QUEUE)

    walked = [listed[0]]
    for _step in range(len(three) - 1):
        walked.append(heping.get(f"/applicationview/next/{walked[-1]}").location.rsplit("/", 1)[-1])

    assert walked == listed and len(set(walked)) == 3


def test_a_number_is_found_however_it_is_typed_or_pasted(app, three, heping):
    Application.objects(pk=three[1].pk).update_one(set__id_number="12010119900101123X")

    by_id = heping.get(f"{QUEUE}?queue=all&_flt_1_id_number=12010119900101123x")
    by_start = heping.get(f"{QUEUE}?queue=all&_flt_0_id_number=120101199001011")
    pasted = heping.get(f"{QUEUE}?queue=all&_flt_1_exam_number=%20{three[0].exam_number}%20")

    assert shown(by_id) == shown(by_start) == [str(three[1].pk)]
    assert str(three[0].pk) in shown(pasted)
