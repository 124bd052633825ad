"""On-site review slots 现场审核批次: seats are taken and given back atomically, so nobody overbooks a slot."""
import datetime

import pytest
from bson import ObjectId
from mongoengine import ValidationError

from app.models import District
from app.models.slot import ReviewSlot
from bench.roundtrips import counting
from app.services import slots
from tests.test_demo_store import race

NOW = datetime.datetime.now().replace(second=0, microsecond=0)
TOMORROW_9 = (NOW + datetime.timedelta(days=1)).replace(hour=9, minute=0)


def make_district(code="120101", name="和平区"):
    return District(code=code, name=name).save()


def make_slot(district, starts_at=TOMORROW_9, capacity=60, enabled=True, place="和平区自学考试办公室201室"):
    return ReviewSlot(district=district, place=place, starts_at=starts_at,
                      ends_at=starts_at + datetime.timedelta(hours=2, minutes=30), capacity=capacity,
                      enabled=enabled).save()


def everywhere():
    """Every district in scope: most tests here are about the seats, not about whose slots they are."""
    return slots.OpenDistricts(tuple(District.objects.scalar("id")), ())


def book(slot_id, application_id, **kwargs):
    return slots.book(slot_id, application_id, everywhere(), **kwargs)


@pytest.fixture
def heping(app_ctx):
    return make_district()


@pytest.fixture
def slot(heping):
    return make_slot(heping, capacity=5)


def test_thirty_candidates_choosing_five_seats_at_once_get_exactly_five(app_ctx, store):
    small = make_slot(make_district(), capacity=5)

    booked = race(30, lambda worker: book(small.pk, f"application-{worker}"))

    small.reload()
    assert sum(booked) == 5
    assert len(small.holders) == 5 and len(set(small.holders)) == 5
    assert small.seats_left == 0
    assert sorted(small.holders) == sorted(f"application-{n}" for n, won in enumerate(booked) if won)


def test_one_application_booking_many_times_at_once_holds_one_seat(app_ctx, store):
    slot = make_slot(make_district(), capacity=5)

    booked = race(10, lambda _worker: book(slot.pk, "application-1"))

    assert all(booked)
    assert slot.reload().holders == ["application-1"] and slot.seats_left == 4


def test_booking_twice_holds_one_seat(slot):
    assert book(slot.pk, "a1") and book(str(slot.pk), "a1")

    assert slot.reload().holders == ["a1"]
    assert slot.seats_left == 4 and slots.held(slot.pk, "a1")


def test_a_full_slot_refuses_the_next_application_but_not_its_holders(heping):
    slot = make_slot(heping, capacity=2)
    book(slot.pk, "a1")
    book(slot.pk, "a2")

    assert not book(slot.pk, "a3")
    assert book(slot.pk, "a1")
    assert slot.reload().holders == ["a1", "a2"] and slot.seats_left == 0
    assert not slots.held(slot.pk, "a3")


@pytest.mark.parametrize("kind", ["past", "disabled", "unknown", "malformed", "none"])
def test_a_past_disabled_or_unknown_slot_cannot_be_booked(heping, kind):
    slot_id = {"past": lambda: make_slot(heping, starts_at=NOW - datetime.timedelta(hours=1)).pk,
               "disabled": lambda: make_slot(heping, enabled=False).pk,
               "unknown": ObjectId, "malformed": lambda: "not-a-slot", "none": lambda: None}[kind]()

    assert book(slot_id, "a1") is False
    assert not ReviewSlot.objects(holders="a1").count()


def test_a_slot_that_has_begun_cannot_be_booked(slot):
    assert not book(slot.pk, "a1", now=slot.starts_at)
    assert book(slot.pk, "a1", now=slot.starts_at - datetime.timedelta(minutes=1))


def test_release_gives_the_seat_back_once(slot):
    book(slot.pk, "a1")

    assert slots.release("a1") == 1
    assert slots.release("a1") == 0
    assert slot.reload().holders == [] and slot.seats_left == 5


def test_release_keeping_the_new_choice_moves_the_booking(heping, slot):
    later = make_slot(heping, starts_at=TOMORROW_9 + datetime.timedelta(days=1))
    book(slot.pk, "a1")

    assert book(later.pk, "a1")
    assert slots.release("a1", keep=str(later.pk)) == 1

    assert (slot.reload().seats_left, later.reload().seats_left) == (5, 59)
    assert not slots.held(slot.pk, "a1") and slots.held(later.pk, "a1")


def test_release_keeps_several_and_ignores_blank_keeps(heping, slot):
    later = make_slot(heping, starts_at=TOMORROW_9 + datetime.timedelta(days=1))
    book(slot.pk, "a1")
    book(later.pk, "a1")

    assert slots.release("a1", keep=[slot.pk, later.pk, None, ""]) == 0
    assert slots.release("a1", keep=[]) == 2


