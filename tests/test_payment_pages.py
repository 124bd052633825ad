"""Paying the graduation fee through the pages: the payment page, the sandbox cashier, the gateway's notification,
the return page, and the reviewers' read-only list of orders."""
import urllib.parse

import pytest

from app.models import Application, BusinessType
from app.models.payment import PaymentOrder
from usecases import payment
from tests.fixtures import candidate_client, staff_client, text
from tests.services.test_payment import ZHANG, ZHAO, application_of, callback, graduation_type

NO_REFUND = "支付完成后不支持退款！未支付的申请不会进行审核！"

# No app_ctx here: a context pushed around client requests makes them share one `g` (see test_candidate_accounts).


@pytest.fixture
def awaiting(app, world):
    """张明's graduation, waiting for its 300.00 元 fee."""
    with app.test_request_context():
        graduation_type()
        return application_of(ZHANG)


@pytest.fixture
def browser(app, awaiting):
    return candidate_client(app, ZHANG)


@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def order_of(application):
    return PaymentOrder.objects.get(application=application)


def checkout(browser, application):
    """去支付: the cashier URL the payment page sends the candidate to."""
    response = browser.post(f"/applications/{application.pk}/payment")
    assert response.status_code == 302
    return response.location


def test_the_payment_page_shows_the_fee_and_that_it_is_not_refunded(browser, awaiting):
    page = text(browser.get(f"/applications/{awaiting.pk}/payment"))

    assert "300.00元" in page and "未支付" in page and "去支付" in page
    assert NO_REFUND in page


def test_an_english_payment_page_is_titled_by_the_workflows_english(browser, awaiting):
    browser.get("/language/en")
    page = browser.get(f"/applications/{awaiting.pk}/payment").get_data(as_text=True)

    assert "<h1>Graduation · " in page and "毕业申请" not in page


def test_paying_in_the_sandbox_moves_the_application_on_and_the_pages_say_so(browser, awaiting):
    cashier = browser.get(checkout(browser, awaiting))
    order = order_of(awaiting)
    assert all(fact in text(cashier) for fact in (order.order_no, "毕业申请费用", "300.00元", "确认支付", "取消"))

    returned = browser.post(cashier.request.full_path)
    assert urllib.parse.urlsplit(returned.location).path == f"/payments/return/{order.order_no}"
    detail = browser.get(returned.location, follow_redirects=True)

    assert detail.request.path == f"/applications/{awaiting.pk}"
    assert f"订单支付成功！商户订单号：{order.order_no}，支付金额：300.00元。" in text(detail)
    assert awaiting.reload().state == "final_review"
    page = text(browser.get(f"/applications/{awaiting.pk}/payment"))
    assert "已支付" in page and order.order_no in page and "您本次申请支付成功！" in page and "去支付" not in page


def test_paying_again_after_paying_goes_to_the_paid_order(app, browser, awaiting):
    browser.post(checkout(browser, awaiting))

    again = browser.post(f"/applications/{awaiting.pk}/payment")

    assert again.location == f"/payments/return/{order_of(awaiting).order_no}"
    assert PaymentOrder.objects(application=awaiting).count() == 1


def test_cancelling_at_the_cashier_leaves_it_unpaid(browser, awaiting):
    cashier = checkout(browser, awaiting)
    return_url = urllib.parse.parse_qs(urllib.parse.urlsplit(cashier).query)["return_url"][0]
    assert f'href="{return_url}"' in browser.get(cashier).get_data(as_text=True)

    detail = browser.get(return_url, follow_redirects=True)

    assert "订单尚未支付。未支付的申请不会进行审核。" in text(detail)
    assert awaiting.reload().state == "awaiting_payment"


def test_the_notification_needs_no_csrf_token(app, client, awaiting, csrf_on):
    with app.test_request_context():
        order = payment.order_for(awaiting)
        notice = callback(order)

    response = client.post("/payments/notify", data=notice)

    assert (response.status_code, response.get_data(as_text=True)) == (200, "success")
    assert response.mimetype == "text/plain"
    assert awaiting.reload().state == "final_review"
    assert client.post("/payments/notify", data=notice).get_data(as_text=True) == "success"
    assert [h.event for h in awaiting.reload().history] == ["pay"]


