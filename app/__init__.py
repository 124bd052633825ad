"""The application factory."""
import os

from flask import Flask, current_app, has_request_context, session
from flask_babel import LazyString, gettext
from flask_appbuilder import AppBuilder
from jinja2 import ChoiceLoader, FileSystemLoader
from werkzeug.middleware.proxy_fix import ProxyFix

import config as settings
from app import described, errors, fab_text, headers, health, inputs, jobs, mongo, roles, sessions, wording
from app.extensions import csrf, db


def _locale():
    """The language this browser chose, else the default; read without storing it, as FAB's selector would,
    so a visitor's pages keep no session until they need one."""
    chosen = session.get("locale") if has_request_context() else None
    return chosen or current_app.config["BABEL_DEFAULT_LOCALE"]


def create_app(config=None):
    """Build the app: configuration, the two stores, then staff and candidate views."""
    app = Flask(__name__, instance_path=os.path.join(os.path.dirname(os.path.dirname(__file__)), "instance"))
    app.config.from_object(config or "config.Config")
    missing = settings.missing_settings(app.config)
    if missing:
        raise RuntimeError(settings.missing_message(missing))
    os.makedirs(app.instance_path, exist_ok=True)
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    import usecases.jobs  # noqa: F401  (declares the kinds of job the queue runs)

    mongo.init_app(app)
    jobs.init_app(app)
    sessions.init_app(app)
    headers.init_app(app)
    db.init_app(app)
    csrf.init_app(app)

    import application_types
    from views import admin, candidate
    from workflows import types

    app.config["FAB_ROLES"] = roles.fab_roles([kind.key for kind in types.shipped()])
    # FAB prints the site name as it is; translated when shown, as the candidate pages' name is.
    app.config["APP_NAME"] = LazyString(gettext, app.config["APP_NAME"])
    app.jinja_loader = ChoiceLoader([app.jinja_loader, *map(FileSystemLoader, application_types.TEMPLATE_FOLDERS)])
    with app.app_context():
        from app.security import StaffSecurityManager

        appbuilder = AppBuilder(
            indexview=admin.AdminIndexView,
            base_template="admin/base.html",
            security_manager_class=StaffSecurityManager,
            update_perms=app.config.get("FAB_UPDATE_PERMS", True),
        )
        appbuilder.init_app(app, db.session)
        app.extensions["babel"].locale_selector = _locale
        fab_text.init_app(app)
        admin.register(appbuilder)
        from app import staff_audit

        staff_audit.listen(db.session)
    inputs.register(app, appbuilder)
    described.register(app)
    candidate.register(app)
    errors.register(app)
    health.register(app)

    from app import cli

    cli.register(app)

    app.jinja_env.globals.update(in_locale=wording.in_locale, labelled=wording.labelled)
    app.jinja_env.filters.update(bracketed=wording.bracketed, joined=wording.joined)

    @app.context_processor
    def demo_mode():
        return {"demo_mode": app.config["DEMO_MODE"]}

    from app import migrations
    from usecases import applications, demo

    with app.app_context():
        applications.ensure_shipped()
        migrations.run()
        if app.config["DEMO_MODE"] and app.config.get("SEED_DEMO_ON_START"):
            demo.seed()
    return app
