"""The candidate's session, kept apart from staff sign-in (FAB's Flask-Login user)."""
import functools
import time

from flask import g, redirect, request, session, url_for
from mongoengine.errors import ValidationError

from app import sessions
from app.models import Candidate

_ID = "candidate_id"
_VERSION = "candidate_session_version"
# Steps between two pages: a registration awaiting confirmation, a password that passed but whose
# phone must still answer an SMS, a password reset whose identity was proved.
PENDING_REGISTRATION = "candidate_pending_registration"
PENDING_LOGIN = "candidate_pending_login"
PENDING_RESET = "candidate_pending_reset"
PENDING_MAX_AGE = 600  # seconds
_PENDING = (PENDING_REGISTRATION, PENDING_LOGIN, PENDING_RESET)


def sign_in(candidate):
    """Start a fresh candidate session, under a new id: drop whatever a previous candidate left in it."""
    for key in (_ID, _VERSION, *_PENDING):
        session.pop(key, None)
    sessions.begin()
    session[_ID] = str(candidate.pk)
    session[_VERSION] = candidate.session_version


def sign_out():
    """End the session: a copy of its cookie signs no one in afterwards."""
    sessions.end()


def hold(key, data):
    """Keep one step's data (never a plain password) until the next page, for PENDING_MAX_AGE."""
    session[key] = {**data, "held_at": time.time()}


def held(key):
    """The data `hold` kept under `key`, or None when there is none or it is too old."""
    data = session.get(key)
    if data and time.time() - data["held_at"] <= PENDING_MAX_AGE:
        return data
    session.pop(key, None)
    return None


def drop(key):
    session.pop(key, None)


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
