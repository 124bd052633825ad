"""Transfer in 转入: everything the type is (docs/architecture.md, "Application types")."""
from workflows.types import ApplicationType, ship

from . import effects, guards  # noqa: F401  (they register the type's rules)
from .form import TRANSFER_IN_FORM
from .workflow import TRANSFER_IN

TYPE = ship(ApplicationType(
    TRANSFER_IN, TRANSFER_IN_FORM,
    order=70,
))
