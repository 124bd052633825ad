"""Scores an approved application adds to the candidate's record (an exemption, a transfer in, a back-registration)."""
from mongoengine.errors import NotUniqueError

from app.models import Score


def grant(application, course, **score):
    """Add one score for `course` to the applicant's record, keyed by type, application and course, so a
    second run of the effect adds nothing. True when the score is new."""
    candidate = application.candidate
    try:
        Score(candidate=candidate, exam_number=candidate.exam_number, course=course,
              origin=f"{application.type}:{application.pk}:{course.code}", **score).save()
    except NotUniqueError:
        return False  # granted by an earlier run of this effect
    return True
