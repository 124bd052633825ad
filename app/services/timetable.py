"""The coming sitting's timetable 考试安排 as anyone may read it (seed 000 §1): by day and half-day, each course with
its times and the majors that offer it, optionally those of one major.

The coming sitting is the earliest whose registration or print window is open now or still to come (the nearest
exam, even while the next sitting's registration is open already); when none is, the latest with a timetable.
A fixed number of queries: the sittings (less their long texts), which of them have a timetable (only for that
fallback), then the sitting's entries, their courses and their majors.
"""
import datetime
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from app.models import Course, Major, Sitting, TimetableEntry
from app.models.sitting import HALVES

WEEKDAYS = (_l("星期一"), _l("星期二"), _l("星期三"), _l("星期四"), _l("星期五"), _l("星期六"), _l("星期日"))
_CLOSES = ("registration_closes_at", "print_closes_at")  # the ends of the registration and print windows


@dataclass
class Row:
    entry: TimetableEntry
    course: Course
    majors: list  # Major, by code


@dataclass
class HalfDay:
    half: str  # am / pm
    rows: list

    @property
    def label(self):
        return dict(HALVES)[self.half]


@dataclass
class Day:
    day: datetime.date
    halves: list

    @property
    def weekday(self):
        return WEEKDAYS[self.day.weekday()]


@dataclass
class Timetable:
    sitting: Sitting | None
    days: list = field(default_factory=list)
    majors: list = field(default_factory=list)  # every major the sitting examines, for the filter
    major: Major | None = None  # the one filtered on
    unknown_major: str | None = None  # a major code asked for that the sitting does not examine

    @property
    def rows(self):
        return [row for day in self.days for half in day.halves for row in half.rows]


def _ahead(sitting, now):
    """Whether one of the sitting's windows is open at `now` or still to come."""
    return any(getattr(sitting, closes) and getattr(sitting, closes) > now for closes in _CLOSES)


def coming_sitting(now=None):
    """The earliest sitting with its registration or print window open at `now` or still to come, else the latest
    with a timetable, else None."""
    now = now or datetime.datetime.now()
    sittings = list(Sitting.objects.exclude("brochure", "exam_rules"))  # newest first
    ahead = [s for s in sittings if _ahead(s, now)]
    if ahead:
        return ahead[-1]
    if not sittings:
        return None
    timed = set(TimetableEntry.objects(sitting__in=[s.pk for s in sittings]).order_by().no_dereference()
                .distinct("sitting"))
    return next((s for s in sittings if s.pk in timed), None)


def timetable(sitting, major_code=None):
    """The Timetable of `sitting` (None: an empty one), only the courses of `major_code` when given and examined."""
    shown = Timetable(sitting)
    if sitting is None:
        return shown
    entries = list(TimetableEntry.objects(sitting=sitting.pk).order_by().no_dereference())
    courses = Course.objects.only("code", "name").in_bulk(list({e.course.id for e in entries}))
    majors = Major.objects.only("code", "name", "level").in_bulk(list({m.id for e in entries for m in e.majors}))
    shown.majors = sorted(majors.values(), key=lambda m: m.code)
    if major_code:
        shown.major = next((m for m in shown.majors if m.code == major_code.strip().upper()), None)
        if shown.major is None:
            shown.unknown_major = major_code
    halves = [half for half, _label in HALVES]
    entries.sort(key=lambda e: (e.day, halves.index(e.half), e.starts, courses[e.course.id].code))
    for entry in entries:
        offered = sorted((majors[m.id] for m in entry.majors if m.id in majors), key=lambda m: m.code)
        if shown.major is not None and shown.major not in offered:
            continue
        if not shown.days or shown.days[-1].day != entry.day:
            shown.days.append(Day(entry.day, []))
        day = shown.days[-1]
        if not day.halves or day.halves[-1].half != entry.half:
            day.halves.append(HalfDay(entry.half, []))
        day.halves[-1].rows.append(Row(entry, courses[entry.course.id], offered))
    return shown
