"""The graduation plan audit 毕业审核 and pre-audit 毕业条件预判 (seed 000 §10.5–10.6, 003 §5.2, 004 §二).

Which passed score satisfies which requirement of a major plan, what is missing, and whether the candidate
may apply. `load_plan` and `load_scores` read the store in a fixed number of queries and turn it into plain
facts; `audit` is pure, so one loaded plan serves a whole batch of candidates.

A score satisfies at most one requirement, taken in this order: the required courses of every module, the
chosen extra-exam option's courses, the substitutions the candidate chose, the elective groups (each taking
only what it needs, highest credits first), then the substitutions the audit suggests itself (preferring courses
outside the plan, whose credits would not count otherwise).

The total credits are every credit earned on the plan's courses: the requirements met, the scores standing in
for a replaced course, and the passes of elective courses no requirement needed, which count in their module
toward the total. A score counts once. Not counted: courses outside the plan not used to substitute, a course's
other passes, scores not chosen, transferred out, or used by another graduation (app.services.holds).
"""
from dataclasses import dataclass, field, fields, is_dataclass, replace

import bson
from flask_babel import gettext as _

from app.models import Course, ElectiveGroup, MajorPlan, PlanModule, Score
from app.models.graduation_rules import ExtraExamOption, Substitution
from app.models.score import earned_under, source_label
from app.services import publication
from app.services.holds import held_scores
from app.services.plan import rank
from app.wording import joined

ELIGIBLE, EXPLAINABLE, NOT_ELIGIBLE = "eligible", "explainable", "not_eligible"
# A requirement row is met, missing, or left to the reviewer; an elective no requirement needed is counted toward
# the total (COUNTED).
MET, MISSING, EXPLAINED, COUNTED = "met", "missing", "explainable", "counted"
REQUIRED, ELECTIVE, EXTRA, SUBSTITUTE = "required", "elective", "extra", "substitution"


# --- facts and rules -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScoreFact:
    """One score of the candidate, with its provenance."""

    id: str
    course_code: str
    course_name: str
    credits: int
    mark: int | None
    grade: str | None
    sitting: str
    exam_number: str
    source: str
    passed: bool
    counts: bool = True
    transferred_out: bool = False
    locked_by: str | None = None  # the standing graduation application that uses it (app.services.holds)
    registered_as: str | None = None  # a back-registration's kind (Score.registered_as)
    from_province: str | None = None  # a transferred score's province and exam number there
    from_exam_number: str | None = None

    @property
    def display_mark(self):
        return self.grade if self.grade is not None else str(self.mark)

    @property
    def source_label(self):
        return source_label(self.source, self.registered_as)

    @property
    def earned_under(self):
        return earned_under(self.exam_number, self.from_province, self.from_exam_number)


@dataclass(frozen=True)
class CourseInfo:
    code: str
    name: str
    credits: int
    kind: str = "theory"


@dataclass(frozen=True)
class GroupRule:
    name: str
    choose: int
    codes: tuple


@dataclass(frozen=True)
class ModuleRule:
    name: str
    min_credits: int
    required: tuple
    groups: tuple = ()


@dataclass(frozen=True)
class SubstitutionRule:
    id: str
    name: str
    replaces: tuple
    replacing: tuple  # empty: any course
    min_credits: int
    valid_from: str | None = None
    valid_until: str | None = None

    def accepts(self, fact):
        """Whether `fact`'s course and sitting may stand in under this rule."""
        return ((not self.replacing or fact.course_code in self.replacing) and fact.course_code not in self.replaces
                and self.in_months(fact))

    def in_months(self, fact):
        return (self.valid_from or "") <= fact.sitting <= (self.valid_until or "9999-99")


@dataclass(frozen=True)
class ExtraOption:
    id: str
    label: str
    codes: tuple
    explainable: bool = False


@dataclass(frozen=True)
class PlanRules:
    major_code: str
    major_name: str
    level: str
    total_min_credits: int
    modules: tuple
    courses: dict  # {code: CourseInfo}
    substitutions: tuple = ()
    extra_options: tuple = ()


@dataclass(frozen=True)
class Choices:
    """What the candidate decided in the wizard; the defaults are what the pre-audit assumes."""

    scores: tuple | None = None  # score ids to use; None: the best valid score of each course
    substitutions: dict | None = None  # {rule id: [score ids]}; None: the audit suggests
    extra_option: str | None = None
    explanation: str = ""
    application: str | None = None  # this application's id: scores locked to it still count


