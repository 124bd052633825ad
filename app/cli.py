"""Command-line tasks: `flask seed-demo`, `flask workflows resume`, `flask workflows recount`, `flask jobs work`."""
import logging

import click

from app.jobs.queue import queue
from app.services import demo
from usecases import demo as demo_world
from workflows.engine import recount_tallies, resume_pending


def register(app):
    @app.cli.command("seed-demo")
    def seed_demo():
        """Load the demo catalogue, candidates, scores and staff accounts (safe to repeat)."""
        counts = demo_world.seed()
        click.echo("Demo data: " + ", ".join(f"{name} {count}" for name, count in counts.items()))
        click.echo(demo.accounts_text())

    @app.cli.group("workflows")
    def workflows_group():
        """Application workflows."""

    @workflows_group.command("resume")
    def resume():
        """Finish the effects a crash left pending now (the job queue does it every minute; each is safe to run
        again)."""
        seen, still = resume_pending()
        click.echo(f"Applications with pending effects: {seen}; effects still pending: {still}")
        if still:
            raise SystemExit(1)

    @workflows_group.command("recount")
    def recount():
        """Count the review queues afresh from the applications (the engine keeps the counts as decisions are
        made; run this while no one is deciding, e.g. after loading applications around the engine)."""
        click.echo(f"Applications counted into the queues: {recount_tallies()}")

    @app.cli.group("jobs")
    def jobs_group():
        """Background jobs."""

    @jobs_group.command("work")
    @click.option("--no-schedule", is_flag=True,
                  help="Run jobs only; leave the every-minute schedule to one other worker.")
    def work(no_schedule):
        """Run the job queue's workers and its schedule against Redis, until stopped (SIGINT / SIGTERM)."""
        if queue().in_memory:
            raise click.UsageError("REDIS_URL is not set: the queue is in the serving process's memory, and that "
                                   "process runs its jobs itself.")
        if app.config["DEMO_MODE"]:
            raise click.UsageError("MONGODB_URI is not set: the demo store lives in the serving process's memory, "
                                   "so only that process can run its jobs.")
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        queue().consumer(schedule=not no_schedule).run()
