"""Candidate pages: a Flask blueprint, mobile-first, Chinese first."""
from flask import Blueprint, url_for

from workflows import types

bp = Blueprint("candidate", __name__)


def type_links(page, opened):
    """(href, Link) of the types' links on `page`: a page of the type's own, or applying for an open type."""
    return [(url_for(link.endpoint) if link.endpoint else url_for("candidate.apply_home", type_key=key), link)
            for key, link in types.links(page) if link.endpoint or key in opened]


def register(app):
    from . import account, applications, duplicates, home, messages, payment, profile, records, graduation  # noqa: F401  (they attach their routes to bp)
    from .session import current_candidate

    app.register_blueprint(bp)

    @app.context_processor
    def candidate_context():
        return {"current_candidate": current_candidate()}
