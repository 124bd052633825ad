"""The workflow definitions shipped with the product, one module per application type."""
from .exemption import EXEMPTION
from .identity import IDENTITY
from .merge import MERGE

SHIPPED = (EXEMPTION, MERGE, IDENTITY)
