"""Registering for a sitting 报考 (seed 002 §4(3)): who may, what they may choose, and the one conditional write
that keeps the last submission.

`rules()` is the one definition of what a candidate may choose (the sitting's part read at most every
OFFER_SECONDS): the choose page shows it (courses marked passed
or clashing, the limit, phase-out majors) and `check()` enforces the same. A submission is one insert (the first)
or one update conditional on the version the candidate started from and on the courses paid so far, so two
submissions at once cannot both count and a payment arriving meanwhile is never undone. A change closes the open
order, so an order made for an older version can no longer be paid.
"""
import datetime
import time
from dataclasses import dataclass, field, replace

from flask_babel import gettext as _
from mongoengine.errors import NotUniqueError

from app.models import Course, District, ExamSite, Major, Registration, Score, Sitting, TimetableEntry
from app.models.major import STATUSES as MAJOR_STATUSES
from app.models.payment import CLOSED, CREATED, PaymentOrder
from app.models.references import reference_id
from app.models.sitting import HALVES
from app.services import publication
from app.services.timetable import WEEKDAYS

OPEN, PHASE_OUT = "open", "phase_out"


class Refused(Exception):
    """The submission is refused; `errors` maps a field ("district", "major", "courses", or "" for the whole) to
    the messages the candidate reads."""

    def __init__(self, errors):
        super().__init__("; ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


def _refuse(name, message):
    raise Refused({name: [message]})


def coming(now=None):
    """The sitting candidates register for now: the one open for registration, else the next to open, else the
    one whose seating notices are printed now; None when no sitting has a registration window."""
    now = now or datetime.datetime.now()
    return (Sitting.objects(registration_opens_at__lte=now, registration_closes_at__gt=now)
            .order_by("registration_opens_at").first()
            or Sitting.objects(registration_opens_at__gt=now).order_by("registration_opens_at").first()
            or Sitting.objects(print_closes_at__gt=now, registration_opens_at__ne=None)
            .order_by("print_closes_at").first())


def sitting(code):
    return Sitting.objects(code=code).first() if isinstance(code, str) else None


def window_text(sitting):
    return _("%(opens)s 至 %(closes)s", opens=f"{sitting.registration_opens_at:%Y-%m-%d %H:%M}",
             closes=f"{sitting.registration_closes_at:%Y-%m-%d %H:%M}")


def closed_reason(sitting, now=None):
    """Why `sitting` takes no registration or change at `now`, or None while its window is open."""
    now = now or datetime.datetime.now()
    if sitting.registering(now):
        return None
    if not sitting.registration_opens_at or not sitting.registration_closes_at:
        return _("%(sitting)s考次尚未安排报考时间。", sitting=sitting.title)
    if now < sitting.registration_opens_at:
        return _("%(sitting)s考次报考时间为 %(window)s，尚未开始。", sitting=sitting.title, window=window_text(sitting))
    return _("%(sitting)s考次报考已于 %(closes)s 截止，报考信息不能再提交或修改。", sitting=sitting.title,
             closes=f"{sitting.registration_closes_at:%Y-%m-%d %H:%M}")


def barred(candidate, sitting):
    """Why `candidate` may not register for `sitting` whatever the time, or None."""
    if candidate.merged_into is not None or not candidate.active:
        return _("该准考证号已停用，不能报考。请使用合档后保留的准考证号登录。")
    if sitting.requires_verified and not candidate.identity_verified:
        return _("您的基本信息尚未通过考区审核（建档），暂不能报考。请先完成身份认证；网上认证未通过的，"
                 "请在报考时间内携带本人有效身份证件前往考籍管理区县现场采集信息。")
    return None


@dataclass(frozen=True)
class Offered:
    """A course of the sitting's timetable as the choose page lists it."""

    code: str
    name: str
    credits: int
    day: datetime.date
    half: str
    starts: str
    ends: str
    majors: frozenset  # Major ids that offer it
    passed: bool

    @property
    def slot(self):
        """The half-day it is examined in: two courses of one slot cannot both be chosen."""
        return (self.day, self.half)

    @property
    def when(self):
        return f"{self.day:%Y-%m-%d} {dict(HALVES)[self.half]} {self.starts}–{self.ends}"

    @property
    def label(self):
        return f"{self.code} {self.name}"


def half_day(slot):
    """A half-day as the choose page heads it: 2027-04-10（星期六）上午."""
    day, half = slot
    return f"{day:%Y-%m-%d}（{WEEKDAYS[day.weekday()]}）{dict(HALVES)[half]}"


@dataclass(frozen=True)
class Rules:
    """What `candidate` may choose in `sitting`: the exam districts, the majors, the timetable's courses."""

    sitting: Sitting
    districts: tuple  # (id, name) of the exam districts with sites in use
    majors: tuple  # Major documents open or in phase-out
    own_major: object  # the candidate's major id, or None
    courses: tuple  # Offered, by day, half-day and code
    by_code: dict = field(default_factory=dict)

    def major_open_to_candidate(self, major):
        """None if the candidate may register under `major`, else why not."""
        if major.status == OPEN or (major.status == PHASE_OUT and major.pk == self.own_major):
            return None
        if major.status == PHASE_OUT:
            return _("%(major)s处于停考过渡期，不接收新生报考。", major=major)
        return _("%(major)s已%(status)s，不能报考。", major=major, status=dict(MAJOR_STATUSES)[major.status])

    def for_major(self, major_id, show_all=False):
        """The courses the choose page lists: those the major offers, or with `show_all` every course."""
        return [c for c in self.courses if show_all or major_id in c.majors]

    @property
    def fee_fen(self):
        return fee_fen(self.sitting)


def fee_fen(sitting):
    """The sitting's fee per course in fen."""
    return int((sitting.course_fee * 100).to_integral_value()) if sitting.course_fee else 0


# What every candidate of a sitting is offered is read once per process for this long: at the window's opening
# thousands register a minute, and a change staff make (a timetable row, a major in phase-out, a sitting's scores
# published) reaches the pages and the checks alike within it.
OFFER_SECONDS = 10
_offers = {}  # sitting id -> (read at, districts, majors, ((course id, Offered), ...), the scores' visible filter)


def _offer(sitting, now):
    """The sitting's exam districts, majors and timetable as every candidate is offered them, and the filter on
    scores leaving out those not published yet: six queries, or none while the copy read less than OFFER_SECONDS ago
    stands."""
    kept = _offers.get(sitting.pk)
    if kept is not None and now - kept[0] < OFFER_SECONDS:
        return kept[1:]
    site_districts = ExamSite._get_collection().distinct("district", {"in_use": True})
    districts = tuple(District.objects(pk__in=site_districts, active=True).order_by("code").scalar("id", "name"))
    majors = tuple(Major.objects(status__in=[OPEN, PHASE_OUT]).order_by("code"))
    entries = list(TimetableEntry.objects(sitting=sitting).no_dereference().as_pymongo())
    courses = {c["_id"]: c for c in Course._get_collection().find(
        {"_id": {"$in": [e["course"] for e in entries]}}, {"code": 1, "name": 1, "credits": 1})}
    offered = tuple(sorted(((e["course"], Offered(courses[e["course"]]["code"], courses[e["course"]]["name"],
                                                   courses[e["course"]].get("credits", 0), e["day"].date(), e["half"],
                                                   e["starts"], e["ends"], frozenset(e.get("majors", ())), False))
                            for e in entries if e["course"] in courses),
                           key=lambda pair: (pair[1].day, pair[1].half, pair[1].starts, pair[1].code)))
    shown = publication.visible_filter()
    _offers[sitting.pk] = (now, districts, majors, offered, shown)
    return districts, majors, offered, shown


def forget_offers():
    """Read every sitting's offer afresh at its next use (the tests' stores are restored under it)."""
    _offers.clear()


def rules(candidate, sitting):
    """The Rules for `candidate` in `sitting`: the sitting's offer (`_offer`) with the courses the candidate has
    passed marked (by the scores they may see), one query more."""
    districts, majors, offered, shown = _offer(sitting, time.monotonic())
    passed = set(Score._get_collection().distinct("course", {"candidate": candidate.pk, "passed": True,
                                                             "transferred_out": {"$ne": True}, **shown}))
    courses = tuple(replace(course, passed=True) if course_id in passed else course for course_id, course in offered)
    return Rules(sitting, districts, majors, reference_id(candidate, "major"), courses, {c.code: c for c in courses})


@dataclass(frozen=True)
class Choice:
    """A checked choice, ready to submit."""

    district: object  # District id
    major: Major
    courses: tuple  # codes, in timetable order
    paid: tuple = ()  # the courses paid when it was checked: a change applies only while they are still all


def check(rules, district_id, major_id, codes, registration=None):
    """The Choice, or Refused with every reason at once. `registration` is the one being changed, if any."""
    errors = {}

    def refuse(name, message):
        errors.setdefault(name, []).append(message)

    district = next((pk for pk, _name in rules.districts if str(pk) == str(district_id or "")), None)
    if district is None:
        refuse("district", _("请选择报考考区。") if not district_id else _("所选报考考区不可选，请重新选择。"))
    major = next((m for m in rules.majors if str(m.pk) == str(major_id or "")), None)
    if major is None:
        refuse("major", _("请选择报考专业。") if not major_id else _("所选专业不可报考，请重新选择。"))
    elif (reason := rules.major_open_to_candidate(major)) is not None:
        refuse("major", reason)
    codes = [str(code).strip() for code in codes if str(code).strip()]
    chosen = []
    for code in codes:
        course = rules.by_code.get(code)
        if course is None:
            refuse("courses", _("课程 %(code)s 不在%(sitting)s考次的开考课程中。", code=code[:10],
                                sitting=rules.sitting.title))
        elif course in chosen:
            refuse("courses", _("%(course)s 重复选择，每门课程只能报考一次。", course=course.label))
        elif course.passed:
            refuse("courses", _("%(course)s 已合格，无需再报考。", course=course.label))
        else:
            chosen.append(course)
    if not codes:
        refuse("courses", _("请至少选择一门报考课程。"))
    for index, course in enumerate(chosen):
        other = next((o for o in chosen[:index] if o.slot == course.slot), None)
        if other is not None:
            refuse("courses", _("%(first)s 与 %(second)s 同在 %(when)s 考试，同一半天只能报考一门课程。",
                                first=other.label, second=course.label,
                                when=f"{course.day:%Y-%m-%d} {dict(HALVES)[course.half]}"))
    if len(set(codes)) > rules.sitting.max_courses:
        refuse("courses", _("本考次每人最多报考 %(limit)d 门课程，您选择了 %(count)d 门。",
                            limit=rules.sitting.max_courses, count=len(set(codes))))
    if registration is not None and not rules.sitting.paid_courses_droppable:
        for code in registration.paid:
            if code in registration.courses and code not in codes:
                course = rules.by_code.get(code)
                refuse("courses", _("%(course)s 已缴费，不能退选（报考费不予退还）。",
                                    course=course.label if course else code))
    if (registration is not None and rules.sitting.district_review and registration.seated and district is not None
            and (str(district) != str(reference_id(registration, "district"))
                 or major is not None and major.pk != reference_id(registration, "major"))):
        refuse("", _("报考信息已经考区审核并缴费，报考考区和报考专业不能再更改；如需更改，请联系报考考区。"))
    if errors:
        raise Refused(errors)
    return Choice(district, major, tuple(c.code for c in rules.courses if c in chosen),
                  tuple(registration.paid) if registration is not None else ())


def own(candidate, sitting):
    return Registration.objects(candidate=candidate, sitting=sitting).first()


def submit(candidate, sitting, choice, version=None, now=None):
    """Save `choice` as the candidate's registration for `sitting`: the first one (`version` None), or a change of
    the registration at `version`. Refused when the window has closed, or the registration changed meanwhile."""
    now = now or datetime.datetime.now()
    if (reason := closed_reason(sitting, now)) is not None:
        _refuse("", reason)
    review = "pending" if sitting.district_review else "none"
    if version is None:
        registration = Registration(sitting=sitting, candidate=candidate, exam_number=candidate.exam_number,
                                    candidate_name=candidate.name, id_number=candidate.id_number,
                                    district=choice.district, major=choice.major, courses=list(choice.courses),
                                    review=review, submitted_at=now, first_submitted_at=now)
        try:
            registration.save(force_insert=True)
        except NotUniqueError:
            _refuse("", _("您已提交过本考次的报考信息，请查看最新的报考信息后再修改。"))
        return _free(registration, sitting)
    current = Registration.objects(candidate=candidate, sitting=sitting, version=version).first()
    changed = current is not None and Registration.objects(
        pk=current.pk, version=version, paid=list(choice.paid)).update_one(
        set__district=choice.district, set__major=choice.major, set__courses=list(choice.courses),
        set__review=review, unset__review_comment=True, set__submitted_at=now, inc__version=1)
    if not changed:
        _refuse("", _("报考信息已在其他页面修改或已缴费，请查看最新的报考信息后重新提交。"))
    PaymentOrder.objects(open_for=current.pk, status=CREATED).update(set__status=CLOSED, unset__open_for=True)
    return _free(current.reload(), sitting)


def _free(registration, sitting):
    """A sitting without a fee needs no payment: the courses count as paid once submitted (and approved)."""
    if not sitting.course_fee and registration.review in ("none", "approved"):
        Registration.objects(pk=registration.pk).update_one(add_to_set__paid=registration.courses)
        registration.reload()
    return registration


def approved(registration_id, version):
    """Record the district's approval of the registration at `version` (a later change waits for its own); a
    sitting without a fee then needs no payment. Whether it applied."""
    if not Registration.objects(pk=registration_id, version=version).update_one(set__review="approved",
                                                                                 unset__review_comment=True):
        return False
    registration = Registration.objects.get(pk=registration_id)
    _free(registration, registration.sitting)
    return True


def rejected(registration_id, version, reason):
    """Record the district's refusal, with its reason, of the registration at `version`. Whether it applied."""
    return bool(Registration.objects(pk=registration_id, version=version).update_one(set__review="rejected",
                                                                                    set__review_comment=reason))


def take_payment(order):
    """Record a paid order's courses as paid on its registration; safe to run again."""
    Registration.objects(pk=reference_id(order, "registration")).update_one(add_to_set__paid=list(order.courses))


@dataclass(frozen=True)
class Standing:
    """How a registration stands, as every page says it: a short status and a sentence."""

    status: str
    text: str
    done: bool  # 报考成功: every chosen course is paid and nothing waits


def standing(registration, sitting, now=None):
    now = now or datetime.datetime.now()
    seated, unpaid = registration.seated, registration.unpaid
    if not sitting.registering(now) and sitting.registration_closes_at and now >= sitting.registration_closes_at:
        if not seated:
            return Standing(_("未报考成功"), _("报考已截止，您没有已缴费的课程，本考次未报考成功。"), False)
        text = _("报考已截止，以下 %(count)d 门已缴费课程报考成功。", count=len(seated))
        if unpaid:
            text += _("未缴费的 %(count)d 门课程未报考成功。", count=len(unpaid))
        return Standing(_("报考成功"), text, True)
    if registration.review == "pending":
        return Standing(_("待考区审核"), _("报考信息已提交，请等待考区网上审核，审核通过后缴费。"), False)
    if registration.review == "rejected":
        return Standing(_("考区审核未通过"), _("考区审核未通过：%(reason)s。请在报考截止前修改后重新提交。",
                                                reason=registration.review_comment or _("未说明原因")), False)
    if unpaid:
        return Standing(_("待缴费"), _("您有 %(count)d 门课程尚未缴费，缴费后方为报考成功。", count=len(unpaid)), False)
    return Standing(_("报考成功"), _("%(count)d 门课程均已缴费，报考成功。报考截止前仍可修改。", count=len(seated)), True)
