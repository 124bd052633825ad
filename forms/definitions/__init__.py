"""The form definitions shipped with the product, one module per application type."""
from .exemption import EXEMPTION_FORM

SHIPPED = (EXEMPTION_FORM,)
