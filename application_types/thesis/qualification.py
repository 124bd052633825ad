"""Who may apply for the thesis / final project 本科论文与专科毕业设计 of their major (seed 003 §5.1, line 289:
"符合申请的考生在规定的日期内……进行资格申请", then, line 324, the 成绩列表 of the major's passed courses).

The manual shows the list but does not state the rule; SPEC §3 names the thesis 论文 as a kind of course of the
plan. The rule kept here: every course of the major's plan other than its thesis courses is passed, that is each
module's required courses and, in each elective group, as many courses as the group asks for. A pass of any
source counts (exam, exemption 免考, transfer in, back-registration), once per course; a score transferred out does
not. Module and total credits, substitutions 顶替 and extra-exam options 加考 are the graduation's to decide, as
is whether the thesis itself was passed. A plan with no thesis course has nothing to apply for.

`qualify` is pure (plain facts in, the answer out); `for_candidate` loads the facts in a fixed number of queries.
"""
from dataclasses import dataclass

from flask_babel import gettext as _

from app.models import Major
from app.models.course import KINDS
from app.models.references import reference_id
from app.services import graduation_audit as audits
from app.services.plan import rank
from app.wording import bracketed, clauses, joined

THESIS = "thesis"  # the course kind of a thesis or final project (app.models.course.KINDS)


@dataclass(frozen=True)
class Passed:
    """A course of the plan and the pass that counts for it."""

    course: object  # graduation_audit.CourseInfo
    score: object  # graduation_audit.ScoreFact


@dataclass(frozen=True)
class Qualification:
    """The candidate's standing for their major: the passes shown, and why they may not apply (None: they may)."""

    major: str
    passed: tuple = ()  # Passed, in the plan's order
    reason: str | None = None

    @property
    def qualified(self):
        return self.reason is None

    @staticmethod
    def kind_label(course):
        """The course kind as the list shows it (理论, 实践, 论文)."""
        return dict(KINDS).get(course.kind, course.kind)


def best_passes(scores):
    """{course code: the pass that counts}: the best passed score of each course not transferred out."""
    best = {}
    for score in scores:
        if score.passed and not score.transferred_out:
            if score.course_code not in best or rank(score) > rank(best[score.course_code]):
                best[score.course_code] = score
    return best


def qualify(plan, scores):
    """The Qualification of `scores` (ScoreFacts) for `plan` (PlanRules). No database."""
    major = f"{plan.major_code} {plan.major_name}"
    best = best_passes(scores)
    codes = [code for module in plan.modules for code in (*module.required, *(c for g in module.groups
                                                                                for c in g.codes))]
    courses = [plan.courses[code] for code in dict.fromkeys(codes) if code in plan.courses]
    passed = tuple(Passed(course, best[course.code]) for course in courses if course.code in best)
    if not any(course.kind == THESIS for course in courses):
        return Qualification(major, passed, _("%(major)s专业的计划中没有毕业论文（毕业设计）课程，无需申请。", major=major))
    missing = []
    for module in plan.modules:
        missing += [_label(plan.courses[code]) for code in module.required
                    if code in plan.courses and plan.courses[code].kind != THESIS and code not in best]
        for group in module.groups:
            offered = [plan.courses[code] for code in group.codes if code in plan.courses
                       and plan.courses[code].kind != THESIS]
            short = min(group.choose, len(offered)) - sum(course.code in best for course in offered)
            if short > 0:
                missing.append(_("%(group)s中的%(count)d门（可选%(courses)s）", group=group.name, count=short,
                                 courses=joined(_label(course) for course in offered if course.code not in best)))
    if missing:
        return Qualification(major, passed, _("尚未通过%(major)s专业计划中毕业论文（毕业设计）以外的课程：%(missing)s。",
                                              major=major, missing=clauses(missing)))
    return Qualification(major, passed)


def _label(course):
    return course.name + bracketed(course.code)


def for_candidate(candidate_id, major, published_only=False):
    """The Qualification of the candidate for `major` (a Major, or None): the plan in six queries, the scores in
    three (`published_only`: the scores the candidate may see, in four)."""
    if major is None:
        return Qualification("", reason=_("您还没有报考专业，暂不能申请。"))
    plan = audits.load_plan(major)
    if plan is None:
        return Qualification(f"{major.code} {major.name}", reason=_("%(major)s专业暂无专业计划，暂不能申请。",
                                                                    major=f"{major.code} {major.name}"))
    return qualify(plan, audits.load_scores([str(candidate_id)], published_only)[str(candidate_id)])


def for_major_code(candidate_id, code):
    """for_candidate on the scores the candidate may see, for the major of this code (one more query)."""
    return for_candidate(candidate_id, Major.objects(code=code).first() if code else None, published_only=True)


def of_application(application):
    """The applicant's Qualification for the application's major, as it stands now (the review page's panel)."""
    return for_candidate(reference_id(application, "candidate"), application.major)
