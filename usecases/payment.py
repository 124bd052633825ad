"""Paying an application's fee (毕业审定费), or a registration's course fees 报考费, through a payment gateway,
and the gateway's callback.

The fee is the application type's `BusinessType.fee`; an application can be paid while its workflow lets the
system fire "pay" in its current state. Only a callback whose signature the gateway verifies pays an order, with
one conditional update (created -> paid), and then fires "pay" as the system: a repeated or concurrent callback
pays once and fires once. Nothing here refunds: the fee is not refundable (seed 000 §10.9, seed 004 §五).

"Payment confirmed, so fire pay" is `settle`, the one place that does it.
"""
import datetime
import logging
from dataclasses import dataclass

from flask_babel import gettext as _
from mongoengine.errors import NotUniqueError

from app import roles
from app.models import Application, BusinessType, Registration
from app.models.application import EXPIRER, PAYER
from app.models.payment import CLOSED, CREATED, PAID, STATUSES, PaymentOrder, yuan
from app.services import payment as payments
from app.services import registrations
from app.services import working_days
from app.services.payment import NotPayable
from app.wording import stored
from workflows.engine import Actor, AlreadyHandled, GuardRefused, fire, workflow_definitions, workflow_of

log = logging.getLogger(__name__)

PAY = "pay"
# The system's step that cancels an application left unpaid past its type's limit (taken as EXPIRER).
EXPIRE = "expire"


def _order_name(sitting, courses):
    """A registration order's name, kept on it: in Chinese, whoever pays."""
    with stored():
        return _("%(sitting)s考次报考费（%(count)d门）", sitting=sitting.title, count=len(courses))


def _pays(workflow):
    """Whether the workflow has a step the system pays."""
    return any(t.event == PAY and roles.SYSTEM in t.by for t in workflow.transitions)


def payable(application):
    """Whether the application's type has a fee and its workflow lets the system fire "pay" now."""
    return (workflow_of(application).find(PAY, application.state, {roles.SYSTEM}) is not None
            and payments.fee_fen(application.type) > 0)


def order_for(application, now=None):
    """The order the candidate pays: the application's paid one (a callback already came), its open one, or a
    new one for the type's fee. An open order of another amount (the fee has changed since) is closed first.

    NotPayable when the application cannot be paid now.
    """
    paid = payments.paid_order(application)
    if paid is not None:
        settle(paid)
        return paid
    if not payable(application):
        raise NotPayable(_("该申请当前无需支付或不能支付。"))
    amount = payments.fee_fen(application.type)
    current = payments.open_order(application)
    if current is not None and current.amount_fen == amount:
        return current
    if current is not None and not PaymentOrder.objects(pk=current.pk, status=CREATED).update_one(
            set__status=CLOSED, unset__open_for=True):
        return order_for(application, now)  # it was paid a moment ago
    now = now or datetime.datetime.now()
    order = PaymentOrder(order_no=payments.new_order_no(now), application=application, candidate=application.candidate,
                         district=application.district, major=application.major,
                         candidate_name=application.candidate_name, exam_number=application.exam_number,
                         subject=payments.subject(application), amount_fen=amount, open_for=application.pk,
                         gateway=payments.gateway().name, created_at=now)
    try:
        order.save()
    except NotUniqueError:  # another request opened one a moment ago (or took this order number): start again
        return order_for(application, now)
    return order


def _stale():
    return NotPayable(_("报考信息已修改，您支付的是旧版本的报考信息。请按最新的报考信息缴费。"))


