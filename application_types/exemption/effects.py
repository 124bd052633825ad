"""Course exemption 免考: what approval does."""
import datetime

from flask_babel import lazy_gettext as _l

from app.models import Course, Score
from app.services.grants import grant
from workflows.registry import effect


@effect("grant_exemption_scores", label=_l("将审核通过的免考课程记为考生的免考成绩"))
def grant_exemption_scores(application):
    """Each approved course becomes an exemption score 通过 in the candidate's records."""
    candidate = application.candidate
    approved = [item.key for item in application.items if item.decision == "approved"]
    courses = {course.code: course for course in Course.objects(code__in=approved)}
    already = {score.course.id for score in Score.objects(candidate=candidate, passed=True,
                                                           course__in=list(courses.values())).only("course")}
    sitting = datetime.date.today().strftime("%Y-%m")
    # A course passed meanwhile, by an exam or another application, needs no second pass.
    granted = sum(grant(application, courses[code], grade="通过", sitting=sitting, source="exemption")
                  for code in approved if courses[code].id not in already)
    return f"granted {granted} of {len(approved)}"
