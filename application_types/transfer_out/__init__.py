"""Transfer out 转出: everything the type is (docs/architecture.md, "Application types")."""
from flask_babel import lazy_gettext as _l

from workflows.types import ApplicationType, Document, ship

from . import effects, fields, guards  # noqa: F401  (they register the type's rules)
from .documents import transfer_certificate
from .form import TRANSFER_OUT_FORM
from .workflow import TRANSFER_OUT

TYPE = ship(ApplicationType(
    TRANSFER_OUT, TRANSFER_OUT_FORM,
    order=60,
    documents={"transfer-certificate": Document(_l("转出证明"), transfer_certificate)},
))