def registration_order(registration, version, now=None):
    """The order paying the registration's unpaid courses as of `version`, the version the candidate saw: its open
    order for them, or a new one (an open order for other courses or another amount is closed first).

    NotPayable when that is no longer the latest version, the window has closed, the district has not approved
    it, or nothing is due.
    """
    now = now or datetime.datetime.now()
    registration.reload()
    sitting = registration.sitting
    if str(version) != str(registration.version):
        raise _stale()
    if (reason := registrations.closed_reason(sitting, now)) is not None:
        raise NotPayable(reason)
    if registration.review in ("pending", "rejected"):
        raise NotPayable(_("报考信息须经考区审核通过后方可缴费。"))
    unpaid = registration.unpaid
    if not unpaid:
        raise NotPayable(_("报考课程均已缴费，无需再缴费。"))
    amount = registrations.fee_fen(sitting) * len(unpaid)
    if not amount:
        raise NotPayable(_("本考次报考不收费，无需缴费。"))
    current = PaymentOrder.objects(open_for=registration.pk).first()
    if current is None or current.amount_fen != amount or current.courses != unpaid:
        if current is not None and not PaymentOrder.objects(pk=current.pk, status=CREATED).update_one(
                set__status=CLOSED, unset__open_for=True):
            return registration_order(registration, version, now)  # it was paid a moment ago
        current = PaymentOrder(order_no=payments.new_order_no(now), registration=registration,
                               registration_version=registration.version, courses=unpaid,
                               candidate=registration.candidate, district=registration.district,
                               major=registration.major, candidate_name=registration.candidate_name,
                               exam_number=registration.exam_number,
                               subject=_order_name(sitting, unpaid),
                               amount_fen=amount, open_for=registration.pk, gateway=payments.gateway().name,
                               created_at=now)
        try:
            current.save()
        except NotUniqueError:
            return registration_order(registration, version, now)
    if not Registration.objects(pk=registration.pk, version=registration.version).count():
        # changed while the order was made: the change closed the orders it saw, this one is closed here
        PaymentOrder.objects(pk=current.pk, status=CREATED).update_one(set__status=CLOSED, unset__open_for=True)
        raise _stale()
    return current


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
    notice = payments.gateway().verify(params)
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
    two, the next callback (or the candidate's next try to pay) finishes it. A registration's order records its
    courses as paid."""
    if order._data.get("registration") is not None:
        registrations.take_payment(order)
        return
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
    why: str | None = None  # unpaid and not payable now: why, in a sentence for the candidate
    ended: bool = False  # the application's handling is over: nothing is to be paid any more


def summary(application):
    """The application's fee and the state of its payment; None when nothing was ordered and its type has no fee
    or its workflow no step to pay."""
    order = payments.paid_order(application) or payments.open_order(application)
    if order is None and not _pays(workflow_of(application)):
        return None
    amount = order.amount_fen if order else payments.fee_fen(application.type)
    if not amount:
        return None
    status = order.status if order else "unpaid"
    label = dict(STATUSES)[status] if order else _("未支付")
    workflow, can_pay = workflow_of(application), payable(application)
    ended = application.state in workflow.final
    why = None
    if status != PAID and not can_pay:
        why = (_("该申请“%(state)s”，办理已结束，无需也不能再支付。", state=workflow.state_label(application.state))
               if ended else _("审核通过后方可支付，请及时关注审核进度。"))
    return Summary(status, str(label), yuan(amount), order.order_no if order else None,
                   order.paid_at if order else None, can_pay, why, ended)


def expiring():
    """Whether some business type has a payment limit (else the job records nothing)."""
    return BusinessType.objects(payment_days__gte=1).limit(1).count(with_limit_and_skip=True) > 0


def expire_unpaid(report=None, now=None):
    """Cancel, as the system, every application left unpaid longer than its type's payment limit in working days
    (`BusinessType.payment_days`) since it came to wait for payment: its workflow's "expire" closes its open order
    and gives its on-site review seat back, and its message template tells the candidate. An order paid meanwhile
    stands (the step's guard: nothing paid). The number cancelled."""
    now = now or datetime.datetime.now()
    off = working_days.holidays()
    kinds = list(BusinessType.objects(payment_days__gte=1).only("key", "workflow_key", "payment_days"))
    waiting = {version: {state for t in workflow.transitions if t.event == EXPIRE and roles.SYSTEM in t.by
                         for state in t.source}
               for version, workflow in workflow_definitions.every_version()}
    cancelled = 0
    if report:
        report.start(len(kinds))
    for kind in kinds:
        states = sorted({state for (key, _v), found in waiting.items() if key == kind.workflow_key for state in found})
        earliest = now - datetime.timedelta(days=kind.payment_days)  # working days are never fewer
        for application in Application.objects(type=kind.key, state__in=states, submitted_at__lt=earliest):
            if application.state not in waiting.get((application.workflow_key, application.workflow_version), ()):
                continue
            if working_days.deadline(application.history[-1].at, kind.payment_days, off) > now:
                continue
            try:
                fire(application, EXPIRE, Actor.system(EXPIRER), now=now)
            except (GuardRefused, AlreadyHandled):  # paid, or moved on, meanwhile: it stands
                continue
            cancelled += 1
        if report:
            report.advance()
    if cancelled:
        log.info("%d unpaid applications cancelled past their payment limit", cancelled)
    return cancelled
