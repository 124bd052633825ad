"""Transfer out 转出: the field choosing the passed scores that go."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import Score
from app.services import holds, publication
from forms.kinds import field_kind


def passed_scores(context, spec_field, describing=False):
    """(score id, label) of the candidate's passed scores not transferred out, nor claimed by another open
    application, nor used by a standing graduation, of those published; every passed score when describing."""
    scores = Score.objects(candidate=context.candidate, passed=True).order_by("-sitting")
    if not describing:
        scores = publication.visible(scores)
        held = holds.held_by(context.candidate.pk)
        scores = [s for s in scores if not s.transferred_out and str(s.pk) not in context.claimed
                  and str(s.pk) not in held]
    return [(str(s.pk), _("%(course)s，成绩%(mark)s，%(sitting)s", course=f"{s.course.name}（{s.course.code}）",
                          mark=s.display_mark, sitting=s.sitting)) for s in scores]


field_kind("passed_scores", "choices", _l("已通过的成绩（转出）"), _l("考生勾选要转出的已通过课程成绩；用于转出申请。"),
           choices=passed_scores)
