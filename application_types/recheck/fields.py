"""Score recheck 成绩复核: the field choosing a score of the candidate's latest sitting."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import Score
from app.services import publication
from forms.kinds import field_kind


def latest_scores(context, spec_field, describing=False):
    """(score id, label) of the candidate's exam scores of their latest sitting published to them; every exam score
    when describing, so a filled form still reads after a later sitting."""
    scores = Score.objects(candidate=context.candidate, source="exam").order_by("-sitting")
    if not describing:
        scores = publication.visible(scores)
        latest = scores.first()
        scores = scores.filter(sitting=latest.sitting) if latest else []
    return [(str(s.pk), _("%(course)s（%(code)s）%(sitting)s 考次：%(mark)s", course=s.course.name,
                           code=s.course.code, sitting=s.sitting, mark=s.display_mark)) for s in scores]


field_kind("latest_score", "choice", _l("最近一次成绩（复核）"), _l("考生从最近一次考试的成绩中选择要复核的课程；用于成绩复核。"),
           choices=latest_scores)
