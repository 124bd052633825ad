"""Exam-room arrangement 编排考场: every paid course of a sitting's registrations gets a seat in a room of its exam
district for that course's half-day, and a later run moves only what changed.

The rules, in this one place:
- A district's rooms in use (the room and its site both 启用) are filled in order of site code, then room number;
  seats are numbered 1 to the room's capacity, each half-day anew.
- The courses to seat are taken in order of course code, then exam number, so a course's candidates sit together.
- A seat stays where it is while its registration still has that course chosen and paid, in the same district and
  half-day, and its room is still in use there under the same number, with the seat within its capacity. Any other
  seat is freed: its course is seated again (moved) if still to be seated, else the seat is removed. The courses
  without a seat, new or freed, fill the free seats in the order above.
- Before anything is written, each district's half-day must have a seat for every course to seat there; where one
  has not, the whole run is refused, saying where and how many seats are missing.

Everything is read in a few queries of plain documents, and seats are written in bulk: the freed ones deleted in
one unordered bulk write, then the new ones inserted in unordered batches.
"""
import collections
import datetime
from dataclasses import dataclass
from typing import NamedTuple

from flask_babel import gettext as _
from pymongo import DeleteOne
from pymongo.errors import BulkWriteError

from app.jobs import JobFailed
from app.models import Course, District, ExamRoom, ExamSite, Job, Registration, Seat, TimetableEntry
from app.models.job import JobResult
from app.models.registration import Move, Shortfall, seated

BATCH = 20_000  # seats inserted per bulk write
MOVES_LISTED = 1_000  # moves a job's result lists by name; its count holds them all
DUPLICATE_KEY = 11000


class Room(NamedTuple):
    id: object
    site: object
    site_name: str
    number: str
    capacity: int


class Need(NamedTuple):
    """A paid course to seat, in the order seats are handed out."""

    course: str
    exam_number: str
    registration: object


class Moved(NamedTuple):
    exam_number: str
    course: str
    day: datetime.date
    half: str
    from_site: str
    from_room: str
    from_seat: int
    to_site: str
    to_room: str
    to_seat: int


class SeatLine(NamedTuple):
    """One paid course's seat as the seating notice prints it."""

    course: str
    day: datetime.date
    half: str
    site_name: str
    site_address: str
    room_number: str
    seat: int


class SeatsShort(JobFailed):
    """Some district's half-day has fewer seats than courses to seat: nothing was written."""

    def __init__(self, shortfalls):
        self.shortfalls = shortfalls
        super().__init__(refusal(shortfalls), JobResult(shortfalls=shortfalls))


@dataclass
class Plan:
    """What a run would write, worked out from what it read."""

    shortfalls: list  # Shortfall, by district, day and half
    seats: list  # the seat documents to insert
    freed: list  # the ids of the seats to delete
    moves: list  # Moved, by exam number and course
    placed: int = 0
    kept: int = 0
    removed: int = 0
    unscheduled: int = 0  # paid courses the sitting's timetable does not hold: not seated

    @property
    def counts(self):
        return {"placed": self.placed, "kept": self.kept, "moved": len(self.moves), "removed": self.removed,
                "unscheduled": self.unscheduled}

    def result(self):
        return JobResult(counts=self.counts, moves=[Move(**moved._asdict()) for moved in self.moves[:MOVES_LISTED]])


class _Unreported:
    def start(self, total):
        pass

    def advance(self, count=1):
        pass


def arrange(sitting, report=None):
    """Seat the sitting's paid courses (see the module's rules); the Plan written. SeatsShort, with nothing
    written, where some district's half-day lacks seats."""
    plan = plan_for(sitting)
    if plan.shortfalls:
        raise SeatsShort(plan.shortfalls)
    write(plan, report)
    return plan


def run(report, sitting):
    """The job: arrange, and the typed result for the job's page."""
    return arrange(sitting, report).result()


def plan_for(sitting):
    """Read the sitting's timetable, the rooms, its registrations and seats, and plan the run."""
    rooms, site_names = rooms_in_use()
    names = dict(District.objects.order_by().scalar("id", "name"))
    registrations = Registration.objects(sitting=sitting.pk).order_by().only(
        "exam_number", "district", "courses", "paid").as_pymongo()
    seats = Seat.objects(sitting=sitting.pk).order_by().exclude("sitting").as_pymongo()
    return plan(sitting.pk, timetable(sitting), rooms, site_names, names, registrations, seats)


def timetable(sitting):
    """{course code: (day, half)} of the sitting's timetable."""
    entries = list(TimetableEntry.objects(sitting=sitting.pk).order_by().only("course", "day", "half").as_pymongo())
    codes = dict(Course.objects(pk__in=[entry["course"] for entry in entries]).order_by().scalar("id", "code"))
    return {codes[entry["course"]]: (entry["day"], entry["half"]) for entry in entries if entry["course"] in codes}


def rooms_in_use():
    """({district id: its rooms in use, in the order they are filled}, {site id: name} of every site)."""
    sites = {site["_id"]: site for site in ExamSite.objects.order_by().only(
        "district", "code", "name", "in_use").as_pymongo()}
    ordered = collections.defaultdict(list)
    for room in ExamRoom.objects(in_use=True).order_by().only("site", "number", "capacity").as_pymongo():
        site = sites.get(room["site"])
        if site is None or not site.get("in_use"):
            continue
        ordered[site["district"]].append(((site["code"], int(room["number"]), room["number"]), Room(
            room["_id"], site["_id"], site["name"], room["number"], room["capacity"])))
    return ({district: [room for _key, room in sorted(rooms)] for district, rooms in ordered.items()},
            {key: site["name"] for key, site in sites.items()})


