"""The facts rules (app/rules.py) are worked out on: the candidate's major, its level and their identity (one
query), their scores they may see only once a rule asks (four more), and their major's plan only once a rule asks for the
courses left (three more), each read once however many rules are worked out."""
from app import rules
from app.models import Course, Major, MajorPlan, PlanModule
from app.models.references import reference_id

from .graduation_audit import load_scores

GRADED_PASS = 60  # what a pass recorded as a grade (合格, 通过) counts as in score()


class Facts:
    """What rules about one candidate read, with the submitted `answers` when there are some."""

    def __init__(self, candidate, answers=None):
        self.candidate, self.answers = candidate, dict(answers or {})
        self._names = self._best = self._left = None

    def names(self):
        if self._names is None:
            major_id = reference_id(self.candidate, "major")
            major = Major.objects(pk=major_id).only("code", "level").first() if major_id else None
            self._names = {"level": major.level if major else None, "major": major.code if major else None,
                           "verified": bool(self.candidate.identity_verified)}
        return {**self._names, "answers": self.answers}

    def best(self):
        """{course code: the best passing mark} of the scores the candidate may see (a pass recorded as a grade
        counts GRADED_PASS)."""
        if self._best is None:
            self._best = {}
            for score in load_scores([str(self.candidate.pk)], published_only=True).get(str(self.candidate.pk), []):
                if score.passed and not score.transferred_out:
                    value = score.mark if score.mark is not None else GRADED_PASS
                    self._best[score.course_code] = max(self._best.get(score.course_code, 0), value)
        return self._best

    def courses_left(self):
        """How many required courses of the candidate's major plan, thesis courses apart, they have not passed.
        LookupError when their major has no plan: there is nothing to count, so a rule naming it holds for nobody."""
        if self._left is None:
            plan = MajorPlan.objects(major=reference_id(self.candidate, "major")).only("id").first()
            if plan is None:
                raise LookupError(f"candidate {self.candidate.pk}'s major has no plan to count courses_left on")
            ids = {ref.id for module in PlanModule.objects(plan=plan).no_dereference().only("required_courses")
                   for ref in module.required_courses}
            codes = set(Course.objects(id__in=list(ids), kind__ne="thesis").scalar("code")) if ids else set()
            self._left = len(codes - set(self.best()))
        return self._left

    def holds(self, expression):
        """Whether `expression` holds (an empty rule always does)."""
        if not expression:
            return True
        named = rules.names_in(expression)
        best = self.best() if named & {"passed", "score"} else {}
        return rules.holds(expression, self.names(), {
            "passed": lambda code: code in best, "score": lambda code: best.get(code, 0),
            "courses_left": self.courses_left})


def holds(candidate, expression, answers=None):
    """Whether `expression` holds for `candidate` (an empty rule always does)."""
    return Facts(candidate, answers).holds(expression)
