"""The facts a rule (app/rules.py) is worked out on: the candidate's major, its level and their identity, and,
only when the rule asks, their scores (three queries, whatever their number)."""
from app import rules
from app.models import Major
from app.models.references import reference_id

from .graduation_audit import load_scores

GRADED_PASS = 60  # what a pass recorded as a grade (合格, 通过) counts as in score()


def gather(candidate, expression, answers=None):
    """(names, functions) for `expression` about `candidate`, with the submitted `answers` when given."""
    major_id = reference_id(candidate, "major")
    major = Major.objects(pk=major_id).only("code", "level").first() if major_id else None
    names = {"level": major.level if major else None, "major": major.code if major else None,
             "verified": bool(candidate.identity_verified), "answers": dict(answers or {})}
    best = {}
    if rules.uses(expression, "passed") or rules.uses(expression, "score"):
        for score in load_scores([str(candidate.pk)]).get(str(candidate.pk), []):
            if score.passed and not score.transferred_out:
                value = score.mark if score.mark is not None else GRADED_PASS
                best[score.course_code] = max(best.get(score.course_code, 0), value)
    functions = {"passed": lambda code: code in best, "score": lambda code: best.get(code, 0)}
    return names, functions


def holds(candidate, expression, answers=None):
    """Whether `expression` holds for `candidate` (an empty rule always does)."""
    if not expression:
        return True
    return rules.holds(expression, *gather(candidate, expression, answers))
