"""The exam plan 考试计划: a major's plan, course by course, against one candidate's scores.

A fixed number of queries whatever the size of the plan: the candidate's scores
published so far (two: app/services/publication.py), the majors they may look at (four queries), then the plan, its modules, their
elective groups and every course involved, one query each. References are read
unloaded (`no_dereference`) and matched by id.
"""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from mongoengine import Q

from app.models import Course, ElectiveGroup, Major, MajorPlan, PlanModule, Score

from . import publication

PASSED, EXEMPTED, TRANSFERRED, FAILED, NOT_TAKEN = "passed", "exempted", "transferred", "failed", "not_taken"
STATUSES = {PASSED: _l("已通过"), EXEMPTED: _l("免考"), TRANSFERRED: _l("转入"), FAILED: _l("未通过"),
            NOT_TAKEN: _l("未考")}
EARNED = (PASSED, EXEMPTED, TRANSFERRED)
# A pass is counted by the kind of score it is (Score.counts_as: a back-registration by what it registered); an
# exam pass is PASSED.
_PASS_BY_KIND = {"exemption": EXEMPTED, "transfer_in": TRANSFERRED}


@dataclass
class CourseStatus:
    course: Course
    best: Score | None  # the score that counts for the course, if any

    @property
    def status(self):
        if self.best is None:
            return NOT_TAKEN
        if not self.best.passed:
            return FAILED
        return _PASS_BY_KIND.get(self.best.counts_as, PASSED)

    @property
    def label(self):
        return STATUSES[self.status]

    @property
    def earned(self):
        return self.status in EARNED


@dataclass
class Summary:
    """Courses passed by exam, exempted and transferred in, the credits they bring, out of `courses`."""

    courses: int = 0
    passed: int = 0
    exempted: int = 0
    transferred: int = 0
    credits: int = 0


@dataclass
class Group:
    name: str
    choose: int
    rows: list


@dataclass
class Module:
    name: str
    min_credits: int
    rows: list  # required courses
    groups: list = field(default_factory=list)

    @property
    def all_rows(self):
        return self.rows + [row for group in self.groups for row in group.rows]

    @property
    def credits(self):
        return sum(row.course.credits for row in self.all_rows if row.earned)


@dataclass
class ExamPlan:
    candidate_major: Major | None
    majors: list  # the majors the candidate may look at, their own first
    major: Major | None  # the one shown
    plan: MajorPlan | None = None
    modules: list = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)


def best_scores(scores):
    """{course id: the score that counts}: the pass the candidate kept, else the highest mark, else the latest."""
    best = {}
    for score in scores:
        key = score.course.id
        if key not in best or rank(score) > rank(best[key]):
            best[key] = score
    return best


def rank(score):
    """How a score competes for its course (higher counts): passed, kept by the candidate, marked, mark, latest.
    The exam plan and the graduation audit both rank by it."""
    return score.passed, score.counts, score.mark is not None, score.mark or 0, score.sitting


def summarize(rows):
    """The Summary of CourseStatus rows, each course counted once."""
    summary = Summary()
    seen = set()
    for row in rows:
        if row.course.pk in seen:
            continue
        seen.add(row.course.pk)
        summary.courses += 1
        if not row.earned:
            continue
        summary.credits += row.course.credits
        if row.status == PASSED:
            summary.passed += 1
        elif row.status == EXEMPTED:
            summary.exempted += 1
        else:
            summary.transferred += 1
    return summary


def exam_plan(candidate, major_code=None):
    """The plan of `major_code` (default: the candidate's major) against the candidate's scores.

    None if `major_code` is not among the majors the candidate may look at.
    """
    best = best_scores(publication.visible(Score.objects(candidate=candidate, transferred_out__ne=True)).no_dereference())
    own = candidate.major
    majors = majors_for(own, best)
    if major_code is None:
        major = majors[0] if majors else None
    else:
        major = next((m for m in majors if m.code == major_code), None)
        if major is None:
            return None
    result = ExamPlan(candidate_major=own, majors=majors, major=major)
    if major is None:
        return result
    result.plan, result.modules = plan_of(major, best)
    result.summary = summarize(row for module in result.modules for row in module.all_rows)
    return result


def plan_of(major, best=None):
    """(MajorPlan or None, its Modules) of `major`, each course against `best` ({course id: score}; none given:
    every course not taken). Four queries: the plan, its modules, their elective groups, their courses."""
    best = best or {}
    plan = MajorPlan.objects(major=major.pk).first()
    if plan is None:
        return None, []
    modules = list(PlanModule.objects(plan=plan.pk).order_by("order").no_dereference())
    groups = list(ElectiveGroup.objects(module__in=[m.pk for m in modules]).no_dereference().order_by("name"))
    wanted = {c.id for m in modules for c in m.required_courses} | {c.id for g in groups for c in g.courses}
    courses = Course.objects.in_bulk(list(wanted)) if wanted else {}

    def rows(references):
        return [CourseStatus(courses[c.id], best.get(c.id)) for c in references if c.id in courses]

    return plan, [Module(module.shown_name(), module.min_credits, rows(module.required_courses), [
        Group(g.shown_name(), g.choose, rows(g.courses)) for g in groups if g.module.id == module.pk])
        for module in modules]


def majors_for(own, best):
    """The candidate's own major, then the majors whose plans hold courses they have scores in, most first."""
    scored = list(best)
    coverage = {}
    if scored:
        groups = ElectiveGroup.objects(courses__in=scored).no_dereference().only("module", "courses")
        in_groups = {}
        for group in groups:
            in_groups.setdefault(group.module.id, set()).update(c.id for c in group.courses)
        modules = PlanModule.objects(Q(required_courses__in=scored) | Q(pk__in=list(in_groups))).no_dereference()
        held = {}
        for module in modules.only("plan", "required_courses"):
            held.setdefault(module.plan.id, set()).update(c.id for c in module.required_courses)
            held[module.plan.id] |= in_groups.get(module.pk, set())
        for plan in MajorPlan.objects(pk__in=list(held)).no_dereference().only("major"):
            coverage[plan.major.id] = len(held[plan.pk] & set(scored))
    wanted = set(coverage) | ({own.pk} if own is not None else set())
    majors = Major.objects(pk__in=list(wanted)).only("code", "name", "level") if wanted else []
    return sorted(majors, key=lambda m: (own is None or m.pk != own.pk, -coverage.get(m.pk, 0), m.code))
