"""The review-session reminder: the day before an on-site review, each application holding a seat in it is
reminded once, from its type's template, by a job run from the morning on."""
import datetime

import pytest
from flask import g

from app.models import BusinessType, Job, Message
from app.models.slot import ReviewSlot
from app.services import slots
from workflows import timers
from tests.services.test_payment import ZHANG, application_of, graduation_type

TODAY = datetime.datetime(2026, 5, 11, 8, 30)


def slot_on(district, starts_at, place="和平区自学考试办公室一楼审核大厅"):
    return ReviewSlot(district=district, place=place, starts_at=starts_at,
                      ends_at=starts_at + datetime.timedelta(hours=2, minutes=30)).save()


@pytest.fixture
def booked(app_ctx, world):
    """张明's graduation, holding a seat of tomorrow's 09:00 review; another slot, the day after, held too."""
    graduation_type()
    application = application_of(ZHANG, state="district_review")
    for starts_at in (datetime.datetime(2026, 5, 12, 9), datetime.datetime(2026, 5, 13, 9)):
        slot = slot_on(application.district, starts_at)
        ReviewSlot.objects(pk=slot.pk).update(push__holders=str(application.pk), dec__seats_left=1)
    return application


def reminders(application):
    return list(Message.objects(origin__startswith="review-reminder:", origin__endswith=f":{application.pk}"))


def test_the_candidate_is_reminded_the_day_before_with_the_time_and_place(booked):
    assert timers.reminders_due(TODAY)

    assert timers.send_reminders(now=TODAY) == 1

    (told,) = reminders(booked)
    assert told.title == "明天请参加现场审核" and told.sender == "系统"
    assert "张明：" in told.body and f"您的毕业申请（申请编号 {booked.pk}）预约的现场审核在明天：" in told.body
    assert "和平区 2026-05-12 09:00–11:30 和平区自学考试办公室一楼审核大厅。" in told.body
    assert "请按时携带身份证件和申请材料到场。" in told.body


def test_a_reminder_goes_once_however_often_the_job_runs(booked):
    timers.send_reminders(now=TODAY)

    assert timers.send_reminders(now=TODAY + datetime.timedelta(hours=3)) == 0
    assert len(reminders(booked)) == 1


def test_a_seat_given_back_is_not_reminded_nor_a_type_without_the_template(booked):
    slots.release(booked.pk)
    assert not timers.reminders_due(TODAY) and timers.send_reminders(now=TODAY) == 0

    ReviewSlot.objects(starts_at=datetime.datetime(2026, 5, 12, 9)).update(push__holders=str(booked.pk))
    kind = BusinessType.objects.get(key="graduation")
    kind.message_templates = [t for t in kind.message_templates if t.event != "review_reminder"]
    kind.save()
    g.pop("message_templates", None)  # read once per request or job
    assert timers.send_reminders(now=TODAY) == 0 and reminders(booked) == []


def test_the_job_runs_from_the_morning_and_records_how_many_it_sent(app, booked):
    huey = app.extensions["jobs"].huey
    names = {hour: {task.name for task in huey.read_periodic(datetime.datetime(2026, 5, 11, hour, 30))}
             for hour in (3, 8, 20)}
    assert "review_reminders.scheduled" not in names[3]
    assert {"review_reminders.scheduled"} <= names[8] & names[20]
    tomorrow = datetime.datetime.combine(datetime.date.today() + datetime.timedelta(days=1), datetime.time(14))
    slot = slot_on(booked.district, tomorrow, "和平区自学考试办公室二楼201室")
    ReviewSlot.objects(pk=slot.pk).update(push__holders=str(booked.pk), dec__seats_left=1)

    scheduled = next(task for task in huey.read_periodic(datetime.datetime(2026, 5, 11, 8, 30))
                     if task.name == "review_reminders.scheduled")
    huey.enqueue(scheduled)

    job = Job.objects.get(kind="review_reminders")
    assert (job.state, job.title, job.outcome) == ("done", "现场审核前一天提醒考生", "发送现场审核提醒1条")
    assert "二楼201室" in reminders(booked)[0].body
