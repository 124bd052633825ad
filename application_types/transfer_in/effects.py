"""Transfer in 转入: what approval does."""
from flask_babel import lazy_gettext as _l

from app.models import Course
from app.services.grants import grant
from workflows.registry import effect


@effect("grant_transfer_in_scores", label=_l("将转入的课程记为考生的转入成绩"))
def grant_transfer_in_scores(application):
    """Each course passed in the other province becomes a 转入 score under the province and exam number it was earned
    with there, its origin naming this application. Its credits are the catalogue's (the candidate's own stay on
    the application, and its pages say where they differ)."""
    data = application.data
    entries = [entry for entry in (data.get("courses") or {}).values() if entry.get("course")]
    courses = {course.code: course for course in Course.objects(code__in=[e["course"] for e in entries])}
    granted = sum(grant(application, courses[entry["course"]], mark=int(entry["mark"]), sitting=entry["sitting"],
                         source="transfer_in", from_province=data.get("province"),
                         from_exam_number=data.get("exam_number")) for entry in entries)
    return f"granted {granted} of {len(entries)}"
