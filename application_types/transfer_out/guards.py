"""Transfer out 转出: the check its submission passes, and the facts it reads."""
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import Course, Score
from app.models.references import reference_id
from app.services import publication
from app.services.holds import held_by
from app.wording import joined
from workflows.guards import form_of
from workflows.registry import fact, guard


@dataclass(frozen=True)
class Pass:
    course: str  # "name（code）"
    transferred_out: bool


def _chosen(form, data):
    return [score_id for f in form.all_fields() if f.type == "passed_scores" for score_id in (data.get(f.name) or [])]


@fact("chosen_passes")
def _chosen_passes(context):
    """{score id: Pass} of the scores chosen in `passed_scores` fields that are the candidate's own passes, published
    to them."""
    scores = list(publication.visible(Score.objects(
        pk__in=_chosen(form_of(context.application), context.data), passed=True,
        candidate=reference_id(context.application, "candidate"))).only("course", "transferred_out"))
    courses = {c.id: c for c in Course.objects(id__in=[reference_id(s, "course") for s in scores]).only("code",
                                                                                                       "name")}
    return {str(s.pk): Pass(f"{courses[reference_id(s, 'course')].name}（{courses[reference_id(s, 'course')].code}）",
                            s.transferred_out) for s in scores}


@fact("held")
def _held(context):
    """{score id: Hold} of the candidate's scores a standing graduation rests on."""
    return held_by(reference_id(context.application, "candidate"))


@guard("scores_transferable", reads=("form", "chosen_passes", "held"),
       label=_l("所选成绩都是考生本人的合格成绩，且未转出、未用于毕业申请"))
def scores_transferable(context):
    """Every score chosen in a `passed_scores` field is the candidate's own pass, not already transferred out, nor
    used by a standing graduation."""
    scores = context.chosen_passes
    if len(scores) < len(set(_chosen(context.form, context.data))):
        return _("所选成绩中有不属于本人的合格成绩，请重新选择。")
    gone = [s.course for s in scores.values() if s.transferred_out]
    if gone:
        return _("以下成绩已经转出，不能再次转出：%(courses)s。", courses=joined(gone))
    used = [f"{s.course}{context.held[pk].description}" for pk, s in scores.items() if pk in context.held]
    if used:
        return _("以下成绩已用于毕业申请，不能转出：%(courses)s。", courses=joined(used))
    return None
