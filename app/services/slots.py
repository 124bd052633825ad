"""On-site review slots 现场审核批次 (seed 001): the ones offered, and seats taken and given back.

A candidate may choose the slots of their own district, and of the other districts their application's business
type names (`BusinessType.review_districts`): their OpenDistricts. Every seat is taken or given back by one conditional
update of one slot document, atomic on MongoDB (and under the demo store's lock), so however many candidates
choose at once, a slot never has more holders than its capacity and `seats_left` stays `capacity` minus the
holders; a booking outside the scope never lands.
"""
import datetime
from dataclasses import dataclass

from bson import ObjectId
from flask_babel import gettext as _

from app.models import BusinessType, District
from app.models.references import reference_id
from app.models.slot import DEFAULT_CAPACITY, ReviewSlot
from app.wording import bracketed, joined

DEMO_TIMES = ((datetime.time(9), datetime.time(11, 30)), (datetime.time(14), datetime.time(16, 30)))
DEMO_DAYS = 3
DEMO_SMALL = (datetime.time(14), datetime.time(15), 2)  # on the first day: fills after two bookings


def _object_id(value):
    return ObjectId(str(value)) if value is not None and ObjectId.is_valid(str(value)) else None


def _text(slot):
    """District, time and place, e.g. 和平区 2024-01-05 09:00–11:30 和平区自学考试办公室."""
    return f"{slot.district.name} {slot.when()} {slot.place}"


@dataclass(frozen=True)
class OpenDistricts:
    """The districts whose slots a candidate may choose: their own first, then those their business type names."""

    districts: tuple  # District ids
    names: tuple

    @property
    def text(self):
        return joined(self.names)

    @property
    def description(self):
        return _("可选择%(districts)s的现场审核批次。", districts=self.text)

    @property
    def refusal(self):
        return _("所选现场审核批次不在可选范围内，只能选择%(districts)s的批次，请重新选择。", districts=self.text)


def scope(candidate, type_key):
    """The districts `candidate` applying for `type_key` may choose slots of: two queries (the type's setting, the
    districts' names)."""
    own = reference_id(candidate, "district")
    kind = BusinessType.objects(key=type_key).only("review_districts").as_pymongo().first() or {}
    wanted = list(dict.fromkeys([own, *kind.get("review_districts", [])]))
    named = {d.pk: d.name for d in District.objects(pk__in=wanted).only("name")}
    found = [pk for pk in wanted if pk in named]
    return OpenDistricts(tuple(found), tuple(named[pk] for pk in found))


def offered(within, now=None):
    """The slots a candidate may choose from: in the `within` OpenDistricts, enabled and starting after `now`, full ones
    included, by district then time. One query for the slots and one for their districts."""
    now = now or datetime.datetime.now()
    return ReviewSlot.objects(district__in=list(within.districts), enabled=True, starts_at__gt=now).order_by(
        "district", "starts_at").select_related(max_depth=1)


def choices(within, now=None):
    """(slot id, label, full) of the offered slots; a select shows a full one disabled (its label says 已满)."""
    return [(str(slot.pk), _text(slot) + bracketed(slot.seats_text()), not slot.seats_left)
            for slot in offered(within, now)]


def in_scope(slot_id, within):
    """Whether the slot is one of the `within` OpenDistricts's districts."""
    pk = _object_id(slot_id)
    found = ReviewSlot.objects(pk=pk, district__in=list(within.districts)).only("id").first() if pk else None
    return found is not None


def label(slot_id):
    """A chosen slot for display, also once it is past, full or closed."""
    pk = _object_id(slot_id)
    slot = ReviewSlot.objects(pk=pk).first() if pk else None
    return _text(slot) if slot else _("该现场审核批次已取消")


def book(slot_id, application_id, within, now=None):
    """Take a seat in the slot for the application; True if it holds one afterwards.

    One conditional update: the slot is in the `within` OpenDistricts, enabled, starts after `now`, has a seat left and
    the application is not yet a holder. Booking again keeps the one seat (True); a full, closed, past, unknown
    or out-of-scope slot gives False.
    """
    pk = _object_id(slot_id)
    if pk is None:
        return False
    application_id = str(application_id)
    taken = ReviewSlot.objects(pk=pk, district__in=list(within.districts), enabled=True,
                               starts_at__gt=now or datetime.datetime.now(), seats_left__gt=0,
                               holders__ne=application_id).update_one(dec__seats_left=1, push__holders=application_id)
    return bool(taken) or held(pk, application_id)


def release(application_id, keep=None):
    """Give back the application's seats except in `keep` (a slot id, or several); the number given back.

    One update per held slot, conditional on the application still holding it, so no seat is given back twice.
    """
    application_id = str(application_id)
    kept = [_object_id(keep)] if isinstance(keep, (str, ObjectId)) else [_object_id(k) for k in keep or ()]
    held_slots = list(ReviewSlot.objects(holders=application_id, pk__nin=[k for k in kept if k]).scalar("id"))
    return sum(ReviewSlot.objects(pk=pk, holders=application_id).update_one(pull__holders=application_id,
                                                                            inc__seats_left=1)
               for pk in held_slots)


def held(slot_id, application_id):
    """Whether the application holds a seat in the slot."""
    pk = _object_id(slot_id)
    return pk is not None and ReviewSlot.objects(pk=pk, holders=str(application_id)).only("id").first() is not None


def remove(slot):
    """Delete the slot if nobody holds a seat in it, checked in the same delete; whether it was deleted."""
    return bool(ReviewSlot.objects(pk=slot.pk, holders__size=0).delete())


def _coming_weekdays(today, count):
    days = []
    day = today
    while len(days) < count:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


def seed_demo(districts, today=None):
    """Demo slots at each district's office: one on each of the next three weekdays (morning and afternoon in
    turn, 60 seats), and a 2-seat one on the first, so a full slot is soon seen. Idempotent; the number created."""
    days = _coming_weekdays(today or datetime.date.today(), DEMO_DAYS)
    planned = [(days[n], *DEMO_TIMES[n % 2], DEFAULT_CAPACITY, "一楼审核大厅") for n in range(DEMO_DAYS)]
    planned.append((days[0], *DEMO_SMALL, "二楼201室"))
    created = 0
    for district in districts:
        office = district.address or f"{district.name}自学考试办公室"
        for day, start, end, capacity, room in planned:
            starts_at = datetime.datetime.combine(day, start)
            if ReviewSlot.objects(district=district, starts_at=starts_at).first() is None:
                ReviewSlot(district=district, place=f"{office}{room}", starts_at=starts_at,
                           ends_at=datetime.datetime.combine(day, end), capacity=capacity).save()
                created += 1
    return created
