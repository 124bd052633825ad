"""Identity verification 身份认证: everything the type is (docs/architecture.md, "Application types")."""
from flask_babel import lazy_gettext as _l

from workflows.types import ApplicationType, Link, ship

from . import effects  # noqa: F401  (they register the type's rules)
from .form import IDENTITY_FORM
from .workflow import IDENTITY

TYPE = ship(ApplicationType(
    IDENTITY, IDENTITY_FORM,
    order=30,
    links=(Link("unverified", _l("去认证")),),
))
