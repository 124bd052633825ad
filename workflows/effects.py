"""The effects every type may use: what a cancelled application gives back. Each is keyed by application, so a
retry changes nothing."""
from flask_babel import lazy_gettext as _l

from app.services import payment, slots

from .registry import effect


@effect("release_review_slots", label=_l("释放申请占用的现场审核名额"))
def release_review_slots(application):
    """A cancelled application gives its on-site review seat back."""
    return f"released {slots.release(str(application.pk), keep=[])}"


@effect("close_payment_orders", label=_l("关闭申请尚未支付的缴费订单"))
def close_payment_orders(application):
    """A cancelled application's unpaid order is closed, so no payment can be taken for it later."""
    return f"closed {payment.close_open(application)}"
