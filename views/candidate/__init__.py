"""Candidate pages: a Flask blueprint, mobile-first, Chinese first."""
from flask import Blueprint

bp = Blueprint("candidate", __name__)


def register(app):
    from . import account, applications, duplicates, home, messages, payment, profile, records, graduation  # noqa: F401  (they attach their routes to bp)
    from .session import current_candidate

    app.register_blueprint(bp)

    @app.context_processor
    def candidate_context():
        return {"current_candidate": current_candidate()}
