"""Candidate pages: a Flask blueprint, mobile-first, Chinese first."""
from . import account, applications, duplicates, graduation, home, messages, payment, profile, records  # noqa: F401  (they attach their routes to bp)
from .blueprint import bp
from .session import current_candidate


def register(app):
    app.register_blueprint(bp)

    @app.context_processor
    def candidate_context():
        return {"current_candidate": current_candidate()}
