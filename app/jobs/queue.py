"""The job queue: Huey on Redis when REDIS_URL is set, else in this process's memory, on the same code path.

A kind of job is declared once (`kind`); each app builds its own Huey instance at start and registers every kind
on it, so importing this module connects to nothing. A job is a `Job` document (app/models/job.py) and a queued
task that carries its id; running it records its state, attempts, progress, result or error on the document.
"""
import datetime
import logging
from dataclasses import dataclass
from collections.abc import Callable

from blinker import Namespace
from flask import current_app
from flask_babel import gettext as _
from huey import MemoryHuey, RedisHuey, crontab
from huey.consumer import Consumer

from app.models.job import DONE, FAILED, QUEUED, RUNNING, Job

log = logging.getLogger(__name__)

# Sent after each progress report, in the worker running the job: (job id, done=, total=).
progressed = Namespace().signal("job-progressed")


class JobFailed(Exception):
    """A failure a job explains to staff in their words; its cause, if any, goes to the log. A `result` (JobResult)
    is recorded too: what a refused run found."""

    def __init__(self, message, result=None):
        super().__init__(message)
        self.message, self.result = message, result


class NotQueued(Exception):
    """The queue refused the job (Redis unreachable): the job is recorded as failed."""


@dataclass(frozen=True)
class Kind:
    name: str  # one of app.models.job.KINDS
    run: Callable  # run(report, **params, **transient) -> JobResult or None
    retries: int = 0  # further attempts after a failure, JOBS_RETRY_DELAY_SECONDS apart
    keep: datetime.timedelta | None = None  # a routine job's record is removed this long after it succeeds
    retryable: bool = True  # staff may run a failed one again (not when it needs what only its queue message held)
    given_up: Callable | None = None  # given_up(**params) once the last attempt has failed
    schedule: Callable | None = None  # a Huey crontab: the platform runs it on this schedule...
    due: Callable | None = None  # ...when due() says there is work
    title: Callable | None = None  # title() of a scheduled run


KINDS = {}


def kind(name, **options):
    """Declare what jobs of kind `name` do (the decorated function) and how they are run."""
    def register(run):
        KINDS[name] = Kind(name, run, **options)
        return run
    return register


class Report:
    """What a running job says of its progress: how many items in all, then how many are done."""

    def __init__(self, job_id):
        self.job_id, self.done, self.total = job_id, 0, 0

    def start(self, total):
        self.done, self.total = 0, total
        self._write()

    def advance(self, count=1):
        self.done += count
        self._write()

    def _write(self):
        Job.objects(pk=self.job_id).update(set__done=self.done, set__total=self.total, set__touched_at=_now())
        progressed.send(str(self.job_id), done=self.done, total=self.total)


def _now():
    return datetime.datetime.now()


def execute(kind, job_id, transient, last):
    """Run one attempt of a job, recording it; a failure is re-raised for Huey to retry (unless `last`)."""
    job = Job.objects(pk=job_id).first()
    if job is None:
        log.warning("Job %s (%s) is no longer recorded; not run", job_id, kind.name)
        return
    started = _now()
    Job.objects(pk=job.pk).update(set__state=RUNNING, set__started_at=started, set__touched_at=started, inc__attempts=1)
    try:
        result = kind.run(Report(job.pk), **job.params, **transient)
    except Exception as error:
        shown = error.message if isinstance(error, JobFailed) else _("任务执行出错，详细原因已记入服务器日志。")
        log.error("Job %s (%s) failed on attempt %d%s: %r (cause: %r)", job.pk, kind.name, job.attempts + 1,
                  "" if last else ", to be retried", error, error.__cause__)
        finished = {"set__finished_at": _now()} if last else {}
        found = {"set__result": error.result} if getattr(error, "result", None) is not None else {}
        Job.objects(pk=job.pk).update(set__state=FAILED if last else QUEUED, set__error=str(shown), **finished,
                                      **found)
        if last and kind.given_up:
            kind.given_up(**job.params)
        raise
    finished = _now()
    updates = {"set__state": DONE, "set__finished_at": finished, "unset__error": True}
    if result is not None:
        updates["set__result"] = result
    if kind.keep:
        updates["set__expires_at"] = finished + kind.keep
    Job.objects(pk=job.pk).update(**updates)


