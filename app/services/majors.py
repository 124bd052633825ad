"""The majors anyone may look up 专业查询 (seed 000 §1): those open and those in phase-out 停考过渡期, each with its
level, university and plan. No candidate is involved; the plan is the one the signed-in exam plan shows."""
from dataclasses import dataclass, field

from app.models import Major, University

from . import plan as plans

LISTED = ("open", "phase_out")  # a closed major 停考 is not offered


@dataclass
class Listed:
    major: Major
    university: University | None


@dataclass
class MajorPage:
    major: Major
    university: University | None
    plan: object = None  # MajorPlan, or None while the major has none
    modules: list = field(default_factory=list)


def listed():
    """Every major open or in phase-out, by level (专科 first) and code, with its university: two queries."""
    majors = list(Major.objects(status__in=LISTED).no_dereference().only("code", "name", "level", "university",
                                                                        "status"))
    universities = University.objects.only("name").in_bulk(list({m.university.id for m in majors}))
    rows = [Listed(m, universities.get(m.university.id)) for m in majors]
    order = [code for code, _label in Major.level.choices]
    return sorted(rows, key=lambda row: (order.index(row.major.level), row.major.code))


def by_levels(rows):
    """[(level label, rows)] of `listed()`'s rows, in its order."""
    labels = dict(Major.level.choices)
    grouped = {}
    for row in rows:
        grouped.setdefault(row.major.level, []).append(row)
    return [(labels[level], items) for level, items in grouped.items()]


def page(code):
    """The MajorPage of the listed major with this code (as typed, any case), or None: six queries at most."""
    code = (code or "").strip().upper()
    major = Major.objects(code=code, status__in=LISTED).no_dereference().first() if code else None
    if major is None:
        return None
    university = University.objects(pk=major.university.id).only("name").first()
    plan, modules = plans.plan_of(major)
    return MajorPage(major, university, plan, modules)
