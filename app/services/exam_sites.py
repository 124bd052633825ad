"""Exam sites' rooms: added many at a time, counted per site, and kept while candidates are seated in them."""
from bson import ObjectId
from flask_babel import gettext as _
from mongoengine import NotUniqueError

from app.models import ExamRoom, Seat

MAX_BATCH = 100  # rooms added at once
LAST_NUMBER = 9999  # room numbers have up to four digits


class Refused(Exception):
    """Rooms not added; the message says why."""


def totals(site_ids):
    """{site id: (rooms in use, their seats)} for the given sites, in one query."""
    grouped = ExamRoom.objects(site__in=list(site_ids), in_use=True).aggregate(
        [{"$group": {"_id": "$site", "rooms": {"$sum": 1}, "seats": {"$sum": "$capacity"}}}])
    return {row["_id"]: (row["rooms"], row["seats"]) for row in grouped}


def next_number(site):
    """The number after the site's highest room number (1 for a site without rooms)."""
    numbers = [int(number) for number in ExamRoom.objects(site=site).scalar("number") if number.isdigit()]
    return min(max(numbers, default=0) + 1, LAST_NUMBER)


def add_rooms(site, count, first, capacity):
    """Add `count` rooms numbered from `first`, each seating `capacity`: all of them, or none when a number is out of
    range or taken (also by rooms added meanwhile). The rooms added."""
    last = first + count - 1
    if last > LAST_NUMBER:
        raise Refused(_("考场号最大为 %(last)d，从 %(first)d 起最多还能添加 %(left)d 间。", last=LAST_NUMBER,
                        first=first, left=LAST_NUMBER - first + 1))
    rooms = [ExamRoom(id=ObjectId(), site=site, number=str(number), capacity=capacity)
             for number in range(first, last + 1)]
    for room in rooms:
        room.validate()  # numbers them as stored (001) and takes the site's district
    taken = sorted(ExamRoom.objects(site=site, number__in=[room.number for room in rooms]).scalar("number"))
    if not taken:
        try:
            ExamRoom.objects.insert(rooms, load_bulk=False)
            return rooms
        except NotUniqueError:  # another user added one of these numbers meanwhile: take back what went in
            ExamRoom.objects(pk__in=[room.pk for room in rooms]).delete()
            taken = sorted(ExamRoom.objects(site=site, number__in=[room.number for room in rooms],
                                            pk__nin=[room.pk for room in rooms]).scalar("number"))
    raise Refused(_("本考点已有考场 %(numbers)s，未添加任何考场；请换一个起始考场号。", numbers="、".join(taken)))


def seated(**where):
    """Whether candidates are seated where `where` says (site=…, or room=…)."""
    return Seat.objects(**where).only("id").first() is not None
