"""Score back-registration 成绩补登: everything the type is (docs/architecture.md, "Application types")."""
from workflows.types import ApplicationType, ship

from . import effects, guards  # noqa: F401  (they register the type's rules)
from .form import BACKFILL_FORM
from .workflow import BACKFILL

TYPE = ship(ApplicationType(
    BACKFILL, BACKFILL_FORM,
    order=50,
))