def interrupt_stale(now=None):
    """Mark failed the running jobs silent for JOBS_STALE_MINUTES: the process running them stopped (a worker
    killed, a server restarted), so they would show 进行中 for ever. Staff may run them again. Returns how many."""
    cutoff = (now or _now()) - datetime.timedelta(minutes=current_app.config["JOBS_STALE_MINUTES"])
    interrupted = 0
    for job in Job.objects(state=RUNNING, touched_at__lt=cutoff).only("id", "kind", "params"):
        if not Job.objects(pk=job.pk, state=RUNNING, touched_at__lt=cutoff).update(
                set__state=FAILED, set__finished_at=_now(), set__error=_("任务中断：执行任务的进程已停止。")):
            continue  # it spoke, or finished, meanwhile
        log.warning("Job %s (%s) was running but silent since before %s: marked failed", job.pk, job.kind, cutoff)
        interrupted += 1
        if KINDS[job.kind].given_up:
            KINDS[job.kind].given_up(**job.params)
    return interrupted


class Queue:
    """One app's Huey instance with every kind registered on it."""

    def __init__(self, app, redis_url=None, name="zikao", immediate=False):
        self.app = app
        self.in_memory = redis_url is None
        # Results live on the Job documents, so Huey keeps none.
        if self.in_memory or immediate:
            self.huey = MemoryHuey(name, immediate=immediate, results=False)
        else:
            self.huey = RedisHuey(name, url=redis_url, results=False)
        self.tasks = {}
        for declared in KINDS.values():
            self._register(declared)

        def sweep():
            with app.app_context():
                interrupt_stale()

        self.huey.periodic_task(crontab(minute="*"), name="interrupt-stale")(sweep)

    def _register(self, declared):
        app, retries = self.app, declared.retries
        options = {"retries": retries, "retry_delay": app.config["JOBS_RETRY_DELAY_SECONDS"] if retries else 0,
                   "context": True}

        def run(job_id, transient, task=None):
            with app.app_context():
                execute(declared, job_id, transient, last=not task.retries)

        self.tasks[declared.name] = self.huey.task(name=declared.name, **options)(run)
        if declared.schedule is None:
            return

        def scheduled(task=None):
            with app.app_context():
                if declared.due():
                    job = Job(kind=declared.name, title=declared.title()).save()
                    execute(declared, job.pk, {}, last=not task.retries)

        self.huey.periodic_task(declared.schedule, name=f"{declared.name}.scheduled", **options)(scheduled)

    def enqueue(self, job, transient=None):
        try:
            self.tasks[job.kind](str(job.pk), transient or {})
        except Exception as error:
            Job.objects(pk=job.pk).update(set__state=FAILED, set__finished_at=_now(),
                                          set__error=_("任务未能加入队列，请稍后重试。"))
            log.exception("Job %s (%s) could not be queued", job.pk, job.kind)
            raise NotQueued(str(error)) from error

    def consumer(self, embedded=False, schedule=True):
        """Huey's consumer of this queue: JOBS_WORKERS worker threads, and the scheduler, which also queues the
        periodic jobs unless `schedule` is off (one worker of a deployment keeps it on, or each would queue them)."""
        cls = EmbeddedConsumer if embedded else Consumer
        # An idle in-memory queue is polled at least every second (Redis is waited on), so a code goes out promptly.
        return cls(self.huey, workers=self.app.config["JOBS_WORKERS"], worker_type="thread", periodic=schedule,
                   max_delay=1.0)


class EmbeddedConsumer(Consumer):
    """Huey's consumer as threads of the serving process, which keeps its own signal handlers."""

    def _set_signal_handlers(self):
        pass


def init_app(app):
    """Build this app's queue from its configuration (connecting to nothing yet), with every kind declared so far
    (usecases/jobs.py declares the product's)."""
    app.extensions["jobs"] = Queue(app, app.config["REDIS_URL"], app.config["JOBS_QUEUE_NAME"],
                                   app.config["JOBS_IMMEDIATE"])


def queue():
    return current_app.extensions["jobs"]


def submit(kind_name, title, user=None, requested_by=None, params=None, **transient):
    """Record a job and queue it; `transient` values travel only on the queue (an SMS's text). NotQueued if the
    queue refused it."""
    job = Job(kind=kind_name, title=title, requested_by_id=getattr(user, "id", None),
              requested_by=getattr(user, "username", None) or requested_by, params=params or {}).save()
    queue().enqueue(job, transient)
    return job.reload()


def retry(job):
    """Queue a failed job again; False if it is not failed (any more) or cannot be run again."""
    if not KINDS[job.kind].retryable:
        return False
    if not Job.objects(pk=job.pk, state=FAILED).update(set__state=QUEUED, set__done=0, unset__error=True,
                                                       unset__finished_at=True, unset__result=True):
        return False
    queue().enqueue(job.reload())
    return True


def start_embedded(app):
    """Start consuming in this process when no other process could run its jobs: the queue is in this process's
    memory, or the business data is (demo mode). Returns the consumer, or None."""
    queue = app.extensions["jobs"]
    if queue.huey.immediate or not (queue.in_memory or app.config["DEMO_MODE"]):
        return None
    consumer = queue.consumer(embedded=True)
    consumer.start()
    return consumer
