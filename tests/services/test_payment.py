"""The graduation fee 毕业审定费: orders, the sandbox gateway's signed callback, and the "pay" it fires once."""
import datetime
from decimal import Decimal

import pytest

from app import roles
from app.models import Application, BusinessType, Candidate
from app.models.payment import PaymentOrder
from app.scope import Scope
from app.services import payment as gateways
from usecases import payment
from app.services.graduation_audit import ELIGIBLE, AuditResult
from forms.builder import form_definitions
from tests.test_demo_store import race
from application_types.graduation.workflow import GRADUATION
from workflows.engine import Actor, TransitionNotAllowed, fire, workflow_definitions
from workflows.spec import Transition as T
from workflows.spec import Workflow

ZHANG, ZHAO = "080105408130", "011422045126"  # 张明 of 和平区, 赵强 of 小店区
# The plan audit a graduation carries from its submission; paying locks the scores it used (none here).
AUDIT = AuditResult(verdict=ELIGIBLE, major_code="030101K", major_name="法学", modules=(), total_credits=0,
                    total_min_credits=0, reasons=(), score_rows=(), used_score_ids=()).to_data()


def graduation_type(fee="300.00"):
    """The graduation type, charging `fee` 元 (None: free).

    Until the shipped types list graduation (and its form can be stored), the workflow is stored here and the type
    made with another form, which no payment reads; once it ships, the shipped type is the one used.
    """
    workflow_definitions.ensure_shipped((GRADUATION,))
    kind = BusinessType.objects(key="graduation").first() or BusinessType(
        key="graduation", title="毕业申请", workflow_key="graduation", form_key="exemption")
    kind.fee = Decimal(fee) if fee is not None else None
    return kind.save()


def application_of(exam_number, state="awaiting_payment", type_key="graduation"):
    """An application of `type_key` in `state`, pinned to the latest definitions, as the workflow leaves it."""
    candidate = Candidate.objects.get(exam_number=exam_number)
    kind = BusinessType.objects.get(key=type_key)
    return Application(type=kind.key, candidate=candidate, district=candidate.district, major=candidate.major,
                       candidate_name=candidate.name, exam_number=candidate.exam_number,
                       id_number=candidate.id_number, workflow_key=kind.workflow_key,
                       workflow_version=workflow_definitions.latest(kind.workflow_key)[0], form_key=kind.form_key,
                       form_version=form_definitions.latest(kind.form_key)[0], state=state,
                       findings={"audit": AUDIT} if kind.workflow_key == "graduation" else {},
                       submitted_at=datetime.datetime.now()).save()


def callback(order, **changes):
    """The sandbox's signed notification for `order`, with `changes` made before signing."""
    gateway = gateways.SandboxGateway()
    params = {key: value for key, value in gateway.notification(order).items() if key != "sign"}
    return gateway.signed({**params, **changes})


@pytest.fixture
def graduation(app_ctx, world):
    return graduation_type()


@pytest.fixture
def awaiting(graduation):
    """张明's graduation, pre-reviewed by 和平区: waiting for the fee."""
    return application_of(ZHANG)


@pytest.fixture
def order(awaiting):
    return payment.order_for(awaiting)


def test_an_order_is_for_the_types_fee_and_the_candidate(order, awaiting):
    assert (order.amount_fen, order.amount, order.subject) == (30000, "300.00", "毕业申请费用")
    assert (order.candidate_name, order.exam_number, order.district) == ("张明", ZHANG, awaiting.district)
    assert order.status == "created" and order.gateway == "sandbox"
    assert len(order.order_no) == 30 and order.order_no[:8] == datetime.date.today().strftime("%Y%m%d")


def test_a_verified_callback_pays_and_moves_the_application_to_final_review(order, awaiting):
    result = payment.confirm(callback(order, trade_no="SANDBOX1"))

    assert (result.outcome, result.accepted) == ("paid", True)
    order.reload()
    assert (order.status, order.gateway_trade_no, order.notifications) == ("paid", "SANDBOX1", 1)
    assert order.paid_at is not None
    awaiting.reload()
    assert awaiting.state == "final_review"
    assert [(h.event, h.actor_kind, h.actor_name) for h in awaiting.history] == [("pay", "system", "支付平台")]