# --- the result ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RequirementRow:
    kind: str  # required, elective, extra, substitution (a score standing in for a replaced course)
    group: str | None  # the elective group's or the substitution rule's name
    course: CourseInfo
    score: ScoreFact | None
    substituted_by: tuple = ()
    status: str = MISSING
    note: str = ""


@dataclass(frozen=True)
class GroupResult:
    name: str
    choose: int
    offered: int
    taken: int

    @property
    def met(self):
        return self.taken >= self.choose


@dataclass(frozen=True)
class ModuleResult:
    name: str
    min_credits: int
    credits: int
    rows: tuple
    groups: tuple = ()

    @property
    def met(self):
        return self.credits >= self.min_credits and all(g.met for g in self.groups) and all(
            row.status != MISSING for row in self.rows if row.kind != ELECTIVE)


@dataclass(frozen=True)
class ScoreRow:
    score: ScoreFact
    used: bool
    note: str


@dataclass(frozen=True)
class SubstitutionResult:
    rule_id: str
    name: str
    replaces: tuple  # CourseInfo
    min_credits: int
    scores: tuple  # ScoreFact
    suggested: bool

    @property
    def credits(self):
        return sum(score.credits for score in self.scores)


@dataclass(frozen=True)
class AuditResult:
    verdict: str
    major_code: str
    major_name: str
    modules: tuple
    total_credits: int
    total_min_credits: int
    reasons: tuple
    score_rows: tuple
    used_score_ids: tuple
    problems: dict = field(default_factory=dict)  # {wizard field: (messages)}
    suggested_substitutions: dict = field(default_factory=dict)  # {rule id: (score ids)}
    substitutions: tuple = ()
    extra_option: str | None = None  # the chosen option's label
    explanation: str = ""
    counted_credits: int = 0  # of total_credits, those of electives no requirement needed

    @property
    def eligible(self):
        return self.verdict != NOT_ELIGIBLE

    @property
    def headline(self):
        major = f"{self.major_code} {self.major_name}"
        if self.verdict == ELIGIBLE:
            return _("专业：%(major)s 已完成毕业所需课程，可以申请毕业！", major=major)
        if self.verdict == EXPLAINABLE:
            return _("专业：%(major)s 缺少部分课程成绩，已填写情况说明，可以申请毕业，由审核人员认定。", major=major)
        return _("专业：%(major)s 尚未满足毕业条件。", major=major)

    def to_data(self):
        """A JSON-safe dict, to keep with the application."""
        return _plain(self)

    @classmethod
    def from_data(cls, data):
        """The result `to_data` gave, back as an object the same template renders."""
        return cls(
            **{name: data[name] for name in ("verdict", "major_code", "major_name", "total_credits",
                                             "total_min_credits", "extra_option", "explanation")},
            counted_credits=data.get("counted_credits", 0),
            modules=tuple(_module(m) for m in data["modules"]),
            reasons=tuple(data["reasons"]),
            score_rows=tuple(ScoreRow(ScoreFact(**r["score"]), r["used"], r["note"]) for r in data["score_rows"]),
            used_score_ids=tuple(data["used_score_ids"]),
            problems={k: tuple(v) for k, v in data["problems"].items()},
            suggested_substitutions={k: tuple(v) for k, v in data["suggested_substitutions"].items()},
            substitutions=tuple(SubstitutionResult(
                s["rule_id"], s["name"], tuple(CourseInfo(**c) for c in s["replaces"]), s["min_credits"],
                tuple(ScoreFact(**f) for f in s["scores"]), s["suggested"]) for s in data["substitutions"]),
        )


def _plain(value):
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


def _module(data):
    rows = tuple(RequirementRow(
        r["kind"], r["group"], CourseInfo(**r["course"]), r["score"] and ScoreFact(**r["score"]),
        tuple(ScoreFact(**s) for s in r["substituted_by"]), r["status"], r["note"]) for r in data["rows"])
    return ModuleResult(data["name"], data["min_credits"], data["credits"], rows,
                        tuple(GroupResult(**g) for g in data["groups"]))


