"""Candidate pages: a Flask blueprint, mobile-first, Chinese first."""
from workflows import types

from . import (account, applications, duplicates, home, information, messages, payment, profile,  # noqa: F401
               records, registration)  # (they attach their routes to bp)
from .blueprint import bp
from .session import candidate_required, current_candidate


def _type_page(page):
    """The view of a type's own page, for the signed-in candidate only."""
    def show(**arguments):
        return page.view(current_candidate(), **arguments)

    show.__name__ = page.name
    return candidate_required(show)


def register(app):
    app.register_blueprint(bp)
    for kind in types.shipped():
        for page in kind.pages:
            app.add_url_rule(page.path, endpoint=f"{bp.name}.{page.name}", view_func=_type_page(page))

    @app.context_processor
    def candidate_context():
        return {"current_candidate": current_candidate()}
