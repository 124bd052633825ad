"""The candidate's own records: the exam plan and scores."""
from collections import Counter

from flask import abort, render_template, request

from app.models import Score
from app.services import plan as plans
from app.services import publication

from .blueprint import bp
from .session import candidate_required, current_candidate


@bp.route("/plan")
@candidate_required
def exam_plan():
    shown = plans.exam_plan(current_candidate(), request.args.get("major") or None)
    if shown is None:
        abort(404)
    return render_template("candidate/plan.html", shown=shown)


@bp.route("/scores")
@candidate_required
def scores():
    """当次成绩 (the latest sitting of exams taken here: an exemption, a transfer-in or a back-registration is no sitting
    of the candidate's) above 历史成绩 (all, newest first), under every exam number; only the scores published so
    far."""
    by_course = sorted(publication.visible(Score.objects(candidate=current_candidate())).select_related(max_depth=1),
                       key=lambda s: s.course.code)
    mine = sorted(by_course, key=lambda s: s.sitting, reverse=True)
    sitting = next((s.sitting for s in mine if s.source == "exam"), None)
    best = plans.best_scores(mine)
    summary = plans.summarize(plans.CourseStatus(score.course, score) for score in best.values())
    passes = Counter(score.course.pk for score in mine if score.passed)
    return render_template("candidate/scores.html", sitting=sitting, current=[s for s in mine if s.source == "exam" and s.sitting == sitting],
                           history=mine, summary=summary, duplicated=any(n > 1 for n in passes.values()))
