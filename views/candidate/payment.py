"""Paying an application's fee: the payment page, the sandbox cashier, the gateway's notification, the return.

The notification is the gateway calling, not a browser: it carries no CSRF token and needs none, since only a
signature the gateway verifies can pay an order. Everything else here is the signed-in candidate's own.
"""
import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.extensions import csrf, limiter
from app.inputs import takes_any_body
from app.models.payment import CLOSED, CREATED, PAID, PaymentOrder
from app.services import payment as gateways
from usecases import payment as payments
from workflows.engine import WorkflowError, workflow_of

from .blueprint import bp
from .applications import own_application
from .session import candidate_required, current_candidate

log = logging.getLogger(__name__)

# Per gateway address: generous, since one gateway sends every candidate's notifications.
NOTIFY_RATE_LIMIT = "300 per minute"


def _own_order(order_no):
    """The signed-in candidate's order, or 404."""
    return PaymentOrder.objects(order_no=order_no, candidate=current_candidate()).first() or abort(404)


def _detail(application_id):
    return redirect(url_for("candidate.application_detail", application_id=application_id))


@bp.route("/applications/<application_id>/payment", methods=["GET", "POST"])
@candidate_required
def payment(application_id):
    """The fee, the no-refund notice and the order's state; POST opens (or reuses) the order and goes to pay."""
    application = own_application(application_id)
    if request.method == "POST":
        try:
            order = payments.order_for(application)
        except (WorkflowError, gateways.NotPayable) as refused:
            flash(str(refused), "danger")
            return _detail(application.pk)
        if order.status == PAID:
            return redirect(url_for("candidate.payment_return", order_no=order.order_no))
        return_url = url_for("candidate.payment_return", order_no=order.order_no, _external=True)
        return redirect(gateways.gateway().checkout_url(order, return_url))
    fee = payments.summary(application)
    if fee is None:
        flash(_("该申请无需缴费。"), "info")
        return _detail(application.pk)
    return render_template("candidate/payment/index.html", application=application, fee=fee,
                           workflow=workflow_of(application))


@bp.route("/payments/sandbox/<order_no>", methods=["GET", "POST"])
@candidate_required
def sandbox_cashier(order_no):
    """The sandbox gateway's cashier: 确认支付 posts the signed notification a gateway would, then returns."""
    if not gateways.sandbox():
        abort(404)
    order = _own_order(order_no)
    gateway = gateways.gateway()
    checkout = {"order_no": order.order_no, "return_url": request.args.get("return_url", ""),
                "sign": request.args.get("sign", "")}
    if not gateway.valid(checkout):
        abort(404)
    if request.method == "POST":
        if order.status == CREATED:
            payments.confirm(gateway.notification(order))
        return redirect(checkout["return_url"])
    return render_template("candidate/payment/sandbox.html", order=order, return_url=checkout["return_url"])


@bp.route("/payments/notify", methods=["POST"])
@takes_any_body
@csrf.exempt
@limiter.limit(NOTIFY_RATE_LIMIT)
def payment_notify():
    """The gateway's notification: "success" once it is handled (even again), "fail" so it is sent again."""
    try:
        result = payments.confirm(request.form.to_dict())
    except Exception:  # noqa: BLE001 - the gateway gets "fail" and retries; the log gets the cause
        log.exception("Payment notification for order %s failed", request.form.get("order_no"))
        return _answer("fail", 500)
    return _answer("success", 200) if result.accepted else _answer("fail", 400)


def _answer(word, status):
    return word, status, {"Content-Type": "text/plain; charset=utf-8"}


@bp.route("/payments/return/<order_no>")
@candidate_required
def payment_return(order_no):
    """Where the gateway sends the candidate back: say how the order stands, then show the application."""
    order = _own_order(order_no)
    if order.status == PAID:
        flash(_("订单支付成功！商户订单号：%(order_no)s，支付金额：%(amount)s元。", order_no=order.order_no,
                amount=order.amount), "success")
    elif order.status == CLOSED:
        flash(_("该订单已关闭，请重新发起支付。"), "info")
    else:
        flash(_("订单尚未支付。未支付的申请不会进行审核。") if order.application else _("订单尚未支付，缴费后方为报考成功。"),
              "info")
    if order._data.get("registration") is not None:
        return redirect(url_for("candidate.registration"))
    return _detail(order.application.pk)
