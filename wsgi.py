"""The WSGI entry point: `app` for the server; where no separate worker can run the jobs, this process does."""
from app import create_app, jobs

app = create_app()
jobs.start_embedded(app)
