"""Paying an application's fee (毕业审定费) through a payment gateway, and the gateway's callback.

The fee is the application type's `BusinessType.fee`; an application can be paid while its workflow lets the
system fire "pay" in its current state. Only a callback whose signature the gateway verifies pays an order, with
one conditional update (created -> paid), and then fires "pay" as the system: a repeated or concurrent callback
pays once and fires once. Nothing here refunds: the fee is not refundable (seed 000 §10.9, seed 004 §五).

Gateways are chosen by PAYMENT_BACKEND: "sandbox" (our own cashier page and signed callback), or the import
path of a class with the `Gateway` interface, constructed without arguments.
"""
import datetime
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Protocol

from flask import current_app, url_for
from flask_babel import gettext as _
from mongoengine.errors import NotUniqueError
from werkzeug.utils import import_string

from app import roles
from app.models import BusinessType
from app.models.payment import CLOSED, CREATED, PAID, STATUSES, PaymentOrder, yuan
from workflows.engine import Actor, AlreadyHandled, WorkflowError, fire, workflow_of

log = logging.getLogger(__name__)

PAY = "pay"
# Who the history says paid: the platform acting on the gateway's verified word. Stored, so not translated.
PAYER = "支付平台"


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


class NotPayable(WorkflowError):
    """The application has nothing to pay now."""


def fee_fen(type_key):
    """The fee of an application type in fen; 0 when it has none."""
    kind = BusinessType.objects(key=type_key).only("fee").first()
    return int((kind.fee * 100).to_integral_value()) if kind and kind.fee else 0


def _pays(workflow):
    """Whether the workflow has a step the system pays."""
    return any(t.event == PAY and roles.SYSTEM in t.by for t in workflow.transitions)


def payable(application):
    """Whether the application's type has a fee and its workflow lets the system fire "pay" now."""
    return (workflow_of(application).find(PAY, application.state, {roles.SYSTEM}) is not None
            and fee_fen(application.type) > 0)


def _paid_order(application):
    return PaymentOrder.objects(application=application, status=PAID).order_by("-paid_at").first()


def _open_order(application):
    return PaymentOrder.objects(open_for=application.pk).first()


def close_open(application):
    """Close the application's unpaid order (it was cancelled): a payment arriving for it later is refused."""
    return PaymentOrder.objects(open_for=application.pk, status=CREATED).update(set__status=CLOSED,
                                                                             unset__open_for=True)


def paid(application):
    """Whether the application's fee has been received."""
    return _paid_order(application) is not None


def _subject(application):
    kind = BusinessType.objects(key=application.type).only("title").first()
    return _("%(title)s费用", title=kind.title if kind else application.type)


def new_order_no(now):
    """Date and time, then 16 random digits: unique in practice and not guessable from a neighbour's."""
    return f"{now:%Y%m%d%H%M%S}{secrets.randbelow(10 ** 16):016d}"


def order_for(application, now=None):
    """The order the candidate pays: the application's paid one (a callback already came), its open one, or a
    new one for the type's fee. An open order of another amount (the fee has changed since) is closed first.

    NotPayable when the application cannot be paid now.
    """
    paid = _paid_order(application)
    if paid is not None:
        settle(paid)
        return paid
    if not payable(application):
        raise NotPayable(_("该申请当前无需支付或不能支付。"))
    amount = fee_fen(application.type)
    current = _open_order(application)
    if current is not None and current.amount_fen == amount:
        return current
    if current is not None and not PaymentOrder.objects(pk=current.pk, status=CREATED).update_one(
            set__status=CLOSED, unset__open_for=True):
        return order_for(application, now)  # it was paid a moment ago
    now = now or datetime.datetime.now()
    order = PaymentOrder(order_no=new_order_no(now), application=application, candidate=application.candidate,
                         district=application.district, major=application.major,
                         candidate_name=application.candidate_name, exam_number=application.exam_number,
                         subject=_subject(application), amount_fen=amount, open_for=application.pk,
                         gateway=gateway().name, created_at=now)
    try:
        order.save()
    except NotUniqueError:  # another request opened one a moment ago (or took this order number): start again
        return order_for(application, now)
    return order


