"""What every page promises: the user's language, the demo banner, CSRF, and no stack traces."""
import pytest

from tests.fixtures import text


def test_pages_are_chinese_first_and_english_on_request(client):
    assert "考生登录" in text(client.get("/account/login"))

    client.get("/language/en", headers={"Referer": "http://localhost/account/login"})

    page = text(client.get("/account/login"))
    assert "考生登录" not in page
    assert "Exam number or ID card number" in page


def test_demo_banner_is_on_candidate_and_staff_pages(client):
    for url in ("/", "/account/login", "/admin/"):
        assert "演示模式：数据仅保存在内存中，服务停止后全部丢失。" in text(client.get(url))


def test_unknown_page_answers_in_chinese(client):
    response = client.get("/no/such/page")

    assert response.status_code == 404
    assert "您访问的页面不存在，或您无权查看。" in text(response)


def test_a_crash_shows_a_plain_message_and_no_trace(app, client, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("views.candidate.account.accounts.authenticate", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.post("/account/login", data={"login": "080105408130", "password": "x"})

    assert response.status_code == 500
    assert "系统繁忙，请稍后重试。您填写的内容未被保存。" in text(response)
    assert "secret internals" not in response.get_data(True) and "Traceback" not in response.get_data(True)


@pytest.mark.parametrize("url, data", [
    ("/account/login", {"login": "080105408130", "password": "demo2024"}),
    ("/account/register", {"id_number": "x"}),
    ("/account/logout", {}),
])
def test_a_form_posted_without_its_csrf_token_is_refused(app, client, world, monkeypatch, url, data):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    response = client.post(url, data=data)

    assert response.status_code == 400
    assert "页面已过期或来源不明，请刷新页面后重新提交。" in text(response)


def test_staff_login_is_rate_limited_by_fab_on_the_shared_limiter(app):
    from app.extensions import limiter

    assert app.appbuilder.sm.limiter is limiter


def test_the_served_configuration_rate_limits_staff_and_candidate_logins():
    import config

    served = config.Config
    assert served.RATELIMIT_ENABLED and served.AUTH_RATE_LIMITED
    assert served.CANDIDATE_LOGIN_RATE_LIMIT and served.AUTH_RATE_LIMIT


def test_staff_login_answers_429_after_too_many_attempts(app, world):
    client = app.test_client()
    statuses = [client.post("/login/", data={"username": "admin", "password": "wrong"}).status_code
                for _ in range(11)]
    blocked = client.post("/login/", data={"username": "admin", "password": "demo2024"})

    assert statuses[:10] == [302] * 10 and statuses[10] == 429
    assert blocked.status_code == 429 and "操作过于频繁，请稍后再试。" in text(blocked)


def test_a_request_over_the_size_limit_gets_a_plain_message(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)

    response = client.post("/account/login", data={"login": "x" * 4096, "password": "y"})

    assert response.status_code == 413
    assert "上传的内容过大，请压缩图片或分次上传。" in text(response)