def test_capacity_below_the_seats_taken_is_refused_naming_them(slot):
    for application in ("a1", "a2", "a3"):
        book(slot.pk, application)
    slot.reload()

    slot.capacity = 2
    with pytest.raises(ValidationError) as refused:
        slot.save()

    assert refused.value.to_dict()["__all__"]["capacity"] == "本批次已有 3 人预约，人数上限不能少于 3。"
    assert ReviewSlot.objects.get(pk=slot.pk).capacity == 5


def test_raising_the_capacity_adds_the_seats(slot):
    book(slot.pk, "a1")
    slot.reload()

    slot.capacity = 8
    slot.save()

    assert slot.reload().seats_left == 7


def test_an_edit_from_a_copy_older_than_a_booking_is_refused(slot):
    stale = ReviewSlot.objects.get(pk=slot.pk)
    book(slot.pk, "a1")

    stale.capacity = 6
    with pytest.raises(ValidationError, match="保存期间本批次的预约有了变化"):
        stale.save()

    assert (slot.reload().capacity, slot.seats_left) == (5, 4)


def test_a_slot_ends_after_it_starts(heping):
    with pytest.raises(ValidationError) as refused:
        ReviewSlot(district=heping, place="201室", starts_at=TOMORROW_9, ends_at=TOMORROW_9).save()

    assert refused.value.to_dict()["__all__"]["ends_at"] == "结束时间须晚于开始时间。"


def test_a_new_slot_has_every_seat_and_reads_with_its_district_time_and_seats(heping):
    slot = make_slot(heping, starts_at=datetime.datetime(2030, 1, 7, 9, 0), capacity=12)

    assert slot.seats_left == 12
    assert str(slot) == "和平区 2030-01-07 09:00–11:30（剩余12）"


def test_offered_lists_open_future_slots_by_district_then_time_full_ones_marked(heping):
    xiaodian = make_district("140105", "小店区")
    late = make_slot(heping, starts_at=TOMORROW_9 + datetime.timedelta(days=2))
    early = make_slot(heping, capacity=1)
    elsewhere = make_slot(xiaodian)
    make_slot(heping, enabled=False)
    make_slot(heping, starts_at=NOW - datetime.timedelta(days=1))
    book(early.pk, "a1")
    within = everywhere()

    with counting() as trips:
        offered = slots.offered(within)

    assert [s.pk for s in offered] == [early.pk, late.pk, elsewhere.pk]
    assert trips.mongo == 2  # the slots, and their districts
    assert [(value, full) for value, _label, full in slots.choices(everywhere())] == [
        (str(early.pk), True), (str(late.pk), False), (str(elsewhere.pk), False)]
    assert slots.choices(everywhere())[0][1] == f"和平区 {early.when()} 和平区自学考试办公室201室（已满）"
    assert slots.choices(everywhere())[1][1].endswith("（剩余60）")


def test_a_chosen_slot_still_reads_once_past_or_full(heping):
    past = make_slot(heping, starts_at=datetime.datetime(2020, 3, 2, 14, 0), capacity=1)
    past.update(push__holders="a1", set__seats_left=0)

    assert slots.label(past.pk) == "和平区 2020-03-02 14:00–16:30 和平区自学考试办公室201室"
    assert slots.label(ObjectId()) == slots.label("bad") == "该现场审核批次已取消"


def test_a_slot_is_removed_only_while_nobody_holds_a_seat(slot):
    book(slot.pk, "a1")

    assert not slots.remove(slot)
    slots.release("a1")
    assert slots.remove(slot)
    assert not ReviewSlot.objects(pk=slot.pk).count()


def test_demo_slots_are_on_coming_weekdays_sixty_seats_and_one_small_each(heping):
    xiaodian = make_district("140105", "小店区")
    friday = datetime.date(2030, 1, 4)

    created = slots.seed_demo([heping, xiaodian], today=friday)
    again = slots.seed_demo([heping, xiaodian], today=friday)

    assert (created, again) == (8, 0)
    mine = ReviewSlot.objects(district=heping).order_by("starts_at", "capacity")
    assert [(s.starts_at, s.ends_at.time(), s.capacity) for s in mine] == [
        (datetime.datetime(2030, 1, 7, 9), datetime.time(11, 30), 60),
        (datetime.datetime(2030, 1, 7, 14), datetime.time(15), 2),
        (datetime.datetime(2030, 1, 8, 14), datetime.time(16, 30), 60),
        (datetime.datetime(2030, 1, 9, 9), datetime.time(11, 30), 60),
    ]
    assert all(s.place.startswith("和平区自学考试办公室") and s.enabled and s.seats_left == s.capacity for s in mine)


def test_demo_slots_are_always_in_the_future(heping):
    slots.seed_demo([heping])

    assert len(slots.offered(everywhere())) == 4
