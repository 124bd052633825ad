"""The public front page and the candidate's home page."""
import functools
from urllib.parse import urlparse

from flask import current_app, redirect, render_template, request, send_from_directory, session, url_for

from usecases import applications
from workflows.engine import workflow_of

from .blueprint import bp, type_links
from .session import candidate_required, current_candidate


@bp.route("/")
def index():
    if current_candidate() is not None:
        return redirect(url_for("candidate.home"))
    return render_template("candidate/index.html")


@bp.route("/favicon.ico")
def favicon():
    """The icon browsers ask every site for, staff pages included."""
    return send_from_directory(current_app.static_folder, "favicon.ico", max_age=86400)


@bp.route("/home")
@candidate_required
def home():
    types = applications.offered_types(current_candidate())
    return render_template("candidate/home.html", candidate=current_candidate(), types=types,
                           waiting=applications.waiting(current_candidate()), workflow_of=workflow_of,
                           links=functools.partial(type_links, opened={kind["key"] for kind in types}))


@bp.route("/language/<code>")
def language(code):
    """Switch the page language (the same setting the staff pages use), then go back."""
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
    back = request.referrer
    if back and urlparse(back).netloc == request.host:
        return redirect(back)
    return redirect(url_for("candidate.index"))
