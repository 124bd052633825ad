"""gunicorn's settings for `make serve` and `make run`; each can be overridden on gunicorn's command line.

Workers are processes, each with threads (gthread). The app is built in each worker after the fork, never before:
a pymongo client is not fork-safe, and nothing connects at import time. In demo mode (no MONGODB_URI) there is one
worker, as the in-memory store belongs to one process. Every request is logged to stdout with its latency, as are
the server's and the app's own messages.
"""
import os
import sys

wsgi_app = "wsgi:app"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2")) if os.environ.get("MONGODB_URI") else 1
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
preload_app = False
# A request still running this long after a restart began is cut; a worker silent this long is replaced.
graceful_timeout = 30
timeout = 60
# No runtime control socket: nothing here uses it, and two servers on one machine would share its default path.
control_socket_disable = True

# Address, request line, status, bytes, milliseconds.
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stdout"}},
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {"gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
                "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": True},
                # Its start-up lists every permission it syncs, in every worker.
                "flask_appbuilder": {"level": "WARNING"}},
}


def on_starting(server):
    """Before any worker starts: refuse, in one line, a deployment that lacks a setting it must give; on a real
    MongoDB, build the app once in a process of its own, so the shipped definitions, migrations and staff
    permissions are in place before the workers start (else on a new deployment each would create them at once)."""
    import subprocess

    import config  # here: every name at the top of this file is read as one of gunicorn's settings

    missing = config.missing_settings(vars(config.Config))
    if missing:
        sys.exit(config.missing_message(missing))
    if config.Config.MONGODB_URI and subprocess.run([sys.executable, "-c", "from app import create_app; create_app()"]).returncode:
        sys.exit("Not starting: the app could not prepare its stores (above).")


def post_worker_init(worker):
    """In demo mode, say so and print the demo accounts once the worker has seeded them."""
    app, address = worker.wsgi, worker.cfg.bind[0]
    if app.config["DEMO_MODE"]:
        from app.services import demo

        with app.app_context():
            print("Demo mode: business data is kept in memory and lost when the server stops.")
            print(demo.accounts_text())
        print(f"Serving on http://{address}/  (staff: http://{address}/admin/)", flush=True)