# --- loading -------------------------------------------------------------------------------------------------

def load_plan(major):
    """The plan of `major` (a Major) as PlanRules, or None without a plan. Six queries, whatever its size."""
    plan = MajorPlan.objects(major=major.pk).only("total_min_credits").first()
    if plan is None:
        return None
    modules = list(PlanModule.objects(plan=plan.pk).order_by("order").no_dereference())
    groups = list(ElectiveGroup.objects(module__in=[m.pk for m in modules]).order_by("name").no_dereference()
                  ) if modules else []
    substitutions = list(Substitution.objects(plan=plan.pk).no_dereference())
    options = list(ExtraExamOption.objects(plan=plan.pk).order_by("order").no_dereference())
    references = [c for m in modules for c in m.required_courses] + [c for g in groups for c in g.courses]
    references += [c for s in substitutions for c in s.replaces + s.replacing]
    references += [c for o in options for c in o.courses]
    wanted = list({c.id for c in references})
    courses = {c.pk: CourseInfo(c.code, c.name, c.credits, c.kind)
               for c in Course.objects(pk__in=wanted).only("code", "name", "credits", "kind")} if wanted else {}

    def codes(refs):
        return tuple(courses[c.id].code for c in refs if c.id in courses)

    return PlanRules(
        major_code=major.code, major_name=major.name, level=major.level,
        total_min_credits=plan.total_min_credits,
        modules=tuple(ModuleRule(m.shown_name(), m.min_credits, codes(m.required_courses), tuple(
            GroupRule(g.shown_name(), g.choose, codes(g.courses)) for g in groups if g.module.id == m.pk))
            for m in modules),
        courses={info.code: info for info in courses.values()},
        substitutions=tuple(SubstitutionRule(str(s.pk), s.name, codes(s.replaces), codes(s.replacing), s.min_credits,
                                             s.valid_from, s.valid_until) for s in substitutions),
        extra_options=tuple(ExtraOption(str(o.pk), o.label, codes(o.courses), o.explainable) for o in options),
    )


_SCORE_FIELDS = ("candidate", "course", "mark", "grade", "sitting", "exam_number", "source", "passed", "counts",
                 "transferred_out", "registered_as", "from_province", "from_exam_number")


def load_scores(candidate_ids, published_only=False):
    """{candidate id: [ScoreFact]} for every score of these candidates (`published_only`: those they may see, as
    the candidate's own pages audit, one query more): one query for the scores, one for their courses, one for the
    graduations that use some of them."""
    ids = [bson.ObjectId(str(i)) for i in candidate_ids]
    found = {str(i): [] for i in ids}
    if not ids:
        return found
    # Unsorted (the documents' default orderings cleared): the audit orders what it shows itself.
    scores = Score.objects(candidate__in=ids)
    rows = list((publication.visible(scores) if published_only else scores).order_by().only(*_SCORE_FIELDS)
                .as_pymongo())
    wanted = list({row["course"] for row in rows})
    courses = {c["_id"]: c for c in Course.objects(pk__in=wanted).order_by().only("code", "name", "credits")
               .as_pymongo()} if wanted else {}
    holds = held_scores(ids)
    for row in rows:
        course = courses.get(row["course"])
        if course is None:
            continue
        hold = holds[str(row["candidate"])].get(str(row["_id"]))
        found[str(row["candidate"])].append(ScoreFact(
            str(row["_id"]), course["code"], course["name"], course["credits"], row.get("mark"), row.get("grade"),
            row["sitting"], row["exam_number"], row.get("source", "exam"), row.get("passed", False),
            row.get("counts", True), row.get("transferred_out", False), hold and hold.application,
            row.get("registered_as"), row.get("from_province"), row.get("from_exam_number")))
    return found


# --- the audit -----------------------------------------------------------------------------------------------

def audit(plan, scores, choices=Choices()):
    """Audit `scores` (ScoreFacts) against `plan` (PlanRules) with the candidate's `choices`. No database."""
    run = _Audit(plan, scores, choices)
    run.required()
    option = run.extra_option()
    if choices.substitutions is not None:
        run.chosen_substitutions()
    run.electives()
    if choices.substitutions is None:
        run.suggest_substitutions()
    run.count_the_rest()
    return run.result(option)