def plan(sitting_id, timetable, rooms, site_names, district_names, registrations, seats):
    """The run over plain documents: `registrations` (exam_number, district, courses, paid) and the sitting's
    `seats` as stored, `timetable` and `rooms` as the functions of those names give them."""
    needs, unscheduled = collections.defaultdict(list), 0
    for registration in registrations:
        for code in seated(registration.get("courses"), registration.get("paid")):
            if code not in timetable:
                unscheduled += 1
                continue
            needs[(registration["district"], *timetable[code])].append(
                Need(code, registration["exam_number"], registration["_id"]))
    capacity = {district: sum(room.capacity for room in held) for district, held in rooms.items()}
    shortfalls = sorted((Shortfall(district=district_names.get(district, ""), day=_date(day), half=half,
                                   candidates=len(found), seats=capacity.get(district, 0))
                         for (district, day, half), found in needs.items() if len(found) > capacity.get(district, 0)),
                        key=lambda short: (short.district, short.day, short.half))
    result = Plan(shortfalls=shortfalls, seats=[], freed=[], moves=[], unscheduled=unscheduled)
    if shortfalls:
        return result
    existing = {}
    for seat in seats:
        key = (seat["registration"], seat["course"])
        if key in existing:  # a second seat for one course: never kept
            result.freed.append(seat["_id"])
            result.removed += 1
        else:
            existing[key] = seat
    for group in sorted(needs, key=lambda group: (str(group[0]), group[1], group[2])):
        _seat_group(result, sitting_id, group, sorted(needs[group]), rooms.get(group[0], []), site_names, existing)
    result.freed += [seat["_id"] for seat in existing.values()]
    result.removed += len(existing)
    result.moves.sort()
    return result


def _seat_group(result, sitting_id, group, needs, rooms, site_names, existing):
    """Keep the group's seats that still hold, then hand the free seats out to the rest, in order."""
    district, day, half = group
    in_use = {room.id: room for room in rooms}
    taken, waiting = collections.defaultdict(set), []
    for need in needs:
        seat = existing.pop((need.registration, need.course), None)
        room = in_use.get(seat["room"]) if seat else None
        if room and (seat["district"], seat["day"], seat["half"]) == group and seat.get("room_number") == room.number \
                and seat["number"] <= room.capacity and seat["number"] not in taken[room.id]:
            taken[room.id].add(seat["number"])
            result.kept += 1
            continue
        waiting.append((need, seat))
        if seat:
            result.freed.append(seat["_id"])
    free = ((room, number) for room in rooms for number in range(1, room.capacity + 1)
            if number not in taken[room.id])
    for (need, old), (room, number) in zip(waiting, free, strict=False):  # the capacity was checked: enough
        result.seats.append({"sitting": sitting_id, "district": district, "day": day, "half": half,
                             "registration": need.registration, "exam_number": need.exam_number,
                             "course": need.course, "site": room.site, "room": room.id, "room_number": room.number,
                             "number": number})
        if old is None:
            result.placed += 1
        else:
            result.moves.append(Moved(need.exam_number, need.course, _date(day), half,
                                      site_names.get(old["site"], ""), old.get("room_number", ""), old["number"],
                                      room.site_name, room.number, number))


def write(plan, report=None):
    """Delete the freed seats, then insert the new ones, reporting each bulk write's seats done."""
    collection, report = Seat._get_collection(), report or _Unreported()
    report.start(len(plan.freed) + len(plan.seats))
    try:
        if plan.freed:
            collection.bulk_write([DeleteOne({"_id": key}) for key in plan.freed], ordered=False)
            report.advance(len(plan.freed))
        for start in range(0, len(plan.seats), BATCH):
            batch = plan.seats[start:start + BATCH]
            collection.insert_many(batch, ordered=False)
            report.advance(len(batch))
    except BulkWriteError as error:
        if any(each.get("code") != DUPLICATE_KEY for each in error.details.get("writeErrors", ())):
            raise
        raise JobFailed(_("另一次编排同时占用了部分座位，本次编排未完成，请稍后重新编排。")) from error


def refusal(shortfalls):
    """What staff read of a refused run: each district's half-day short of seats, as many as the job's error holds."""
    limit = Job._fields["error"].max_length
    lines = [_("%(district)s %(when)s缺少%(missing)d个座位", district=short.district, when=short.when,
               missing=short.missing) for short in shortfalls]
    text = _("座位不足，本次未编排：%(where)s。", where="；".join(lines))
    for shown in range(len(lines) - 1, 0, -1):
        if len(text) <= limit:
            break
        text = _("座位不足，本次未编排：%(where)s等%(n)d处，详见任务页面。", where="；".join(lines[:shown]),
                 n=len(lines))
    return text[:limit]


def seats_for(registration):
    """The seats of a registration's paid courses, by half-day, for its seating notice: two queries."""
    seats = list(Seat.objects(registration=registration.pk).order_by("day", "half", "course").only(
        "course", "day", "half", "site", "room_number", "number").as_pymongo())
    sites = {site["_id"]: site for site in ExamSite.objects(pk__in=list({seat["site"] for seat in seats})).order_by()
             .only("name", "address").as_pymongo()} if seats else {}
    return [SeatLine(seat["course"], _date(seat["day"]), seat["half"], sites.get(seat["site"], {}).get("name", ""),
                     sites.get(seat["site"], {}).get("address", ""), seat["room_number"], seat["number"])
            for seat in seats]


def _date(day):
    return day.date() if isinstance(day, datetime.datetime) else day
