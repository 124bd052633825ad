"""Payment orders, read-only and limited to the reviewer's scope: orders are made and paid by the payment
service only, and nothing refunds them."""
from flask_babel import lazy_gettext as _l

from app import roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.models.payment import PaymentOrder, yuan

from .scope import scoped


class PaymentOrderView(MongoModelView):
    datamodel = MongoEngineInterface(PaymentOrder)
    class_permission_name = roles.PAYMENTS
    noun = _l("支付订单")
    base_permissions = list(roles.READ)
    exclude_route_methods = {"add", "edit", "delete", "download", "action", "action_post"}
    base_filters = scoped()
    base_order = ("created_at", "desc")
    list_columns = ["order_no", "candidate_name", "exam_number", "district", "subject", "amount_fen", "status",
                    "created_at", "paid_at"]
    show_columns = ["order_no", "candidate_name", "exam_number", "district", "major", "subject", "amount_fen",
                    "status", "gateway", "gateway_trade_no", "created_at", "paid_at", "notifications",
                    "last_notified_at"]
    search_columns = ["order_no", "candidate_name", "exam_number", "status", "district", "created_at", "paid_at"]
    # No add or edit route, but FAB builds both forms at start: from what the page shows, not every column (the
    # order's ObjectId link to its registration has no form field).
    add_columns = edit_columns = show_columns
    label_columns = {"amount_fen": _l("订单金额（元）")}
    formatters_columns = {"amount_fen": yuan}


VIEWS = ((PaymentOrderView, "fa-credit-card"),)
