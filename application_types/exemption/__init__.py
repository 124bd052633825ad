"""Course exemption 免考: everything the type is (docs/architecture.md, "Application types")."""
from workflows.types import ApplicationType, ship

from . import effects  # noqa: F401  (they register the type's rules)
from .form import EXEMPTION_FORM
from .workflow import EXEMPTION

TYPE = ship(ApplicationType(
    EXEMPTION, EXEMPTION_FORM,
    order=10,
))
