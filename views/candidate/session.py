"""The candidate's session, kept apart from staff sign-in (FAB's Flask-Login user)."""
import functools

from flask import g, redirect, request, session, url_for
from mongoengine.errors import ValidationError

from app.models import Candidate

_ID = "candidate_id"
_VERSION = "candidate_session_version"


def sign_in(candidate):
    """Start a fresh candidate session: drop whatever a previous candidate left in it."""
    for key in (_ID, _VERSION, "candidate_next"):
        session.pop(key, None)
    session[_ID] = str(candidate.pk)
    session[_VERSION] = candidate.session_version
    session.permanent = False


def sign_out():
    session.pop(_ID, None)
    session.pop(_VERSION, None)


def current_candidate():
    """The signed-in candidate, or None; a session older than the last password change is ended."""
    if "candidate" not in g:
        g.candidate = None
        candidate_id = session.get(_ID)
        if candidate_id:
            try:
                candidate = Candidate.objects(pk=candidate_id).select_related(max_depth=1)
            except ValidationError:
                candidate = []
            candidate = candidate[0] if candidate else None
            if candidate and candidate.active and candidate.session_version == session.get(_VERSION):
                g.candidate = candidate
            else:
                sign_out()
    return g.candidate


def candidate_required(view):
    """Send anyone not signed in as a candidate to the sign-in page, then back."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if current_candidate() is None:
            return redirect(url_for("candidate.login", next=request.path))
        return view(*args, **kwargs)

    return wrapper
