"""The effects: what happens after a transition. Each is keyed by application, so a retry changes nothing."""
import datetime

from mongoengine.errors import NotUniqueError

from app.models import Course, Score

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
