"""The workflow definitions shipped with the product, one module per application type."""
from .backfill import BACKFILL
from .change import CHANGE
from .exemption import EXEMPTION
from .graduation import GRADUATION
from .identity import IDENTITY
from .merge import MERGE
from .recheck import RECHECK
from .transfer_in import TRANSFER_IN
from .transfer_out import TRANSFER_OUT

SHIPPED = (EXEMPTION, MERGE, IDENTITY, TRANSFER_OUT, TRANSFER_IN, CHANGE, BACKFILL, RECHECK, GRADUATION)
