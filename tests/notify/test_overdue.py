"""Deadlines as timers: working days (weekends and listed holidays not counted), the applications that waited at
one review level longer than their type's limit flagged and escalated to the level above by the hourly job, and the
flag gone once the application moves on."""
import datetime

import pytest

from app import roles
from app.models import Application, BusinessType, Holiday, Job
from tests.fixtures import text
from workflows import timers
from workflows.engine import fire, workflow_of
from workflows.types import of

FRIDAY = datetime.datetime(2026, 5, 8, 15, 30)
OFF = {datetime.date(2026, 5, 12)}  # a Tuesday, listed as a holiday


@pytest.mark.parametrize("days, ends", [
    (1, datetime.datetime(2026, 5, 12)),  # Monday counts, so Tuesday 00:00
    (2, datetime.datetime(2026, 5, 14)),  # Monday, then Wednesday (Tuesday is a holiday)
    (5, datetime.datetime(2026, 5, 19)),  # Mon, Wed, Thu, Fri, Mon
])
def test_a_limit_counts_working_days_after_the_day_it_starts(days, ends):
    from app.services import working_days

    assert working_days.deadline(FRIDAY, days, OFF) == ends


@pytest.mark.parametrize("key, levels", [
    ("exemption", {"district_review": roles.PROVINCIAL_REVIEWER, "provincial_review": roles.ADMIN}),
    ("graduation", {"district_review": roles.PROVINCIAL_REVIEWER, "final_review": roles.PROVINCIAL_REVIEWER}),
    ("thesis", {"university_review": roles.PROVINCIAL_REVIEWER}),
    ("transfer_out", {"provincial_review": roles.ADMIN}),
])
def test_each_review_level_is_escalated_to_the_level_above(key, levels):
    assert timers.levels(of(key).workflow) == levels


def limit(days, key="exemption"):
    BusinessType.objects(key=key).update(set__review_days=days)


def reached_on(application, at):
    """The application reached its review level at `at` (the history entry that brought it there)."""
    Application.objects(pk=application.pk).update(**{f"set__history__{len(application.history) - 1}__at": at,
                                                     "set__submitted_at": at})


def test_an_application_waiting_longer_than_its_limit_is_flagged_and_escalated(submitted):
    limit(2)
    reached_on(submitted, FRIDAY)
    wednesday = datetime.datetime(2026, 5, 13)

    assert timers.flag_overdue(now=wednesday - datetime.timedelta(minutes=1)) == 0  # Monday and Tuesday counted
    assert timers.flag_overdue(now=wednesday + datetime.timedelta(hours=9)) == 1

    stored = submitted.reload()
    assert (stored.overdue_since, stored.escalated_to) == (wednesday, roles.PROVINCIAL_REVIEWER)
    assert stored.state == "district_review"  # flagged, not moved
    assert timers.flag_overdue(now=wednesday + datetime.timedelta(days=3)) == 0  # once


def test_a_listed_holiday_is_not_counted(submitted):
    limit(2)
    reached_on(submitted, FRIDAY)
    Holiday(day=datetime.date(2026, 5, 12), name="调休").save()

    assert timers.flag_overdue(now=datetime.datetime(2026, 5, 13, 9)) == 0
    assert timers.flag_overdue(now=datetime.datetime(2026, 5, 14, 9)) == 1
    assert submitted.reload().overdue_since == datetime.datetime(2026, 5, 14)


def test_without_a_limit_nothing_is_flagged_and_no_job_is_recorded(app, submitted):
    assert timers.flag_overdue(now=datetime.datetime.now() + datetime.timedelta(days=60)) == 0
    assert not timers.due()


def test_moving_on_clears_the_flag_and_the_next_level_waits_afresh(submitted, heping_reviewer):
    limit(1)
    timers.flag_overdue(now=datetime.datetime.now() + datetime.timedelta(days=10))
    assert submitted.reload().overdue_since is not None

    fire(submitted, "approve", heping_reviewer)

    stored = submitted.reload()
    assert (stored.state, stored.overdue_since, stored.escalated_to) == ("provincial_review", None, None)
    timers.flag_overdue(now=datetime.datetime.now() + datetime.timedelta(days=10))
    assert submitted.reload().escalated_to == roles.ADMIN


def test_a_rejected_application_waits_for_its_candidate_and_is_not_flagged(submitted, heping_reviewer):
    limit(1)
    fire(submitted, "reject", heping_reviewer, comment="凭证不清晰")

    assert timers.flag_overdue(now=datetime.datetime.now() + datetime.timedelta(days=30)) == 0
    assert workflow_of(submitted).final.isdisjoint({"rejected"})  # not final, yet no reviewer acts there


def test_the_job_runs_every_hour_and_records_what_it_flagged(app, submitted, monkeypatch):
    limit(1)
    huey = app.extensions["jobs"].huey
    hourly = [{task.name: task for task in huey.read_periodic(datetime.datetime(2026, 5, 1, hour, 5))}
              for hour in (0, 9, 23)]
    assert all("overdue.scheduled" in tasks for tasks in hourly)
    monkeypatch.setattr(timers, "flag_overdue", lambda report: 1)  # the scan itself is tested above

    huey.enqueue(hourly[0]["overdue.scheduled"])

    job = Job.objects.get(kind="overdue")
    assert (job.state, job.title, job.outcome) == ("done", "标记超时未审核的申请", "新标记超时申请1件")


def test_an_administrator_sets_the_limits_and_lists_the_holidays(admin_client):
    kind = BusinessType.objects.get(key="exemption")
    form = text(admin_client.get(f"/businesstypeview/edit/{kind.pk}"))
    assert "每级审核时限（工作日）" in form and "缴费期限（工作日）" in form
    assert "不计周末和节假日" in form

    added = admin_client.post("/holidayview/add", data={"day": "2026-10-01", "name": "国庆节"}, follow_redirects=True)

    assert Holiday.objects.get(name="国庆节").day == datetime.date(2026, 10, 1)
    assert "国庆节" in text(admin_client.get("/holidayview/list/")) and "节假日" in text(added)


@pytest.mark.parametrize("field, value, message", [
    ("review_days", "0", "每级审核时限为不小于1的工作日数；留空表示不限。"),
    ("payment_days", "-2", "缴费期限为不小于1的工作日数；留空表示不限。"),
    ("review_days", "三天", "每级审核时限为不小于1的工作日数；留空表示不限。"),
])
def test_a_limit_that_is_not_a_whole_number_of_working_days_is_refused_in_words(admin_client, field, value, message):
    kind = BusinessType.objects.get(key="exemption")
    form = {"key": kind.key, "title": kind.title, "workflow_key": kind.workflow_key, "form_key": kind.form_key,
            "enabled": "y"}

    refused = admin_client.post(f"/businesstypeview/edit/{kind.pk}", data={**form, field: value},
                                follow_redirects=True)
    saved = admin_client.post(f"/businesstypeview/edit/{kind.pk}", data={**form, field: "3"}, follow_redirects=True)

    assert message in text(refused) and saved.status_code == 200
    assert getattr(BusinessType.objects.get(key="exemption"), field) == 3
