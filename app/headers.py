"""Security headers on every response, through Flask-Talisman.

Talisman because Flask-AppBuilder's templates already carry its per-request script nonce (`csp_nonce()`), so
staff pages work under a policy that runs no script but ours. Candidate pages load their script from a file.
Styles may be inline: FAB's templates and ours use style attributes, and a nonce cannot cover those.
"""
from flask_talisman import Talisman

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",  # plus the page's nonce
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init_app(app):
    """Every response says: run only our scripts, never in a frame, no MIME sniffing, no referrer to other sites;
    over HTTPS, HTTPS only from now on (HSTS). The Talisman object is kept as app.extensions["talisman"]."""
    app.extensions["talisman"] = Talisman(
        app, force_https=app.config["FORCE_HTTPS"], session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=POLICY, content_security_policy_nonce_in=["script-src"],
        frame_options="DENY", referrer_policy="same-origin",
        strict_transport_security_max_age=app.config["HSTS_MAX_AGE"])
