"""Score recheck 成绩复核: the corrected mark a provincial reviewer types."""
from bson import ObjectId
from flask_babel import lazy_gettext as _l

from app.models import Score
from app.models.references import reference_id
from app.models.score import GRADES
from workflows.inputs import Control
from workflows.registry import input_kind


def _named_score(application):
    score_id = (application.data or {}).get("score")
    if not isinstance(score_id, str) or not ObjectId.is_valid(score_id):
        return None
    return Score.objects(pk=score_id, candidate=reference_id(application, "candidate")).only("mark", "grade").first()


@input_kind("score_mark", label=_l("更正后的成绩：0–100 的整数，按等级记录的成绩为所选等级"))
def score_mark(application):
    """A corrected value for the score the application's `score` answer names: a whole mark from 0 to 100 or, for
    a score recorded as a grade, one of the grades; either way not the value recorded now."""
    score = _named_score(application)
    if score is not None and score.grade is not None:
        return Control(score.grade, choices=tuple((value, str(label)) for value, label in GRADES), differ=True)
    return Control(score.mark if score is not None else None, differ=True)
