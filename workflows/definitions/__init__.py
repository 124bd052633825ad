"""The workflow definitions shipped with the product, one module per application type."""
from .exemption import EXEMPTION

SHIPPED = (EXEMPTION,)