def test_the_same_callback_again_pays_once_and_fires_nothing(order, awaiting):
    notice = callback(order)
    payment.confirm(notice)
    version = awaiting.reload().version

    again = payment.confirm(notice)

    assert (again.outcome, again.accepted) == ("already_paid", True)
    assert awaiting.reload().version == version
    assert [h.event for h in awaiting.history] == ["pay"]
    assert order.reload().notifications == 2


def test_concurrent_callbacks_pay_once(app, order, awaiting):
    notice = callback(order)

    def deliver(_worker):
        with app.test_request_context():
            return payment.confirm(notice).outcome

    outcomes = race(8, deliver)

    assert sorted(outcomes) == ["already_paid"] * 7 + ["paid"]
    assert [h.event for h in awaiting.reload().history] == ["pay"]
    assert order.reload().notifications == 8


@pytest.mark.parametrize("tamper, reason", [
    pytest.param(lambda order: {**callback(order), "sign": "0" * 64}, "bad signature", id="bad-signature"),
    pytest.param(lambda order: {**callback(order), "amount_fen": "1"}, "bad signature",
                 id="amount-changed-after-signing"),
    pytest.param(lambda order: gateways.SandboxGateway("another-secret").notification(order), "bad signature",
                 id="other-secret"),
    pytest.param(lambda order: {k: v for k, v in callback(order).items() if k != "trade_no"}, "missing fields",
                 id="missing-field"),
    pytest.param(lambda order: callback(order, amount_fen="abc"), "missing fields", id="amount-not-a-number"),
    pytest.param(lambda order: callback(order, amount_fen="100"), "amount 100 instead of 30000", id="wrong-amount"),
    pytest.param(lambda order: callback(order, order_no="20240101000000" + "9" * 16), "unknown order",
                 id="unknown-order"),
])
def test_a_callback_that_does_not_hold_is_refused_and_changes_nothing(order, awaiting, tamper, reason):
    result = payment.confirm(tamper(order))

    assert (result.outcome, result.accepted) == ("refused", False)
    assert reason in result.reason
    assert (order.reload().status, order.notifications) == ("created", 0)
    assert awaiting.reload().state == "awaiting_payment" and not awaiting.history


def test_a_trade_the_gateway_says_did_not_succeed_pays_nothing(order, awaiting):
    result = payment.confirm(callback(order, status="CLOSED"))

    assert (result.outcome, result.accepted) == ("not_paid", True)
    assert order.reload().status == "created"
    assert awaiting.reload().state == "awaiting_payment"


def test_a_paid_order_whose_application_still_waits_is_settled_by_the_next_callback(order, awaiting, monkeypatch):
    def crash(*_args, **_kwargs):
        raise RuntimeError("the process died between paying the order and firing")

    notice = callback(order)
    with monkeypatch.context() as patched:
        patched.setattr(payment, "fire", crash)
        with pytest.raises(RuntimeError):
            payment.confirm(notice)
    assert (order.reload().status, awaiting.reload().state) == ("paid", "awaiting_payment")

    result = payment.confirm(notice)

    assert result.outcome == "already_paid"
    assert awaiting.reload().state == "final_review"
    assert [h.event for h in awaiting.history] == ["pay"]


def test_the_open_order_is_reused(order, awaiting):
    assert payment.order_for(awaiting).order_no == order.order_no
    assert PaymentOrder.objects(application=awaiting).count() == 1


def test_two_requests_at_once_open_one_order(app, awaiting):
    def open_order(_worker):
        with app.test_request_context():
            return payment.order_for(Application.objects.get(pk=awaiting.pk)).order_no

    assert len(set(race(6, open_order))) == 1
    assert PaymentOrder.objects(application=awaiting).count() == 1


def test_a_changed_fee_closes_the_open_order_and_a_payment_to_it_is_refused(order, awaiting):
    graduation_type("260.00")

    current = payment.order_for(awaiting)
    late = payment.confirm(callback(order))

    assert (order.reload().status, current.amount_fen) == ("closed", 26000)
    assert late.outcome == "refused" and awaiting.reload().state == "awaiting_payment"
    assert payment.confirm(callback(current)).outcome == "paid"


def test_once_paid_the_paid_order_is_what_the_candidate_gets(order, awaiting):
    payment.confirm(callback(order))

    assert payment.order_for(awaiting.reload()).order_no == order.order_no


