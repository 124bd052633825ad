"""Fees and payment orders, and the payment gateways that take them.

The fee is the application type's `BusinessType.fee`. An order is paid only by a notification whose signature
its gateway verifies (usecases/payment.py, which then fires "pay"). Nothing here refunds: the fee is not
refundable (seed 000 §10.9, seed 004 §五).

Gateways are chosen by PAYMENT_BACKEND: "sandbox" (our own cashier page and signed callback), or the import
path of a class with the `Gateway` interface, constructed without arguments.
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Protocol

from flask import current_app, url_for
from flask_babel import gettext as _
from werkzeug.utils import import_string

from app.models import BusinessType
from app.models.payment import CLOSED, CREATED, PAID, PaymentOrder
from app.wording import stored



@dataclass(frozen=True)
class Notice:
    """What a verified gateway notification says."""

    order_no: str
    trade_no: str
    amount_fen: int
    paid: bool


class Gateway(Protocol):
    name: str

    def checkout_url(self, order: PaymentOrder, return_url: str) -> str:
        """Where the candidate pays `order`; the gateway sends them back to `return_url` afterwards."""

    def verify(self, params: dict) -> Notice | None:
        """The notification in `params`, or None when its signature is wrong or a field is missing."""


class SandboxGateway:
    """A gateway of our own, for development and the demo: its cashier is a page of this site, and its
    notifications are signed with HMAC-SHA256 over the sorted key=value pairs, keyed by PAYMENT_SECRET."""

    name = "sandbox"
    FIELDS = ("order_no", "trade_no", "amount_fen", "status")
    SUCCESS = "SUCCESS"

    def __init__(self, secret=None):
        self.secret = (secret or current_app.config["PAYMENT_SECRET"]).encode()

    def sign(self, params):
        """The signature of every pair but `sign` itself."""
        message = "&".join(f"{key}={params[key]}" for key in sorted(params) if key != "sign")
        return hmac.new(self.secret, message.encode(), hashlib.sha256).hexdigest()

    def signed(self, params):
        return {**params, "sign": self.sign(params)}

    def valid(self, params):
        return hmac.compare_digest(str(params.get("sign", "")).encode(), self.sign(params).encode())

    def checkout_url(self, order, return_url):
        """The sandbox cashier, signed like a real gateway's checkout request, so its return_url is ours."""
        params = self.signed({"order_no": order.order_no, "return_url": return_url})
        return url_for("candidate.sandbox_cashier", **params)

    def notification(self, order):
        """The signed notification the sandbox posts when the candidate confirms payment of `order`."""
        return self.signed({"order_no": order.order_no, "trade_no": f"SANDBOX{secrets.token_hex(8).upper()}",
                            "amount_fen": str(order.amount_fen), "status": self.SUCCESS})

    def verify(self, params):
        params = {key: str(value) for key, value in params.items()}
        if any(not params.get(key) for key in self.FIELDS) or not self.valid(params):
            return None
        if not params["amount_fen"].isdigit():
            return None
        return Notice(params["order_no"], params["trade_no"], int(params["amount_fen"]),
                      params["status"] == self.SUCCESS)


_BACKENDS = {"sandbox": SandboxGateway}


def gateway() -> Gateway:
    """The gateway PAYMENT_BACKEND names: "sandbox", or the import path of a gateway class."""
    name = current_app.config["PAYMENT_BACKEND"]
    if not name:
        raise NotPayable(_("网上支付尚未开通，请联系考试院。"))
    return (_BACKENDS.get(name) or import_string(name))()


def sandbox():
    """Whether the configured gateway is the sandbox (whose cashier pages then exist)."""
    return current_app.config["PAYMENT_BACKEND"] == SandboxGateway.name


class NotPayable(Exception):
    """The application has nothing to pay now; the message says why, to the candidate."""


def fee_of(kind):
    """The fee of the business type `kind` (None: no such type) in fen; 0 when it has none."""
    return int((kind.fee * 100).to_integral_value()) if kind and kind.fee else 0


def fee_fen(type_key):
    """The fee of an application type in fen; 0 when it has none."""
    return fee_of(BusinessType.objects(key=type_key).only("fee").first())


def paid_order(application):
    return PaymentOrder.objects(application=application, status=PAID).order_by("-paid_at").first()


def open_order(application):
    return PaymentOrder.objects(open_for=application.pk).first()


def close_open(application):
    """Close the application's unpaid order (it was cancelled): a payment arriving for it later is refused."""
    return PaymentOrder.objects(open_for=application.pk, status=CREATED).update(set__status=CLOSED,
                                                                             unset__open_for=True)


def paid(application):
    """Whether the application's fee has been received."""
    return paid_order(application) is not None


def subject(application):
    """The order's name, kept on it: in Chinese, whoever pays."""
    kind = BusinessType.objects(key=application.type).only("title").first()
    with stored():
        return _("%(title)s费用", title=kind.title if kind else application.type)


def new_order_no(now):
    """Date and time, then 16 random digits: unique in practice and not guessable from a neighbour's."""
    return f"{now:%Y%m%d%H%M%S}{secrets.randbelow(10 ** 16):016d}"


