"""Record merge 成绩归一（合档）: everything the type is (docs/architecture.md, "Application types")."""
from workflows.types import ApplicationType, ship

from . import effects  # noqa: F401  (they register the type's rules)
from .form import MERGE_FORM
from .workflow import MERGE

TYPE = ship(ApplicationType(
    MERGE, MERGE_FORM,
    order=20,
))
