"""Background jobs on one queue (Huey): the queue itself in `queue`, the kinds of job in `tasks`."""
from .queue import KINDS, JobFailed, NotQueued, init_app, progressed, queue, retry, start_embedded, submit

__all__ = ["KINDS", "JobFailed", "NotQueued", "init_app", "progressed", "queue", "retry", "start_embedded", "submit"]
