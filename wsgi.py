"""The WSGI entry point: `gunicorn wsgi:app` (gunicorn.conf.py). Each worker builds its app after the fork and,
where no separate worker can run the jobs, runs them itself."""
from app import create_app, jobs

app = create_app()
jobs.start_embedded(app)
