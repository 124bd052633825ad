"""Exam sittings 考次 and their timetables (seed 002 §4): when registration and printing are open, the fee per
course, the most courses a candidate takes, and which course is examined when, for which majors."""
import datetime

from flask_babel import lazy_gettext as _l
from mongoengine import (CASCADE, DENY, BooleanField, DateField, DateTimeField, DecimalField, Document, IntField,
                         ListField, ReferenceField, StringField, ValidationError)

from .course import Course
from .major import Major

CODE = r"^(19|20)\d\d-(0[1-9]|1[0-2])$"
DEFAULT_MAX_COURSES = 4  # seed 002: 每次最多报考4门
HALVES = (("am", _l("上午")), ("pm", _l("下午")))
CLOCK = r"^([01]\d|2[0-3]):[0-5]\d$"


def _after(errors, document, first, then, message):
    if getattr(document, first) and getattr(document, then) and getattr(document, then) <= getattr(document, first):
        errors[then] = ValidationError(message)


class Sitting(Document):
    code = StringField(required=True, unique=True, regex=CODE, verbose_name=_l("考次"),
                       error_message=_l("考次格式为 年-月，如 2024-04。"))
    # Candidates see the sitting's exam scores from this time on (app/services/publication.py); score recheck
    # 成绩复核 is open for a number of working days from its date (RECHECK_WORKING_DAYS).
    scores_published_at = DateTimeField(verbose_name=_l("成绩公布时间"))
    # When the candidates with an exam score of the sitting were told theirs are out (the announce_scores job).
    scores_announced_at = DateTimeField(verbose_name=_l("成绩公布通知发送时间"))
    registration_opens_at = DateTimeField(verbose_name=_l("报考开始时间"))
    registration_closes_at = DateTimeField(verbose_name=_l("报考截止时间"))
    print_opens_at = DateTimeField(verbose_name=_l("准考证打印开始时间"))
    print_closes_at = DateTimeField(verbose_name=_l("准考证打印截止时间"))
    course_fee = DecimalField(min_value=0, precision=2, default=0, verbose_name=_l("每门课程报考费（元）"),
                              error_message=_l("报考费为不小于0的金额，最多两位小数。"))
    max_courses = IntField(required=True, min_value=1, max_value=12, default=DEFAULT_MAX_COURSES,
                           verbose_name=_l("每人最多报考门数"), error_message=_l("最多报考门数为1–12的整数。"))
    # 建档: the candidate's basic information passed the district's review (identity verification).
    requires_verified = BooleanField(default=True, verbose_name=_l("须基本信息审核通过方可报考"))
    # Where the province asks for it, the exam district reviews each registration online before it is paid.
    district_review = BooleanField(default=False, verbose_name=_l("报考须考区网上审核"))
    paid_courses_droppable = BooleanField(default=False, verbose_name=_l("允许退选已缴费课程（不退费）"))
    brochure = StringField(max_length=20000, multiline=True, verbose_name=_l("报考简章"))
    exam_rules = StringField(max_length=5000, multiline=True, verbose_name=_l("考场规则"))

    meta = {"collection": "sittings", "ordering": ["-code"],
            "indexes": ["registration_opens_at", "scores_published_at", ("scores_announced_at", "scores_published_at")]}

    def clean(self):
        errors = {}
        _after(errors, self, "registration_opens_at", "registration_closes_at", _l("报考截止时间须晚于开始时间。"))
        _after(errors, self, "print_opens_at", "print_closes_at", _l("打印截止时间须晚于开始时间。"))
        if errors:
            raise ValidationError(errors=errors)

    @property
    def title(self):
        """2027-04 as 2027年04月."""
        return f"{self.code[:4]}年{self.code[5:]}月"

    def registering(self, now=None):
        """Whether registration is open at `now`."""
        now = now or datetime.datetime.now()
        return bool(self.registration_opens_at and self.registration_closes_at
                    and self.registration_opens_at <= now < self.registration_closes_at)

    def printing(self, now=None):
        """Whether the seating notice may be printed at `now`."""
        now = now or datetime.datetime.now()
        return bool(self.print_opens_at and self.print_closes_at and self.print_opens_at <= now < self.print_closes_at)

    def __str__(self):
        return self.code


class TimetableEntry(Document):
    """One course of a sitting's timetable 考试安排: its half-day, with times, and the majors that offer it."""

    sitting = ReferenceField(Sitting, required=True, reverse_delete_rule=CASCADE, verbose_name=_l("考次"))
    course = ReferenceField(Course, required=True, reverse_delete_rule=DENY, verbose_name=_l("课程"))
    day = DateField(required=True, verbose_name=_l("考试日期"))
    half = StringField(required=True, choices=HALVES, verbose_name=_l("半天"))
    starts = StringField(required=True, regex=CLOCK, verbose_name=_l("开始时间"),
                         error_message=_l("时间格式为 时:分，如 09:00。"))
    ends = StringField(required=True, regex=CLOCK, verbose_name=_l("结束时间"),
                       error_message=_l("时间格式为 时:分，如 11:30。"))
    majors = ListField(ReferenceField(Major, reverse_delete_rule=DENY), verbose_name=_l("开考专业"))

    meta = {"collection": "timetable", "ordering": ["day", "half", "starts"],
            "indexes": [{"fields": ("sitting", "course"), "unique": True}, ("sitting", "day", "half")]}

    def clean(self):
        errors = {}
        if self.day and self.sitting and hasattr(self.sitting, "code") and f"{self.day:%Y-%m}" != self.sitting.code:
            errors["day"] = ValidationError(_l("考试日期须在本考次所在的月份（%(month)s）内。", month=self.sitting.title))
        if self.starts and self.ends and self.ends <= self.starts:
            errors["ends"] = ValidationError(_l("结束时间须晚于开始时间。"))
        if self.starts and self.half and (self.half == "am") != (self.starts < "12:00"):
            errors["starts"] = ValidationError(_l("上午场次须在12:00前开始，下午场次须在12:00及以后开始。"))
        if errors:
            raise ValidationError(errors=errors)

    @property
    def when(self):
        """2027-04-10 上午 09:00–11:30."""
        return f"{self.day:%Y-%m-%d} {dict(HALVES)[self.half]} {self.starts}–{self.ends}"

    def __str__(self):
        return f"{self.course} {self.when}"
