"""Registrations 报考 for a sitting (seed 002 §4(3)): one per candidate and sitting, the last submission counting,
and the seats the exam-room arrangement gives its paid courses.

A registration changes only by conditional updates on its `version` (app/services/registrations.py): a
submission made from an older copy is refused rather than lost, and an order made for an older version is closed.
"""
import datetime

from flask_babel import lazy_gettext as _l
from mongoengine import (CASCADE, DENY, DO_NOTHING, DateField, DateTimeField, Document, EmbeddedDocument, IntField,
                         ListField, ReferenceField, StringField)

from .candidate import Candidate
from .district import District
from .exam_site import ExamRoom, ExamSite
from .major import Major
from .sitting import HALVES, Sitting

COURSE_CODE = r"^\d{5}$"
# What the district's online review (where the sitting asks for one) says of the latest submission.
REVIEWS = (("none", _l("无需审核")), ("pending", _l("待考区审核")), ("approved", _l("考区审核通过")),
           ("rejected", _l("考区审核未通过")))


def seated(courses, paid):
    """Of a registration's chosen `courses`, the ones the arrangement seats: those paid, in the order chosen."""
    paid = set(paid or ())
    return [code for code in dict.fromkeys(courses or ()) if code in paid]


class Registration(Document):
    sitting = ReferenceField(Sitting, required=True, reverse_delete_rule=DENY, verbose_name=_l("考次"))
    candidate = ReferenceField(Candidate, required=True, reverse_delete_rule=DENY, verbose_name=_l("考生"))
    # Copied from the candidate, so staff lists search and show them in one query.
    exam_number = StringField(required=True, verbose_name=_l("准考证号"))
    candidate_name = StringField(verbose_name=_l("姓名"))
    id_number = StringField(verbose_name=_l("证件号码"))
    # The exam district 报考考区: where the candidate sits, and which district reviews the registration.
    district = ReferenceField(District, required=True, reverse_delete_rule=DENY, verbose_name=_l("报考考区"))
    major = ReferenceField(Major, required=True, reverse_delete_rule=DENY, verbose_name=_l("报考专业"))
    courses = ListField(StringField(regex=COURSE_CODE), verbose_name=_l("报考课程"))
    # Courses whose fee has been received: never taken back (no refund), also when a course is dropped.
    paid = ListField(StringField(regex=COURSE_CODE), verbose_name=_l("已缴费课程"))
    version = IntField(required=True, default=1, min_value=1, verbose_name=_l("提交次数"))
    review = StringField(required=True, choices=REVIEWS, default="none", verbose_name=_l("考区审核"))
    review_comment = StringField(max_length=500, verbose_name=_l("审核意见"))
    submitted_at = DateTimeField(required=True, default=datetime.datetime.now, verbose_name=_l("提交时间"))
    first_submitted_at = DateTimeField(default=datetime.datetime.now, verbose_name=_l("首次提交时间"))

    meta = {
        "collection": "registrations",
        "ordering": ["-submitted_at"],
        "indexes": [{"fields": ("candidate", "sitting"), "unique": True},
                    # The arrangement reads a sitting's registrations district by district; reviewers list theirs.
                    ("sitting", "district", "review", "submitted_at"), ("sitting", "exam_number"),
                    ("sitting", "candidate_name")],
    }

    @property
    def unpaid(self):
        """The chosen courses whose fee is still due, in the order chosen."""
        return [code for code in self.courses if code not in self.paid]

    @property
    def seated(self):
        """The courses the arrangement seats: chosen and paid."""
        return seated(self.courses, self.paid)

    def __str__(self):
        return f"{self.candidate_name or ''}（{self.exam_number}）"


class Seat(Document):
    """A paid course's place in the exam-room arrangement: site, room and seat number for one half-day."""

    sitting = ReferenceField(Sitting, required=True, reverse_delete_rule=DENY, verbose_name=_l("考次"))
    # The registration's exam district, which the registration's own rule keeps while its seats exist.
    district = ReferenceField(District, required=True, reverse_delete_rule=DO_NOTHING, verbose_name=_l("考区"))
    day = DateField(required=True, verbose_name=_l("考试日期"))
    half = StringField(required=True, choices=HALVES, verbose_name=_l("半天"))
    registration = ReferenceField(Registration, required=True, reverse_delete_rule=CASCADE, verbose_name=_l("报考"))
    exam_number = StringField(required=True, verbose_name=_l("准考证号"))
    course = StringField(required=True, regex=COURSE_CODE, verbose_name=_l("课程代码"))
    site = ReferenceField(ExamSite, required=True, reverse_delete_rule=DENY, verbose_name=_l("考点"))
    room = ReferenceField(ExamRoom, required=True, reverse_delete_rule=DENY, verbose_name=_l("考场"))
    # Copied from the room, as the notice prints it; a room renumbered since moves its seats at the next arrangement.
    room_number = StringField(required=True, verbose_name=_l("考场号"))
    number = IntField(required=True, min_value=1, verbose_name=_l("座位号"))

    meta = {"collection": "seats", "ordering": ["day", "half"],
            "indexes": [("sitting", "district", "day", "half"), ("registration", "day"), "site",
                        {"fields": ("room", "day", "half", "number"), "unique": True}]}


class Shortfall(EmbeddedDocument):
    """An exam district's half-day with more paid courses to seat than its rooms in use hold."""

    district = StringField(verbose_name=_l("考区"))
    day = DateField(verbose_name=_l("考试日期"))
    half = StringField(choices=HALVES, verbose_name=_l("半天"))
    candidates = IntField(verbose_name=_l("应考人次"))
    seats = IntField(verbose_name=_l("座位数"))

    @property
    def missing(self):
        return self.candidates - self.seats

    @property
    def when(self):
        return _when(self)


class Move(EmbeddedDocument):
    """A paid course whose seat a later arrangement changed: where it was and where it is now."""

    exam_number = StringField(verbose_name=_l("准考证号"))
    course = StringField(verbose_name=_l("课程代码"))
    day = DateField(verbose_name=_l("考试日期"))
    half = StringField(choices=HALVES, verbose_name=_l("半天"))
    from_site = StringField(verbose_name=_l("原考点"))
    from_room = StringField(verbose_name=_l("原考场号"))
    from_seat = IntField(verbose_name=_l("原座位号"))
    to_site = StringField(verbose_name=_l("新考点"))
    to_room = StringField(verbose_name=_l("新考场号"))
    to_seat = IntField(verbose_name=_l("新座位号"))

    @property
    def when(self):
        return _when(self)


def _when(document):
    """2027-04-10 上午."""
    return f"{document.day:%Y-%m-%d} {dict(HALVES)[document.half]}"
