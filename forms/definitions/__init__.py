"""The form definitions shipped with the product, one module per application type."""
from .exemption import EXEMPTION_FORM
from .identity import IDENTITY_FORM
from .merge import MERGE_FORM

SHIPPED = (EXEMPTION_FORM, MERGE_FORM, IDENTITY_FORM)
