"""`/healthz`: whether this process reaches both stores, for a load balancer or a supervisor.

200 when the business store (MongoDB) and the staff SQL database both answer, else 503 naming the one that does
not. Public, not rate limited, answered over plain HTTP even with FORCE_HTTPS (a balancer's check comes from
inside), and without a session: one a browser sends is neither read (the store may be down) nor prolonged.
"""
import logging

import mongoengine
import pymongo
from flask import jsonify
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


CHECKS = {"mongodb": _mongodb, "sql": _sql}


def healthz():
    answers = {}
    for name, check in CHECKS.items():
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
