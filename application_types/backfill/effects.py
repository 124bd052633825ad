"""Score back-registration 成绩补登: what approval does."""
from flask_babel import lazy_gettext as _l

from app.models import Course
from app.models.score import BACK_REGISTRATION
from app.services.grants import grant
from workflows.registry import effect

from .form import EXAM, EXEMPTION, TRANSFER_IN


@effect("register_backfill", label=_l("将补登的成绩记入考生的成绩"))
def register_backfill(application):
    """The back-registered score joins the candidate's records as 补登 of its kind (an exam score, 免考 or 转入, so
    the records count it as one), a transfer-in with its province, keyed by application and course."""
    data = application.data
    course = Course.objects.get(code=data["course"])
    kind = data.get("kind") or EXAM
    graded = kind == EXEMPTION
    new = grant(application, course, sitting=data["sitting"], mark=None if graded else int(data["mark"]),
                grade=data.get("grade") if graded else None, source=BACK_REGISTRATION, registered_as=kind,
                from_province=data.get("from_province") if kind == TRANSFER_IN else None)
    return f"registered {course.code}" if new else "already registered"
