"""Command-line tasks: `flask seed-demo`."""
import click

from app.services import demo


def register(app):
    @app.cli.command("seed-demo")
    def seed_demo():
        """Load the demo catalogue, candidates, scores and staff accounts (safe to repeat)."""
        counts = demo.seed()
        click.echo("Demo data: " + ", ".join(f"{name} {count}" for name, count in counts.items()))
        click.echo(demo.accounts_text())
