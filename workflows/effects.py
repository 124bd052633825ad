"""The effects: what happens after a transition. Each is keyed by application, so a retry changes nothing."""
import datetime

from mongoengine.errors import NotUniqueError

from app.models import Candidate, Course, Score

from .registry import effect


@effect("grant_exemption_scores")
def grant_exemption_scores(application):
    """Each approved course becomes an exemption score 通过 in the candidate's records."""
    candidate = application.candidate
    approved = [item.key for item in application.items if item.decision == "approved"]
    courses = {course.code: course for course in Course.objects(code__in=approved)}
    already = {score.course.id for score in Score.objects(candidate=candidate, passed=True,
                                                           course__in=list(courses.values())).only("course")}
    granted = 0
    for code in approved:
        if courses[code].id in already:
            continue  # passed meanwhile, by an exam or another application: one pass is enough
        score = Score(candidate=candidate, exam_number=candidate.exam_number, course=courses[code], grade="通过",
                      sitting=datetime.date.today().strftime("%Y-%m"), source="exemption",
                      origin=f"{application.type}:{application.pk}:{code}")
        try:
            score.save()
            granted += 1
        except NotUniqueError:
            continue  # granted by an earlier run of this effect
    return f"granted {granted} of {len(approved)}"


@effect("merge_records")
def merge_records(application):
    """The scores recorded under the numbers the district confirmed join the candidate's record ("一人一号").

    The old records those numbers belonged to can no longer sign in. Running it again moves nothing.
    """
    candidate = application.candidate
    numbers = [entry.get("exam_number") or entry.get("file_number")
               for entry in (application.data.get("sources") or {}).values()]
    numbers = [number for number in numbers if number and number != candidate.exam_number]
    moved = Score.objects(exam_number__in=numbers, candidate__ne=candidate).update(
        set__candidate=candidate, set__district=candidate.district)
    Candidate.objects(exam_number__in=numbers, pk__ne=candidate.pk).update(set__active=False)
    Candidate.objects(pk=candidate.pk).update_one(add_to_set__other_exam_numbers=numbers)
    return f"moved {moved} scores from {len(numbers)} numbers"


@effect("verify_identity")
def verify_identity(application):
    """The candidate is verified; the file of the form's `photo` field, if any (none when verified in person at
    the district), becomes their verified photo. Running it again sets the same values."""
    photo = next((str(a.file_id) for a in application.attachments if a.field == "photo"), None)
    Candidate.objects(pk=application.candidate.pk).update_one(set__identity_verified=True,
                                                             set__verified_photo_id=photo)
    return f"verified, photo {photo}"