@pytest.mark.parametrize("changes", [{"sign": "f" * 64}, {"sign": "签名"}, {"amount_fen": "1"}, {"order_no": "nope"},
                                     {}],
                         ids=["bad-signature", "non-ascii-signature", "wrong-amount", "unknown-order",
                              "not-a-notification"])
def test_a_notification_that_does_not_hold_answers_fail_and_changes_nothing(app, client, awaiting, changes):
    with app.test_request_context():
        order = payment.order_for(awaiting)
        notice = {**callback(order), **changes} if changes else {"hello": "world"}

    response = client.post("/payments/notify", data=notice)

    assert (response.status_code, response.get_data(as_text=True)) == (400, "fail")
    assert order.reload().status == "created" and awaiting.reload().state == "awaiting_payment"


def test_a_failing_notification_answers_fail_without_a_trace(app, client, awaiting, monkeypatch):
    def broken(_params):
        raise RuntimeError("store unreachable")

    monkeypatch.setattr(payment, "confirm", broken)

    response = client.post("/payments/notify", data={"order_no": "x"})

    assert (response.status_code, response.get_data(as_text=True)) == (500, "fail")


def test_the_notification_is_rate_limited(client, awaiting):
    from views.candidate.payment import NOTIFY_RATE_LIMIT

    allowed = int(NOTIFY_RATE_LIMIT.split()[0])
    answers = [client.post("/payments/notify", data={}).status_code for _ in range(allowed + 1)]

    assert answers[:allowed] == [400] * allowed and answers[-1] == 429


def test_the_candidates_own_posts_need_their_csrf_token(browser, awaiting, csrf_on):
    refused = browser.post(f"/applications/{awaiting.pk}/payment")

    assert refused.status_code == 400
    assert not PaymentOrder.objects(application=awaiting)


def test_confirming_at_the_cashier_needs_the_csrf_token(app, browser, awaiting, csrf_on):
    page = browser.get(f"/applications/{awaiting.pk}/payment").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    cashier = browser.post(f"/applications/{awaiting.pk}/payment", data={"csrf_token": token}).location

    refused = browser.post(cashier)

    assert refused.status_code == 400
    assert awaiting.reload().state == "awaiting_payment"


@pytest.mark.parametrize("state", ["district_review", "final_review"])
def test_an_application_not_awaiting_payment_is_sent_back_with_a_reason(app, world, state):
    with app.test_request_context():
        graduation_type()
        application = application_of(ZHANG, state)
    browser = candidate_client(app, ZHANG)

    response = browser.post(f"/applications/{application.pk}/payment")

    assert response.location == f"/applications/{application.pk}"
    assert not PaymentOrder.objects(application=application)


def test_before_the_pre_review_the_page_says_when_payment_opens(app, world):
    with app.test_request_context():
        graduation_type()
        application = application_of(ZHANG, "district_review")

    page = text(candidate_client(app, ZHANG).get(f"/applications/{application.pk}/payment"))

    assert "审核通过后方可支付，请及时关注审核进度。" in page and "去支付" not in page and NO_REFUND in page


def test_after_cancelling_at_the_payment_stage_the_pages_say_it_is_cancelled_and_nothing_can_be_paid(browser, awaiting):
    browser.get(f"/applications/{awaiting.pk}/payment")  # an order not yet opened: cancelling needs none closed

    cancelled = text(browser.post(f"/applications/{awaiting.pk}/withdraw", follow_redirects=True))
    page = text(browser.get(f"/applications/{awaiting.pk}/payment"))
    paying = browser.post(f"/applications/{awaiting.pk}/payment", follow_redirects=True)

    # The message and the status read the same word, the state's.
    assert "申请已取消。" in cancelled and "状态 已取消" in cancelled and "撤回" not in cancelled
    assert "该申请“已取消”，办理已结束，无需也不能再支付。" in cancelled
    assert "该申请“已取消”，办理已结束，无需也不能再支付。" in page
    assert "审核通过后方可支付" not in page and "去支付" not in page and NO_REFUND not in page
    assert "该申请当前无需支付或不能支付。" in text(paying) and not PaymentOrder.objects(application=awaiting)


