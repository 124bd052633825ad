"""Score recheck 成绩复核: everything the type is (docs/architecture.md, "Application types")."""
from workflows.types import ApplicationType, ship

from . import effects, fields, guards, inputs  # noqa: F401  (they register the type's rules)
from .form import RECHECK_FORM
from .workflow import RECHECK

TYPE = ship(ApplicationType(
    RECHECK, RECHECK_FORM,
    order=80,
))
