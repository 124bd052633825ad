"""The candidate's own records: scores."""
from flask import render_template

from app.models import Score

from . import bp
from .session import candidate_required, current_candidate


@bp.route("/scores")
@candidate_required
def scores():
    mine = Score.objects(candidate=current_candidate()).order_by("-sitting").select_related(max_depth=1)
    return render_template("candidate/scores.html", scores=mine)