def test_a_free_type_has_no_payment_page(app, world):
    with app.test_request_context():
        graduation_type(None)
        application = application_of(ZHANG)

    response = candidate_client(app, ZHANG).get(f"/applications/{application.pk}/payment")

    assert response.location == f"/applications/{application.pk}"


def test_another_candidate_finds_neither_the_application_nor_its_order(app, browser, awaiting):
    cashier = checkout(browser, awaiting)
    order = order_of(awaiting)
    other = candidate_client(app, ZHAO)

    for response in (other.get(f"/applications/{awaiting.pk}/payment"),
                     other.post(f"/applications/{awaiting.pk}/payment"),
                     other.get(cashier), other.post(cashier),
                     other.get(f"/payments/return/{order.order_no}")):
        assert response.status_code == 404
    assert order.reload().status == "created"


def test_a_cashier_link_with_another_return_address_is_not_found(browser, awaiting):
    cashier = checkout(browser, awaiting)

    forged = cashier.replace("return_url=", "return_url=https%3A%2F%2Fevil.example%2F%3Fx%3D")

    assert browser.get(forged).status_code == 404
    assert browser.post(forged).status_code == 404


def test_the_sandbox_cashier_exists_only_with_the_sandbox_backend(app, browser, awaiting, monkeypatch):
    cashier = checkout(browser, awaiting)
    monkeypatch.setitem(app.config, "PAYMENT_BACKEND", "tests.services.test_payment:OtherGateway")

    assert browser.get(cashier).status_code == 404


@pytest.fixture
def paid(app, browser, awaiting):
    browser.post(checkout(browser, awaiting))
    return order_of(awaiting)


def test_the_district_reviewer_sees_the_paid_order_and_another_district_does_not(app, paid):
    heping = staff_client(app, "heping")
    xiaodian = staff_client(app, "xiaodian")

    listed = text(heping.get("/paymentorderview/list/"))
    shown = text(heping.get(f"/paymentorderview/show/{paid.pk}"))

    assert paid.order_no in listed and "张明" in listed and "300.00" in listed and "已支付" in listed
    assert paid.gateway_trade_no in shown
    assert paid.order_no not in text(xiaodian.get("/paymentorderview/list/"))
    assert xiaodian.get(f"/paymentorderview/show/{paid.pk}").status_code == 404


@pytest.mark.parametrize("user", ["tjnu", "province", "admin"])
def test_the_order_reaches_the_majors_university_and_the_province(app, paid, user):
    assert paid.order_no in text(staff_client(app, user).get("/paymentorderview/list/"))


def test_reviewers_search_orders_by_exam_number_and_status(app, paid):
    heping = staff_client(app, "heping")

    found = text(heping.get(f"/paymentorderview/list/?_flt_0_exam_number={ZHANG}"))
    unpaid = text(heping.get("/paymentorderview/list/?_flt_0_status=created"))

    assert paid.order_no in found
    assert paid.order_no not in unpaid


@pytest.mark.parametrize("route", ["/paymentorderview/add", "/paymentorderview/edit/{pk}",
                                   "/paymentorderview/delete/{pk}"])
def test_orders_cannot_be_written_from_the_admin(app, paid, route):
    admin = staff_client(app, "admin")

    assert admin.get(route.format(pk=paid.pk)).status_code == 404


def test_the_administrator_sets_the_fee_and_a_negative_one_is_refused(app, awaiting):
    admin = staff_client(app, "admin")
    kind = BusinessType.objects.get(key="graduation")
    form = {"key": kind.key, "title": kind.title, "workflow_key": kind.workflow_key, "form_key": kind.form_key,
            "enabled": "y"}

    refused = admin.post(f"/businesstypeview/edit/{kind.pk}", data={**form, "fee": "-1"}, follow_redirects=True)
    saved = admin.post(f"/businesstypeview/edit/{kind.pk}", data={**form, "fee": "280.50"}, follow_redirects=True)

    assert "收费标准为不小于0的金额，最多两位小数；留空表示免费。" in text(refused)
    assert saved.status_code == 200
    with app.test_request_context():
        assert payment.summary(Application.objects.get(pk=awaiting.pk)).amount == "280.50"