@dataclass(frozen=True)
class Confirmation:
    """What a notification did: `outcome` is "paid" (this one paid the order), "already_paid" (an earlier one
    did), "not_paid" (the gateway says the trade did not succeed) or "refused" (with a reason for the log)."""

    outcome: str
    order: PaymentOrder | None = None
    reason: str = ""

    @property
    def accepted(self):
        """Whether the gateway is told "success" (it stops sending this notification)."""
        return self.outcome != "refused"


def confirm(params, now=None):
    """Handle a gateway's notification: verify it, find the order, check the amount, pay it once, fire "pay"."""
    now = now or datetime.datetime.now()
    notice = gateway().verify(params)
    if notice is None:
        return _refused(None, "bad signature or missing fields", params.get("order_no"))
    order = PaymentOrder.objects(order_no=notice.order_no).first()
    if order is None:
        return _refused(None, "unknown order", notice.order_no)
    if notice.amount_fen != order.amount_fen:
        return _refused(order, f"amount {notice.amount_fen} instead of {order.amount_fen}", order.order_no)
    if not notice.paid:
        return Confirmation("not_paid", order)
    won = PaymentOrder.objects(pk=order.pk, status=CREATED).update_one(
        set__status=PAID, set__paid_at=now, set__gateway_trade_no=notice.trade_no, unset__open_for=True,
        inc__notifications=1, set__last_notified_at=now)
    if not won:
        counted = PaymentOrder.objects(pk=order.pk, status=PAID).update_one(inc__notifications=1,
                                                                            set__last_notified_at=now)
        if not counted:
            log.error("Payment %s (trade %s) arrived for closed order %s: reconcile it by hand", notice.amount_fen,
                      notice.trade_no, order.order_no)
            return _refused(order, "order closed", order.order_no)
    order.reload()
    if not won and order.gateway_trade_no != notice.trade_no:
        log.error("Order %s, paid by trade %s, was paid again by trade %s: reconcile it by hand", order.order_no,
                  order.gateway_trade_no, notice.trade_no)
    settle(order)
    return Confirmation("paid" if won else "already_paid", order)


def _refused(order, reason, order_no):
    log.warning("Payment notification refused (%s) for order %s", reason, order_no)
    return Confirmation("refused", order, reason)


def settle(order):
    """Fire "pay" on a paid order's application if it still waits for payment: after a crash between the
    two, the next callback (or the candidate's next try to pay) finishes it."""
    application = order.application
    if workflow_of(application).find(PAY, application.state, {roles.SYSTEM}) is None:
        if not any(entry.event == PAY for entry in application.history):
            log.error("Order %s is paid but application %s is %s and cannot take the payment", order.order_no,
                      application.pk, application.state)
        return
    try:
        fire(application, PAY, Actor.system(PAYER))
    except AlreadyHandled:  # a concurrent callback fired it first
        pass


@dataclass(frozen=True)
class Summary:
    """An application's fee as the candidate and the reviewers see it."""

    status: str  # "unpaid" (no order yet) or an order status
    label: str
    amount: str  # 元, two places
    order_no: str | None
    paid_at: datetime.datetime | None
    payable: bool


def summary(application):
    """The application's fee and the state of its payment; None when nothing was ordered and its type has no fee
    or its workflow no step to pay."""
    order = _paid_order(application) or _open_order(application)
    if order is None and not _pays(workflow_of(application)):
        return None
    amount = order.amount_fen if order else fee_fen(application.type)
    if not amount:
        return None
    status = order.status if order else "unpaid"
    label = dict(STATUSES)[status] if order else _("未支付")
    return Summary(status, str(label), yuan(amount), order.order_no if order else None,
                   order.paid_at if order else None, payable(application))
