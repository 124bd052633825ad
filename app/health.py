"""`/healthz`: whether this process reaches what it needs, for a load balancer or a supervisor.

200 when the business store (MongoDB) and the staff SQL database answer, and so do the job queue's Redis and the
shared rate-limit store where the deployment has them, else 503 naming the one that does not. Public, not rate limited, answered over plain HTTP even with FORCE_HTTPS (a balancer's check comes from
inside), and without a session: one a browser sends is neither read (the store may be down) nor prolonged.
"""
import logging

import mongoengine
import pymongo
from flask import current_app, jsonify
from sqlalchemy import text

from app.extensions import db, limiter

log = logging.getLogger(__name__)

# Seconds a store may take to answer: a check that hangs would hold up the balancer's own.
TIMEOUT = 2


def _mongodb():
    with pymongo.timeout(TIMEOUT):
        mongoengine.get_connection().admin.command("ping")


def _sql():
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def _jobs():
    current_app.extensions["jobs"].huey.storage.conn.ping()


def _limits():
    if not limiter.storage.check():
        raise ConnectionError("the rate-limit store does not answer")


def _checks():
    """The stores this deployment uses: the job queue and the rate limits only when they live apart."""
    checks = {"mongodb": _mongodb, "sql": _sql}
    if not current_app.extensions["jobs"].in_memory:
        checks["jobs"] = _jobs
    if not current_app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        checks["limits"] = _limits
    return checks


def healthz():
    answers = {}
    for name, check in _checks().items():
        try:
            check()
            answers[name] = "ok"
        except Exception:
            log.exception("health check: %s does not answer", name)
            answers[name] = "unavailable"
    healthy = all(answer == "ok" for answer in answers.values())
    return jsonify(answers), 200 if healthy else 503


PATH = "/healthz"


def register(app):
    view = limiter.exempt(app.extensions["talisman"](force_https=False)(healthz))
    app.add_url_rule(PATH, "healthz", view)
    app.session_interface.sessionless.add(PATH)
