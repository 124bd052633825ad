"""Score back-registration 成绩补登: what approval does."""
from flask_babel import lazy_gettext as _l

from app.models import Course
from app.services.grants import grant
from workflows.registry import effect


@effect("register_backfill", label=_l("将补登的成绩记入考生的成绩"))
def register_backfill(application):
    """The back-registered score joins the candidate's records as 补登, keyed by application and course."""
    data = application.data
    course = Course.objects.get(code=data["course"])
    graded = data.get("kind") == "exemption"
    new = grant(application, course, sitting=data["sitting"], mark=None if graded else int(data["mark"]),
                 grade=data.get("grade") if graded else None, source="back_registration")
    return f"registered {course.code}" if new else "already registered"
