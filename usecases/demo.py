"""The demo's world: the seeded catalogue, people and scores, then each shipped type's demo terms."""
from app.services import demo

from .applications import set_demo_terms


def seed():
    """Seed the demo (safe to repeat); the counts of what was created, by name."""
    created = demo.seed()
    set_demo_terms()
    return created
