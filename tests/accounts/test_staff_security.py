"""Staff sign-in: limited per account and per address, every attempt recorded; no JSON login beside the page."""
import pytest

from app.models import StaffLogin
from app.services import demo
from tests.fixtures import staff_client, text

pytestmark = pytest.mark.usefixtures("world")
TOO_MANY = "该账号登录失败次数过多，请于{}后再试。"


def sign_in(client, username, password=demo.DEMO_PASSWORD, address="127.0.0.1"):
    """Post the staff sign-in form; the page it lands on."""
    return client.post("/login/", data={"username": username, "password": password}, follow_redirects=True,
                       environ_base={"REMOTE_ADDR": address})


def signed_in(client):
    return client.get("/candidateview/list/").status_code == 200


@pytest.fixture
def account_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "STAFF_ACCOUNT_LOGIN_LIMIT", "3 per 15 minutes")


@pytest.mark.parametrize("url", ["/api/v1/security/login", "/api/v1/security/refresh"])
def test_there_is_no_json_login(client, url):
    response = client.post(url, json={"username": "admin", "password": demo.DEMO_PASSWORD, "provider": "db"})

    assert response.status_code == 404


def test_there_is_no_json_api_over_users_and_roles(client):
    assert client.get("/api/v1/security/roles/").status_code == 404
    assert client.get("/api/v1/security/users/").status_code == 404


def test_failures_from_any_addresses_stop_the_account_even_with_the_right_password(app, account_limit, clock):
    for number in range(3):
        sign_in(app.test_client(), "heping", "wrong2024", address=f"10.0.3.{number + 1}")
    client = app.test_client()

    page = text(sign_in(client, "heping", address="10.0.3.9"))

    assert TOO_MANY.format("10:15") in page and not signed_in(client)
    assert signed_in(staff_client(app, "xiaodian"))  # other accounts are not held up
    clock.advance(minutes=15)
    sign_in(client, "heping")
    assert signed_in(client)


def test_the_account_limit_counts_failures_since_the_latest_success(app, account_limit):
    client = app.test_client()
    for _ in range(2):
        sign_in(client, "heping", "wrong2024")
    sign_in(client, "heping")
    client.get("/logout/")
    for _ in range(2):
        sign_in(client, "heping", "wrong2024")

    sign_in(client, "heping")

    assert signed_in(client)


def test_the_user_name_and_its_email_are_one_account(app, account_limit):
    for login in ("heping", "HePing", "heping@demo.zikao.local"):
        sign_in(app.test_client(), login, "wrong2024")

    assert TOO_MANY.format("10:15") in text(sign_in(app.test_client(), "heping"))


def test_the_default_account_limit_is_five_failures_in_fifteen_minutes(app):
    assert app.config["STAFF_ACCOUNT_LOGIN_LIMIT"] == "5 per 15 minutes"
    for _ in range(5):
        sign_in(app.test_client(), "heping", "wrong2024")

    assert TOO_MANY.format("10:15") in text(sign_in(app.test_client(), "heping"))


def test_one_address_past_its_limit_gets_429_in_chinese(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "AUTH_RATE_LIMIT", "2 per minute")
    sign_in(client, "heping", "wrong2024")
    sign_in(client, "heping", "wrong2024")

    response = client.post("/login/", data={"username": "heping", "password": demo.DEMO_PASSWORD})

    assert response.status_code == 429 and "操作过于频繁，请稍后再试。" in text(response)


def test_every_attempt_is_recorded_with_time_name_address_and_outcome(app, account_limit, monkeypatch, clock):
    sign_in(app.test_client(), "heping", address="10.0.4.1")
    sign_in(app.test_client(), "nobody", "wrong2024", address="10.0.4.2")
    for _ in range(3):
        sign_in(app.test_client(), "xiaodian", "wrong2024", address="10.0.4.3")
    sign_in(app.test_client(), "xiaodian", address="10.0.4.4")
    monkeypatch.setitem(app.config, "AUTH_RATE_LIMIT", "1 per minute")
    client = app.test_client()
    sign_in(client, "province", address="10.0.4.5")
    client.post("/login/", data={"username": "province", "password": "x"}, environ_base={"REMOTE_ADDR": "10.0.4.5"})

    recorded = [(e.at, e.username, e.address, e.outcome) for e in StaffLogin.objects.order_by("id")]
    assert [row[1:] for row in recorded] == [
        ("heping", "10.0.4.1", "success"), ("nobody", "10.0.4.2", "failure")] + [
        ("xiaodian", "10.0.4.3", "failure")] * 3 + [
        ("xiaodian", "10.0.4.4", "account_limited"), ("province", "10.0.4.5", "success"),
        ("province", "10.0.4.5", "address_limited")]
    assert {row[0] for row in recorded} == {clock.at}


def test_administrators_read_the_sign_ins_in_chinese(app, admin_client):
    sign_in(app.test_client(), "heping", "wrong2024", address="10.0.5.1")

    page = text(admin_client.get("/staffloginview/list/"))

    assert "员工登录记录" in page
    assert "heping" in page and "10.0.5.1" in page and "用户名或密码错误" in page
    assert "登录成功" in page  # the administrator's own sign-in
    assert "员工登录记录" not in text(staff_client(app, "heping").get("/staffloginview/list/",
                                                                     follow_redirects=True))