@pytest.mark.parametrize("state", ["draft", "district_review", "rejected", "final_review", "cancelled"])
def test_an_application_not_awaiting_payment_cannot_get_an_order(graduation, state):
    application = application_of(ZHANG, state)

    assert not payment.payable(application)
    with pytest.raises(payment.NotPayable, match="该申请当前无需支付或不能支付。"):
        payment.order_for(application)
    assert not PaymentOrder.objects(application=application)


@pytest.mark.parametrize("fee", [None, "0.00"])
def test_a_type_without_a_fee_has_nothing_to_pay(app_ctx, world, fee):
    graduation_type(fee)
    application = application_of(ZHANG)

    assert not payment.payable(application)
    assert payment.summary(application) is None
    with pytest.raises(payment.NotPayable):
        payment.order_for(application)


def test_a_fee_on_a_type_whose_workflow_has_no_payment_step_asks_for_nothing(graduation):
    BusinessType.objects(key="exemption").update_one(set__fee=Decimal("10.00"))
    application = application_of(ZHANG, "district_review", type_key="exemption")

    assert not payment.payable(application)
    assert payment.summary(application) is None


def test_any_type_whose_workflow_lets_the_system_pay_is_paid_the_same_way(app_ctx, world):
    workflow_definitions.ensure_shipped((Workflow(
        key="certificate_copy", title="补办证明", initial="draft",
        states={"draft": "草稿", "awaiting_payment": "待支付", "issued": "已办理"}, final={"issued"},
        transitions=[T("submit", "draft", "awaiting_payment", by="candidate", publish=True),
                     T("pay", "awaiting_payment", "issued", by="system")]),))
    graduation_type()
    BusinessType(key="certificate_copy", title="补办证明", workflow_key="certificate_copy", form_key="exemption",
                 fee=Decimal("20.50")).save()
    application = application_of(ZHAO, type_key="certificate_copy")

    order = payment.order_for(application)
    payment.confirm(callback(order))

    assert (order.amount_fen, order.subject) == (2050, "补办证明费用")
    assert application.reload().state == "issued"


def test_summary_says_unpaid_then_paid(order, awaiting):
    before = payment.summary(awaiting)
    payment.confirm(callback(order))
    after = payment.summary(awaiting.reload())

    assert (before.label, before.amount, before.order_no, before.payable) == ("待支付", "300.00", order.order_no, True)
    assert (after.status, after.label, after.order_no, after.payable) == ("paid", "已支付", order.order_no, False)
    assert after.paid_at is not None


def test_summary_before_any_order_says_unpaid(awaiting):
    fee = payment.summary(awaiting)

    assert (fee.status, fee.label, fee.amount, fee.order_no) == ("unpaid", "未支付", "300.00", None)


def test_a_district_reviewer_cannot_approve_an_unpaid_application(awaiting):
    reviewer = Actor("staff", "heping", "和平区审核员", frozenset({roles.DISTRICT_REVIEWER}),
                     Scope(roles.SCOPE_DISTRICT, "120101"))

    with pytest.raises(TransitionNotAllowed):
        fire(awaiting, "approve", reviewer)
    assert awaiting.reload().state == "awaiting_payment"


def test_the_candidate_cannot_declare_it_paid(awaiting):
    with pytest.raises(TransitionNotAllowed):
        fire(awaiting, "pay", Actor.for_candidate(awaiting.candidate))


def test_the_signature_covers_every_field_in_any_order(app_ctx):
    gateway = gateways.SandboxGateway()
    params = {"order_no": "1", "trade_no": "T", "amount_fen": "100", "status": "SUCCESS"}

    assert gateway.sign(dict(reversed(params.items()))) == gateway.sign(params)
    assert gateway.verify(gateway.signed(params)) == gateways.Notice("1", "T", 100, True)
    assert gateway.verify({**gateway.signed(params), "extra": "x"}) is None


class OtherGateway(gateways.SandboxGateway):
    name = "other"


def test_the_backend_is_configuration(app, app_ctx, monkeypatch):
    monkeypatch.setitem(app.config, "PAYMENT_BACKEND", "tests.services.test_payment:OtherGateway")

    assert gateways.gateway().name == "other" and not gateways.sandbox()
