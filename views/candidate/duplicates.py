"""Choosing which of several passes of one course counts."""
from bson import ObjectId
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.services import duplicates

from .blueprint import bp
from .session import candidate_required, current_candidate


@bp.route("/scores/duplicates", methods=["GET", "POST"])
@candidate_required
def duplicate_scores():
    if request.method == "POST":
        chosen = request.form.get("score", "")
        refused = duplicates.choose(current_candidate(), chosen) if ObjectId.is_valid(chosen) else _(
            "请选择本人的一条合格成绩。")
        if refused:
            flash(refused, "danger")
        else:
            flash(_("已保存：该课程以所选成绩计入。"), "success")
        return redirect(url_for("candidate.duplicate_scores"))
    return render_template("candidate/duplicates.html", duplicated=duplicates.duplicated(current_candidate()))
