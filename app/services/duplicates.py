"""Courses passed more than once (after a record merge): the candidate chooses which score counts, except for a
course whose scores a standing graduation rests on (app.services.holds), which stays as that graduation used it."""
from dataclasses import dataclass

from flask_babel import gettext as _

from app.models import Course, Score
from app.services import publication
from app.services.holds import Hold, held_by
from app.services.plan import rank


@dataclass(frozen=True)
class Duplicate:
    """One course passed more than once: its passes, best first, and the graduation using one of them, if any."""

    course: Course
    scores: list
    hold: Hold | None = None
    held: frozenset = frozenset()  # ids of the passes the graduation uses

    @property
    def counted(self):
        """The pass that counts now (as the exam plan and the audit rank them)."""
        return max(self.scores, key=rank)

    @property
    def refusal(self):
        """Why the candidate cannot switch the score that counts; None when they can."""
        return _frozen(self.course, self.hold) if self.hold else None


def _frozen(course, hold):
    return _("%(course)s（%(code)s）的成绩%(use)s，该申请办理期间和审定通过后不能更改计入的成绩。",
             course=course.name, code=course.code, use=hold.description)


def duplicated(candidate):
    """[Duplicate] for every course with more than one pass the candidate may see: four queries, whatever the number
    of courses."""
    holds = held_by(candidate.pk)
    passes = {}
    for score in publication.visible(Score.objects(candidate=candidate, passed=True)).select_related(max_depth=1):
        passes.setdefault(score.course, []).append(score)
    found = []
    for course, scores in passes.items():
        if len(scores) < 2:
            continue
        held = frozenset(str(s.pk) for s in scores if str(s.pk) in holds)
        found.append(Duplicate(course, sorted(scores, key=lambda s: (s.mark is None, -(s.mark or 0), s.sitting)),
                               holds[next(iter(held))] if held else None, held))
    return found


def choose(candidate, score_id):
    """Make the candidate's score `score_id` the one that counts for its course. None when done, else why not:
    the score is not a pass of theirs, or a standing graduation uses a pass of its course."""
    chosen = publication.visible(Score.objects(pk=score_id, candidate=candidate, passed=True)).only("course").first()
    if chosen is None:
        return _("请选择本人的一条合格成绩。")
    holds = held_by(candidate.pk)
    passes = Score.objects(candidate=candidate, course=chosen.course, passed=True).scalar("id")
    hold = next((holds[str(pk)] for pk in passes if str(pk) in holds), None)
    if hold is not None:
        return _frozen(chosen.course, hold)
    Score.objects(candidate=candidate, course=chosen.course, pk__ne=chosen.pk).update(set__counts=False)
    Score.objects(pk=chosen.pk).update_one(set__counts=True)
    return None
