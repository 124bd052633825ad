"""Transfer out 转出: what approval does."""
from flask_babel import lazy_gettext as _l

from app.models import Score
from workflows.registry import effect


@effect("transfer_out_scores", label=_l("将审核通过的成绩记为已转出"))
def transfer_out_scores(application):
    """The approved scores are transferred out: kept on record, no longer counted. Running it again marks the
    same scores."""
    approved = [item.key for item in application.items if item.decision == "approved"]
    moved = Score.objects(pk__in=approved, candidate=application.candidate).update(set__transferred_out=True)
    return f"transferred out {moved} of {len(approved)}"