def substitution_options(plan, scores, choices):
    """[(rule, [ScoreFact])]: for each rule that applies, the scores the candidate may tick to stand in."""
    run = _Audit(plan, scores, choices)
    run.required()
    run.extra_option()
    free = run.free()
    return [(rule, [f for f in free if f.credits > 0 and rule.accepts(f)])
            for rule in plan.substitutions if run.unmet(rule)]


def best_ids(scores, application=None):
    """The ids of the scores the audit uses when the candidate has not chosen: the best usable one of each course."""
    best = {}
    for fact in scores:
        if fact.passed and not _unusable(fact, application):
            if fact.course_code not in best or rank(fact) > rank(best[fact.course_code]):
                best[fact.course_code] = fact
    return tuple(fact.id for fact in best.values())


def _unusable(fact, application):
    """Why a passed score cannot count for this application, or None."""
    if fact.transferred_out:
        return _("未使用：已转出")
    if fact.locked_by and fact.locked_by != application:
        return _("未使用：已用于其他毕业申请")
    return None


def _course(fact):
    return f"{fact.course_code} {fact.course_name}"


class _Audit:
    """One audit's working state: the usable score of each course, which score went where, the rows so far."""

    def __init__(self, plan, scores, choices):
        self.plan, self.choices = plan, choices
        self.facts = [f for f in scores if f.passed]
        self.problems = {}
        self.used = {}  # score id -> where it went
        self.notes = {}  # score id -> why it cannot be used
        self.rows = [[] for _module in plan.modules]
        self.groups = [[] for _module in plan.modules]
        self.extra_rows = []
        self.substitutions = []
        self.suggested = {}
        self.short = {}  # rule id -> the credits the audit found to stand in, short of the rule's floor
        self.valid = {}
        for fact in self.facts:
            unusable = _unusable(fact, choices.application)
            if unusable:
                self.notes[fact.id] = unusable
            else:
                self.valid[fact.id] = fact
        self.pool = self._pool()  # course code -> the score that counts

    def problem(self, key, message):
        self.problems.setdefault(key, []).append(message)

    def _pool(self):
        """The score of each course that counts: the one the candidate chose, else the best."""
        chosen = None if self.choices.scores is None else set(self.choices.scores)
        for score_id in dict.fromkeys(self.choices.scores or ()):
            if score_id not in self.valid:
                self.problem("scores", self._invalid_message(score_id))
        by_code = {}
        for fact in self.valid.values():
            by_code.setdefault(fact.course_code, []).append(fact)
        pool = {}
        for code, facts in by_code.items():
            picked = facts if chosen is None else [f for f in facts if f.id in chosen]
            if chosen is not None and len(picked) > 1:
                self.problem("scores", _("课程 %(course)s 只能选择一个成绩。", course=_course(picked[0])))
            if picked:
                pool[code] = max(picked, key=rank)
            for other in facts:
                if other is pool.get(code):
                    continue
                if chosen is None or other.id in chosen:
                    self.notes[other.id] = _("未使用：同一课程已有更好成绩")
                else:
                    self.notes[other.id] = (_("未使用：同一课程已选用其他成绩") if code in pool
                                            else _("未使用：未选择使用"))
        return pool

    def _invalid_message(self, score_id):
        fact = next((f for f in self.facts if f.id == score_id), None)
        if fact is None:
            return _("所选成绩不是您的合格成绩。")
        return _("课程 %(course)s 的该成绩%(reason)s，不能使用。", course=_course(fact),
                 reason=_("已转出") if fact.transferred_out else _("已用于其他毕业申请"))

    def take(self, code, note):
        """The unused score of `code`, now used as `note` says; None if there is none."""
        fact = self.pool.get(code)
        if fact is None or fact.id in self.used:
            return None
        self.used[fact.id] = note
        return fact

    def course(self, code):
        return self.plan.courses[code]

    def info(self, fact):
        return self.plan.courses.get(fact.course_code) or CourseInfo(fact.course_code, fact.course_name, fact.credits)

    def required(self):
        for index, module in enumerate(self.plan.modules):
            note = _("用于 %(where)s", where=module.name)
            for code in module.required:
                fact = self.take(code, note)
                self.rows[index].append(RequirementRow(REQUIRED, None, self.course(code), fact,
                                                       status=MET if fact else MISSING))

    def extra_option(self):
        """The chosen extra-exam option (its courses become requirements), or None."""
        options = self.plan.extra_options
        if not options:
            return None
        option = next((o for o in options if o.id == self.choices.extra_option), None)
        if option is None:
            self.problem("extra_option", _("请选择加考选项。") if not self.choices.extra_option
                         else _("所选加考选项不存在，请重新选择。"))
            return None
        explained = bool(self.choices.explanation.strip())
        note = _("用于 %(where)s", where=_("加考课程"))
        for code in option.codes:
            fact = self.take(code, note)
            if fact is not None:
                self.extra_rows.append(RequirementRow(EXTRA, None, self.course(code), fact, status=MET))
            elif option.explainable and explained:
                self.extra_rows.append(RequirementRow(EXTRA, None, self.course(code), None, status=EXPLAINED,
                                                      note=_("已填写情况说明，由审核人员认定")))
            else:
                self.extra_rows.append(RequirementRow(EXTRA, None, self.course(code), None, status=MISSING))
                if option.explainable:
                    self.problem("explanation", _(
                        "缺少加考课程 %(course)s（%(option)s）：如确实满足毕业条件，请填写情况说明。",
                        course=f"{code} {self.course(code).name}", option=option.label))
        return option

    def unmet(self, rule):
        """[(rows, index)] of the missing required and extra rows `rule` replaces."""
        return [(rows, index) for rows in (*self.rows, self.extra_rows) for index, row in enumerate(rows)
                if row.kind in (REQUIRED, EXTRA) and row.status == MISSING and row.course.code in rule.replaces]

    def free(self):
        """The usable scores no requirement has taken, highest credits first."""
        return sorted((f for f in self.pool.values() if f.id not in self.used),
                      key=lambda f: (-f.credits, f.course_code))

    def in_plan(self):
        """The codes of the courses in the plan's modules."""
        return {code for m in self.plan.modules for code in (*m.required, *(c for g in m.groups for c in g.codes))}

    def chosen_substitutions(self):
        rules = {rule.id: rule for rule in self.plan.substitutions}
        for rule_id, score_ids in self.choices.substitutions.items():
            score_ids = list(dict.fromkeys(score_ids or ()))
            rule = rules.get(rule_id)
            if rule is None:
                self.problem("substitutions", _("所选顶替规则不存在。"))
                continue
            if not score_ids:
                continue
            targets = self.unmet(rule)
            if not targets:
                self.problem("substitutions", _("%(rule)s：被顶替的课程已合格或不在本专业要求之中，无需顶替。",
                                                rule=rule.name))
                continue
            facts = [self.valid.get(score_id) for score_id in score_ids]
            refusals = [self._refusal(rule, score_id, fact) for score_id, fact in zip(score_ids, facts, strict=True)]
            refusals = [message for message in refusals if message]
            credits = sum(f.credits for f in facts if f)
            if not refusals and credits < rule.min_credits:
                refusals.append(_("顶替课程共 %(credits)d 学分，不能少于 %(min)d 学分。", credits=credits,
                                  min=rule.min_credits))
            for message in refusals:
                self.problem("substitutions", message)
            if not refusals:
                self.substitute(rule, targets, facts, suggested=False)

    def _refusal(self, rule, score_id, fact):
        """Why the candidate's pick cannot stand in under `rule`, or None."""
        if fact is None:
            return self._invalid_message(score_id)
        if fact.course_code not in self.pool:
            return _("课程 %(course)s 的该成绩未选择使用，不能用于顶替。", course=_course(fact))
        if self.pool[fact.course_code] is not fact:
            return _("课程 %(course)s 已选用同一课程的其他成绩，不能用该成绩顶替。", course=_course(fact))
        if fact.id in self.used:
            return _("课程 %(course)s 已%(where)s，不能再用于顶替。", course=_course(fact), where=self.used[fact.id])
        if fact.course_code in rule.replaces or (rule.replacing and fact.course_code not in rule.replacing):
            return _("课程 %(course)s 不能用于“%(rule)s”。", course=_course(fact), rule=rule.name)
        if not rule.in_months(fact):
            return _("课程 %(course)s 的考次 %(sitting)s 不在“%(rule)s”规定的考次范围（%(start)s 至 %(end)s）内。",
                     course=_course(fact), sitting=fact.sitting, rule=rule.name, start=rule.valid_from or "",
                     end=rule.valid_until or "")
        return None

    def substitute(self, rule, targets, facts, suggested):
        """Meet the `targets` rows with `facts`; their credits count in the first target's module."""
        replaced = joined(f"{rows[i].course.code} {rows[i].course.name}" for rows, i in targets)
        note = _("用于顶替 %(course)s", course=replaced) + (_("（系统建议）") if suggested else "")
        for fact in facts:
            self.used[fact.id] = note
        by = _("由 %(courses)s 顶替，共 %(credits)d 学分", courses=joined(_course(f) for f in facts),
               credits=sum(f.credits for f in facts)) + (_("（系统建议）") if suggested else "")
        for rows, index in targets:
            rows[index] = replace(rows[index], substituted_by=tuple(facts), status=MET, note=by)
        rows, index = targets[0]
        rows[index + 1:index + 1] = [RequirementRow(SUBSTITUTE, rule.name, self.info(f), f, status=MET,
                                                    note=_("顶替 %(course)s", course=replaced)) for f in facts]
        self.substitutions.append(SubstitutionResult(rule.id, rule.name, tuple(rows[i].course for rows, i in targets),
                                                     rule.min_credits, tuple(facts), suggested))

    def electives(self):
        """Each group takes `choose` courses, then enough for its module's minimum, highest credits first."""
        for index, module in enumerate(self.plan.modules):
            for group in module.groups:
                note = _("用于 %(where)s", where=module.name)
                offered = sorted((code for code in group.codes if code in self.pool
                                  and self.pool[code].id not in self.used),
                                 key=lambda code: (-self.pool[code].credits, group.codes.index(code)))
                taken = {}
                for code in offered:
                    if len(taken) >= group.choose and self.credits(self.rows[index]) + sum(
                            f.credits for f in taken.values()) >= module.min_credits:
                        break
                    taken[code] = self.take(code, note)
                self.rows[index] += [RequirementRow(ELECTIVE, group.name, self.course(code), taken.get(code),
                                                    status=MET if code in taken else MISSING) for code in group.codes]
                self.groups[index].append(GroupResult(group.name, group.choose, len(group.codes), len(taken)))

    def suggest_substitutions(self):
        """For each rule that applies, unused scores reaching its floor: courses outside the plan first (a plan
        course counts toward the total anyway), the fewest of them, highest credits first."""
        in_plan = self.in_plan()
        for rule in self.plan.substitutions:
            targets = self.unmet(rule)
            if not targets:
                continue
            offered = sorted((f for f in self.free() if f.credits > 0 and rule.accepts(f)),
                             key=lambda f: (f.course_code in in_plan, -f.credits, f.course_code))
            picked = _fewest(offered, rule.min_credits)
            if picked:
                picked.sort(key=lambda f: (-f.credits, f.course_code))
                self.substitute(rule, targets, picked, suggested=True)
                self.suggested[rule.id] = tuple(f.id for f in picked)
            else:
                self.short[rule.id] = sum(f.credits for f in offered)

    def count_the_rest(self):
        """The passes of elective courses no requirement needed count toward the total, in their module."""
        for index, module in enumerate(self.plan.modules):
            note = _("计入总学分（超出 %(module)s 要求）", module=module.name)
            for position, row in enumerate(self.rows[index]):
                if row.kind != ELECTIVE or row.status != MISSING:
                    continue
                fact = self.take(row.course.code, note)
                if fact is not None:
                    self.rows[index][position] = replace(row, score=fact, status=COUNTED, note=note)
                    self.groups[index] = [replace(g, taken=g.taken + 1) if g.name == row.group else g
                                          for g in self.groups[index]]

    @staticmethod
    def credits(rows, counted=(MET, COUNTED)):
        return sum(row.score.credits for row in rows if row.score is not None and row.status in counted)

    def explained(self, row):
        """An elective row not taken says where its course's score went, if the candidate has one."""
        fact = self.pool.get(row.course.code)
        if row.kind != ELECTIVE or row.status != MISSING or fact is None:
            return row
        return replace(row, note=self.used.get(fact.id, ""))

    def result(self, option):
        modules = [ModuleResult(module.name, module.min_credits, self.credits(rows),
                                tuple(self.explained(row) for row in rows), tuple(groups))
                   for module, rows, groups in zip(self.plan.modules, self.rows, self.groups, strict=True)]
        if self.extra_rows:
            modules.append(ModuleResult(_("加考课程"), 0, self.credits(self.extra_rows), tuple(self.extra_rows)))
        total = sum(m.credits for m in modules)
        counted = sum(self.credits(m.rows, counted=(COUNTED,)) for m in modules)
        reasons = self.reasons(modules, total, option)
        explained = any(row.status == EXPLAINED for m in modules for row in m.rows)
        verdict = NOT_ELIGIBLE if reasons else EXPLAINABLE if explained else ELIGIBLE
        return AuditResult(
            verdict=verdict, major_code=self.plan.major_code, major_name=self.plan.major_name, modules=tuple(modules),
            total_credits=total, total_min_credits=self.plan.total_min_credits, reasons=tuple(reasons),
            score_rows=self.score_rows(), used_score_ids=tuple(self.used),
            problems={key: tuple(messages) for key, messages in self.problems.items()},
            suggested_substitutions=self.suggested, substitutions=tuple(self.substitutions),
            extra_option=option.label if option else None,
            explanation=self.choices.explanation.strip() if option and option.explainable else "",
            counted_credits=counted)

    def reasons(self, modules, total, option):
        """Why the candidate may not apply yet, one Chinese sentence each; empty if they may."""
        hints = {code: rule for rule in self.plan.substitutions for code in rule.replaces}
        found = []
        for module in modules:
            for row in module.rows:
                if row.kind == ELECTIVE or row.status != MISSING:
                    continue
                missing = _("%(module)s：缺少 %(course)s。", module=module.name,
                            course=f"{row.course.code} {row.course.name}")
                rule = hints.get(row.course.code)
                if rule is not None:
                    missing += _("可用未使用的合格课程顶替，顶替课程总学分不能少于 %(min)d 学分。", min=rule.min_credits)
                    if rule.id in self.short:
                        missing += _("您可用于顶替的未使用合格课程共 %(credits)d 学分，不足 %(min)d 学分。",
                                     credits=self.short[rule.id], min=rule.min_credits)
                found.append(missing)
            for group in module.groups:
                if not group.met:
                    found.append(_("%(module)s：%(group)s 已通过 %(taken)d 门，至少需要 %(choose)d 门。",
                                   module=module.name, group=group.name, taken=group.taken, choose=group.choose))
            if module.credits < module.min_credits:
                found.append(_("%(module)s：已得 %(credits)d 学分，不足最低 %(min)d 学分。", module=module.name,
                               credits=module.credits, min=module.min_credits))
        if total < self.plan.total_min_credits:
            found.append(_("总学分 %(credits)d，不足毕业最低总学分 %(min)d。", credits=total,
                           min=self.plan.total_min_credits))
        return found + [message for messages in self.problems.values() for message in messages]

    def score_rows(self):
        """Every passed score: used (where), or why not. A plan course's usable pass is always used by now."""
        elsewhere = _("未使用：不在本专业计划中")
        other_options = {code for option in self.plan.extra_options for code in option.codes}
        rows = []
        for fact in sorted(self.facts, key=lambda f: (f.course_code, f.sitting)):
            if fact.id in self.used:
                rows.append(ScoreRow(fact, True, self.used[fact.id]))
            else:
                rows.append(ScoreRow(fact, False, self.notes.get(fact.id) or (
                    _("未使用：所选加考选项不需要该课程") if fact.course_code in other_options else elsewhere)))
        return tuple(rows)


def _fewest(offered, floor):
    """The first of `offered` (in their order) whose credits reach `floor`, the last as small as will do; None if
    all of them together fall short."""
    picked, total = [], 0
    for fact in offered:
        if picked and total >= floor:
            break
        picked.append(fact)
        total += fact.credits
    if not picked or total < floor:
        return None
    last = picked.pop()
    rest = total - last.credits
    picked.append(min((f for f in offered[len(picked):] if rest + f.credits >= floor), key=lambda f: f.credits))
    return picked


def recorded(application):
    """The audit kept on an application when it was submitted (Application.findings), or None."""
    data = (application.findings or {}).get("audit")
    return AuditResult.from_data(data) if data else None
