"""Unpaid orders expire: a graduation left unpaid past its type's payment limit in working days is cancelled by the
hourly job, its open order closed and its on-site review seat given back, and the candidate told; a paid one, or
one still within its limit, stands."""
import datetime

import pytest

from app.models import Application, BusinessType, Job, Message
from app.models.application import HistoryEntry
from app.models.payment import CLOSED, PaymentOrder
from app.models.slot import ReviewSlot
from app.services import slots
from usecases import payment
from tests.services.test_payment import ZHANG, application_of, callback, graduation_type

FRIDAY = datetime.datetime(2026, 5, 8, 15, 30)  # the district's pre-review approval


@pytest.fixture
def awaiting(app_ctx, world):
    """张明's graduation, approved by 和平区 on FRIDAY, holding a seat of an on-site review slot, an order open;
    the type gives three working days to pay."""
    graduation_type()
    BusinessType.objects(key="graduation").update(set__payment_days=3)
    application = application_of(ZHANG)
    Application.objects(pk=application.pk).update(
        set__submitted_at=FRIDAY - datetime.timedelta(days=1),
        push__history=HistoryEntry(event="approve", from_state="district_review", to_state="awaiting_payment",
                                   actor_kind="staff", actor_name="和平区审核员", at=FRIDAY))
    application.reload()
    slot = ReviewSlot(district=application.district, place="和平区自学考试办公室", capacity=2,
                      starts_at=datetime.datetime.now() + datetime.timedelta(days=5),
                      ends_at=datetime.datetime.now() + datetime.timedelta(days=5, hours=2)).save()
    assert slots.book(slot.pk, application.pk, slots.OpenDistricts((application.district.pk,), ()))
    payment.order_for(application)
    return application


def slot_of(application):
    return ReviewSlot.objects.get(place="和平区自学考试办公室")


def test_an_application_unpaid_past_its_limit_is_cancelled_its_seat_given_back_and_the_candidate_told(awaiting):
    thursday = datetime.datetime(2026, 5, 14)  # Monday, Tuesday, Wednesday counted

    assert payment.expire_unpaid(now=thursday - datetime.timedelta(minutes=1)) == 0
    assert payment.expire_unpaid(now=thursday + datetime.timedelta(hours=1)) == 1

    stored = awaiting.reload()
    assert stored.state == "cancelled" and stored.history[-1].event == "expire"
    assert stored.history[-1].actor_name == "系统（逾期未缴费）"
    assert PaymentOrder.objects.get(application=awaiting).status == CLOSED
    slot = slot_of(awaiting)
    assert (slot.seats_left, slot.holders) == (2, [])
    told = Message.objects.get(origin__startswith=f"decision:{awaiting.pk}:")
    assert told.title == "毕业申请因逾期未缴费已取消"
    assert "未在缴费期限内缴纳毕业审定费" in told.body and "所预约的现场审核名额已释放" in told.body
    assert payment.expire_unpaid(now=thursday + datetime.timedelta(days=3)) == 0  # once


def test_a_paid_application_is_not_cancelled(awaiting):
    order = PaymentOrder.objects.get(application=awaiting)
    assert payment.confirm(callback(order)).outcome == "paid"

    assert payment.expire_unpaid(now=datetime.datetime(2026, 6, 1)) == 0
    assert awaiting.reload().state == "final_review" and slot_of(awaiting).holders == [str(awaiting.pk)]


def test_a_payment_arriving_after_the_expiry_is_refused(awaiting):
    order = PaymentOrder.objects.get(application=awaiting)
    payment.expire_unpaid(now=datetime.datetime(2026, 6, 1))

    assert payment.confirm(callback(order)).outcome == "refused"
    assert awaiting.reload().state == "cancelled"


def test_without_a_payment_limit_nothing_expires_and_no_job_is_recorded(awaiting):
    BusinessType.objects(key="graduation").update(unset__payment_days=True)

    assert not payment.expiring()
    assert payment.expire_unpaid(now=datetime.datetime(2027, 1, 1)) == 0
    assert awaiting.reload().state == "awaiting_payment"


def test_the_job_runs_every_hour_and_records_what_it_cancelled(app, awaiting):
    huey = app.extensions["jobs"].huey
    hourly = [{task.name: task for task in huey.read_periodic(datetime.datetime(2026, 5, 1, hour, 15))}
              for hour in (0, 13)]
    assert all("expire_unpaid.scheduled" in tasks for tasks in hourly)

    huey.enqueue(hourly[0]["expire_unpaid.scheduled"])

    job = Job.objects.get(kind="expire_unpaid")
    assert (job.state, job.title, job.outcome) == ("done", "取消逾期未缴费的申请", "取消逾期未缴费的申请1件")
    assert awaiting.reload().state == "cancelled"


def test_a_graduation_type_stored_before_gets_the_new_notices_and_an_administrators_own_stays(app_ctx, world):
    from app import migrations

    kind = BusinessType.objects.get(key="graduation")
    mine = next(t for t in kind.message_templates if t.event == "expire")
    mine.title = "您的毕业申请已取消"
    kind.message_templates = [t for t in kind.message_templates if t.event != "review_reminder"]
    kind.save()

    migrations.ship_timer_messages(BusinessType._get_collection().database)

    stored = {(t.event, t.state): t.title for t in BusinessType.objects.get(key="graduation").message_templates}
    assert stored[("review_reminder", "review_slot")] == "明天请参加现场审核"
    assert stored[("expire", "cancelled")] == "您的毕业申请已取消"
