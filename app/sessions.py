"""Server-side sessions: the cookie holds an opaque id; what a session holds lives in the business store.

Flask-Session's MongoDB backend keeps each session as one document (collection `sessions`, a TTL index on its
expiry), on the same client MongoEngine uses: a real MongoDB in production, the demo store otherwise. So logging
out deletes the session itself, and a copy of the cookie taken before is worth nothing afterwards; nothing
personal (a pending registration, a password reset, a captcha's answer) ever rides in a cookie.

Every signed-in session ends SESSION_LIFETIME_HOURS after sign-in; a staff session also ends after STAFF_IDLE_MINUTES
without a request. Signing in gets a new session id, so an id planted before sign-in is worth nothing either.
"""
import datetime
import time

import mongoengine
import msgspec
from flask import current_app, flash, session
from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
from flask_login import user_logged_in, user_logged_out
from flask_session.base import MsgSpecSerializer, ServerSideSessionInterface
from flask_session.mongodb import MongoDBSessionInterface

# Kept in every session: when it started and when it was last used (seconds since the epoch).
STARTED, SEEN = "_started", "_seen"
# How often the last-use time is written: finer than the idle timeout needs, coarse enough that most requests
# write nothing.
SEEN_RESOLUTION = 60
# How long a session that nobody signed in to is kept: a page left open that long still submits its form.
VISITOR_HOURS = 2
# What survives the end of a session: the language the browser chose, which is no one's personal data.
KEPT = ("locale",)


class _Serializer(MsgSpecSerializer):
    """Flask-Session's msgpack serializer, also taking translated texts (flashed lazy strings) as plain text."""

    def __init__(self, app):
        super().__init__(app, "msgpack")
        self.encoder = msgspec.msgpack.Encoder(enc_hook=_plain)


def _plain(value):
    if isinstance(value, LazyString):
        return str(value)
    raise TypeError(f"cannot keep a {type(value).__name__} in a session")


class StoreSessionInterface(MongoDBSessionInterface):
    """Flask-Session's MongoDB sessions on the client MongoEngine is connected to.

    Flask-Session refuses any client but pymongo's own; the demo store's client speaks the same API, so the
    store is set here and the rest is Flask-Session's.
    """

    def __init__(self, app):
        client = mongoengine.get_connection()
        self.client = client
        self.store = client[mongoengine.get_db().name]["sessions"]
        self.use_deprecated_method = False
        self.store.create_index("expiration", expireAfterSeconds=0)
        self.store.create_index("id", unique=True)
        ServerSideSessionInterface.__init__(self, app, key_prefix="", use_signer=False, permanent=False,
                                            sid_length=32)
        self.serializer = _Serializer(app)
        # Paths answered without a session (`/healthz`): the store is neither read nor written for them.
        self.sessionless = set()

    def open_session(self, app, request):
        if request.path in self.sessionless:
            return self.make_null_session(app)
        opened = super().open_session(app, request)
        # Found in the store under the browser's id (else it is new, under an id of its own).
        opened.stored = opened.sid == request.cookies.get(app.config["SESSION_COOKIE_NAME"])
        return opened

    def regenerate(self, session):
        before = session.sid
        super().regenerate(session)
        if session.sid != before:
            session.stored = False

    def _upsert_session(self, session_lifetime, session, store_id):
        """Save the session. One read from the store is only updated, never created again: a request still
        running when its session ended cannot bring it back. Nobody's session (no sign-in in it) is kept for
        VISITOR_HOURS."""
        if STARTED not in session:
            session_lifetime = datetime.timedelta(hours=VISITOR_HOURS)
        expires = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + session_lifetime
        self.store.update_one({"id": store_id},
                              {"$set": {"id": store_id, "val": self.serializer.encode(session), "expiration": expires}},
                              upsert=not getattr(session, "stored", False))


def now():
    """Seconds since the epoch, as session times are kept; tests move it."""
    return time.time()


def end():
    """End the current session: its stored copy is deleted; whatever the browser keeps (its language, a message
    on the next page) goes under a new id."""
    kept = {key: session[key] for key in KEPT if key in session}
    current_app.session_interface.regenerate(session)
    session.clear()
    session.update(kept)


def begin():
    """Signing in: the same contents under a new id, with the lifetime counted from now (or from the sign-in this
    browser's session already holds, which a second sign-in does not prolong)."""
    session[SEEN] = now()
    session.setdefault(STARTED, session[SEEN])
    current_app.session_interface.regenerate(session)  # a session with contents, so always renewed


def _staff_signed_in():
    return "_user_id" in session


def _expired(at, config):
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None:
        return False
    if at - started > config["SESSION_LIFETIME_HOURS"] * 3600:
        return True
    idle = config["STAFF_IDLE_MINUTES"] * 60 if _staff_signed_in() else config["CANDIDATE_IDLE_MINUTES"] * 60
    return bool(idle) and seen is not None and at - seen > idle


def init_app(app):
    """Keep sessions in the store, and end those past their lifetime or idle too long."""
    app.config.setdefault("PERMANENT_SESSION_LIFETIME",
                          datetime.timedelta(hours=app.config["SESSION_LIFETIME_HOURS"]))
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    app.session_interface = StoreSessionInterface(app)

    @app.before_request
    def enforce_lifetime():
        at = now()
        if _expired(at, app.config):
            end()
            flash(_("登录已超时，请重新登录。"), "info")
        elif STARTED in session and at - session.get(SEEN, 0) >= SEEN_RESOLUTION:
            session[SEEN] = at

    user_logged_in.connect(lambda _app, **extra: begin(), app, weak=False)
    user_logged_out.connect(lambda _app, **extra: end(), app, weak=False)
