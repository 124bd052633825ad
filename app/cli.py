"""Command-line tasks: `flask seed-demo`, `flask workflows resume`."""
import click

from app.services import demo


def register(app):
    @app.cli.command("seed-demo")
    def seed_demo():
        """Load the demo catalogue, candidates, scores and staff accounts (safe to repeat)."""
        counts = demo.seed()
        click.echo("Demo data: " + ", ".join(f"{name} {count}" for name, count in counts.items()))
        click.echo(demo.accounts_text())

    @app.cli.group("workflows")
    def workflows_group():
        """Application workflows."""

    @workflows_group.command("resume")
    def resume():
        """Finish the effects a crash left pending (each is safe to run again)."""
        from workflows.engine import resume_pending

        seen, still = resume_pending()
        click.echo(f"Applications with pending effects: {seen}; effects still pending: {still}")
        if still:
            raise SystemExit(1)
