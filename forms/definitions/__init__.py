"""The form definitions shipped with the product, one module per application type."""
from .backfill import BACKFILL_FORM
from .change import CHANGE_FORM
from .exemption import EXEMPTION_FORM
from .graduation import GRADUATION_FORM
from .identity import IDENTITY_FORM
from .merge import MERGE_FORM
from .recheck import RECHECK_FORM
from .transfer_in import TRANSFER_IN_FORM
from .transfer_out import TRANSFER_OUT_FORM

SHIPPED = (EXEMPTION_FORM, MERGE_FORM, IDENTITY_FORM, TRANSFER_OUT_FORM, TRANSFER_IN_FORM, CHANGE_FORM, BACKFILL_FORM,
           RECHECK_FORM, GRADUATION_FORM)
