"""The graphic captcha 图形验证码: an image a person reads, answered once, in any case, while it is fresh."""
import io

import pytest
from PIL import Image

import config
from app.services import captcha
from tests.accounts.conftest import CAPTCHA, solve
from tests.conftest import errors, text

random_text = captcha.random_text  # the real one, before any test replaces it
DEMO_EXAM_NUMBER = "080105408130"  # 张明
DEMO_PASSWORD = "demo2024"


pytestmark = pytest.mark.usefixtures("world")


def login(client, captcha_answer, login=DEMO_EXAM_NUMBER, password=DEMO_PASSWORD):
    return client.post("/account/login", data={"login": login, "password": password, "captcha": captcha_answer})



def test_the_image_is_a_fresh_png_every_time(client):
    response = client.get("/captcha.png")

    assert response.mimetype == "image/png"
    assert "no-store" in response.headers["Cache-Control"]
    image = Image.open(io.BytesIO(response.data))
    assert image.size == (captcha.WIDTH, captcha.HEIGHT)


def test_codes_avoid_characters_read_two_ways():
    codes = {random_text() for _ in range(300)}

    assert all(len(code) == 4 for code in codes)
    assert not set("".join(codes)) & set("0O1IL")
    assert len(codes) > 250  # random, not a fixed few


@pytest.mark.parametrize("answer", [CAPTCHA, CAPTCHA.lower(), f" {CAPTCHA.lower()} "])
def test_right_answer_in_any_case_signs_in(client, answer):
    solve(client)

    assert login(client, answer).headers["Location"] == "/home"


@pytest.mark.parametrize(("answer", "message"), [
    ("", "请输入图形验证码。"),
    ("K7WQ", "图形验证码不正确，请重新输入。"),
    ("K7W", "图形验证码不正确，请重新输入。"),
])
def test_wrong_answer_is_refused_even_with_the_right_password(client, answer, message):
    solve(client)

    response = login(client, answer)

    assert errors(response) == [message]
    assert client.get("/home").status_code == 302


def test_a_form_posted_without_loading_the_image_is_refused(client):
    assert errors(login(client, CAPTCHA)) == ["图形验证码已失效，请点击图片换一张。"]


def test_a_wrong_answer_uses_the_image_up(client):
    solve(client)
    login(client, "XXXX")

    response = login(client, CAPTCHA)

    assert errors(response) == ["图形验证码已失效，请点击图片换一张。"]
    assert client.get("/home").status_code == 302


def test_a_right_answer_is_not_accepted_twice(client):
    solve(client)
    assert login(client, CAPTCHA).status_code == 302
    client.post("/account/logout")

    assert errors(login(client, CAPTCHA)) == ["图形验证码已失效，请点击图片换一张。"]


def test_only_the_latest_image_counts(client, monkeypatch):
    solve(client)
    monkeypatch.setattr(captcha, "random_text", lambda: "ABCD")
    client.get("/captcha.png")

    assert errors(login(client, CAPTCHA)) == ["图形验证码不正确，请重新输入。"]


def test_an_old_image_has_expired(app, client):
    solve(client)
    with client.session_transaction() as session:
        issued = session["captcha"]
        issued["issued"] -= app.config["CAPTCHA_TTL_SECONDS"] + 1
        session["captcha"] = issued

    assert errors(login(client, CAPTCHA)) == ["图形验证码已过期，请点击图片换一张。"]


def test_the_session_cookie_never_holds_the_answer(client):
    solve(client)

    with client.session_transaction() as session:
        kept = repr(dict(session))
    assert CAPTCHA not in kept.upper()


def test_pages_with_a_captcha_show_the_image(client):
    for url in ("/account/login", "/account/register", "/account/recover/exam-number", "/account/recover/password"):
        page = client.get(url).get_data(as_text=True)
        assert 'src="/captcha.png"' in page and "图形验证码" in text(client.get(url)), url


def test_the_served_configuration_checks_captchas():
    assert config.Config.CAPTCHA_ENABLED is True



def test_a_replayed_session_cannot_answer_the_same_captcha_twice(app, monkeypatch):
    monkeypatch.setattr(captcha, "random_text", lambda: "K7PX")
    monkeypatch.setitem(app.config, "CAPTCHA_ENABLED", True)
    with app.test_request_context():
        _png, record = captcha.issue()
        captcha.check(dict(record), "k7px")  # the first answer is right, and spends the captcha

        # A saved copy of the cookie carries the same record: right answer, but already spent.
        with pytest.raises(captcha.CaptchaError, match="图形验证码已失效"):
            captcha.check(dict(record), "K7PX")
