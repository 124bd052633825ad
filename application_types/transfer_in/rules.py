"""Transfer in 转入: what is refused and what is pointed out, in one place for the steps, the submission and the pages.

Refused: the platform's own province as the source (its scores need no transfer), an exam month still to come, a
course given twice, a mark that is not whole. Pointed out, not refused: credits the candidate typed that differ from
the catalogue's (the score counts the catalogue's; the typed value stays on the application), and a course the
candidate holds a pass of already, of any kind (an exam here, 免考, an earlier 转入, 补登: the transfer adds a second
pass, to be chosen between on 我的成绩).
"""
from dataclasses import dataclass

from flask_babel import gettext as _

from app.models import Course, Score
from app.models.score import spoken
from app.services import provinces, publication
from app.wording import joined


def source_problems(answers):
    """{field: [messages]} of the 来源 step: the source province is another province."""
    refused = provinces.source_refused(answers.get("province"))
    return {"province": [refused]} if refused else {}


def course_problems(answers, now):
    """{field: [messages]} of the courses step: each course once, whole marks, no exam month after `now`'s."""
    entries = sorted((answers.get("courses") or {}).items(), key=lambda item: int(item[0]))
    this_month, found = f"{now:%Y-%m}", []
    codes = [entry.get("course") for _slot, entry in entries]
    repeated = sorted({code for code in codes if code and codes.count(code) > 1})
    if repeated:
        found.append(_("课程 %(courses)s 填写了多次，每门课程只填写一项。", courses=joined(repeated)))
    if any(entry.get("mark") is not None and entry["mark"] != int(entry["mark"]) for _slot, entry in entries):
        found.append(_("成绩为60–100的整数。"))
    for slot, entry in entries:
        if (entry.get("sitting") or "") > this_month:
            found.append(_("第%(n)d项的考试时间 %(sitting)s 晚于本月（%(month)s），请填写已经考过的考试时间。",
                           n=int(slot) + 1, sitting=entry["sitting"], month=this_month))
    return {"": found} if found else {}  # above the step's courses


def problems(answers, now):
    """Every refusal of the answers, as one list (the submission's check)."""
    return [message for found in (source_problems(answers), course_problems(answers, now))
            for messages in found.values() for message in messages]


@dataclass(frozen=True)
class Row:
    """One course transferred in, against the catalogue and the candidate's passes here."""

    code: str
    name: str
    mark: object
    sitting: str
    entered_credits: object  # as the candidate typed them
    credits: int | None  # the catalogue's, which count
    passes: tuple  # the candidate's passes of the course here (Score), best first

    @property
    def credits_differ(self):
        return self.credits is not None and self.entered_credits is not None and self.entered_credits != self.credits

    @property
    def held(self):
        """The passes as the duplicate notes name them: (kind, month, mark or grade), e.g. ("免考（补登）", "2015-06",
        "通过") or ("考试", "2023-10", "72 分")."""
        return tuple(Held(score.source_label, score.sitting, spoken(score.value)) for score in self.passes)


@dataclass(frozen=True)
class Held:
    """A pass the candidate holds of a course they transfer in, as people read it."""

    kind: str
    sitting: str
    value: str


def rows(application, answers, published_only=True):
    """[Row] of the courses in `answers` (the working copy or the submission), in the order given: two queries, the
    courses and the candidate's passes of them (those they may see, with `published_only`). A score this application
    granted is no pass of before."""
    entries = [entry for _slot, entry in sorted((answers.get("courses") or {}).items(), key=lambda i: int(i[0]))
               if entry.get("course")]
    if not entries:
        return []
    courses = {c.code: c for c in Course.objects(code__in=[e["course"] for e in entries]).only("code", "name",
                                                                                             "credits")}
    scores = Score.objects(candidate=application.candidate, course__in=list(courses.values()), passed=True,
                           transferred_out__ne=True, origin__not__startswith=f"{application.type}:{application.pk}:")
    passes = {}
    for score in (publication.visible(scores) if published_only else scores).no_dereference():
        passes.setdefault(score.course.id, []).append(score)
    found = []
    for entry in entries:
        course = courses.get(entry["course"])
        mine = sorted(passes.get(course.pk, []), key=lambda s: (s.mark is None, -(s.mark or 0))) if course else []
        found.append(Row(entry["course"], course.name if course else entry["course"], entry.get("mark"),
                         entry.get("sitting") or "", entry.get("credits"), course.credits if course else None,
                         tuple(mine)))
    return found


def candidate_notes(application, answers):
    """[(field, message)] the candidate reads on the courses step and the preview."""
    notes = []
    for row in rows(application, answers):
        if row.credits_differ:
            notes.append(("courses", _("%(course)s（%(code)s）：课程学分以本省为准：%(credits)d 学分（你填写的是 %(entered)s 学分）。",
                                       course=row.name, code=row.code, credits=row.credits,
                                       entered=_number(row.entered_credits))))
        for held in row.held:
            notes.append(("courses", _("你已有 %(course)s（%(code)s）的合格成绩（%(kind)s，%(sitting)s，%(value)s），"
                                       "转入后将产生重复成绩，审核通过后请在“我的成绩”中选择计入的成绩。",
                                       course=row.name, code=row.code, kind=held.kind, sitting=held.sitting,
                                       value=held.value)))
    return notes


def _number(value):
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def for_review(application, scope):
    """The review page's rows (every pass here counted, published or not), or None when no course is given."""
    return rows(application, application.data, published_only=False) or None
