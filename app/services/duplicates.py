"""Courses passed more than once (after a record merge): the candidate chooses which score counts."""
from app.models import Score


def duplicated(candidate):
    """{course: [passed scores]} for every course with more than one pass, best first."""
    passes = {}
    for score in Score.objects(candidate=candidate, passed=True).select_related(max_depth=1):
        passes.setdefault(score.course, []).append(score)
    return {course: sorted(scores, key=lambda s: (s.mark is None, -(s.mark or 0), s.sitting))
            for course, scores in passes.items() if len(scores) > 1}


def choose(candidate, score_id):
    """Make the candidate's score `score_id` the one that counts for its course; False if it is not theirs."""
    chosen = Score.objects(pk=score_id, candidate=candidate, passed=True).only("course").first()
    if chosen is None:
        return False
    Score.objects(candidate=candidate, course=chosen.course, pk__ne=chosen.pk).update(set__counts=False)
    Score.objects(pk=chosen.pk).update_one(set__counts=True)
    return True
