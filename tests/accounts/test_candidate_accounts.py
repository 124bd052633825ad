"""Candidates register, sign in and out through the pages, and their session stays theirs."""
import datetime
import re

import pytest

from app.models import Candidate, SmsCode
from app.services import demo
from app.services.idcard import with_check_digit
from tests.accounts.conftest import get_code, solve, wrong
from tests.fixtures import errors, text

ID_NUMBER = "11010519491231002X"  # GB 11643-1999's example: a woman born 1949-12-31
DEMO_EXAM_NUMBER = "080105408130"  # 张明
POLICY = "密码长度8–32位，须同时包含字母和数字。"
BAD_LOGIN = "账号或密码不正确。"
WRONG = "a wrong SMS code"  # replaced by one that differs from the code sent


# No app_ctx here: a context pushed around client requests makes them share one `g`, and with it the
# signed-in candidate that current_candidate() caches there. The store itself needs no context.



def registration(**changes):
    data = {"id_type": "id_card", "id_number": ID_NUMBER, "name": "刘洋", "password": "secret2024",
            "password2": "secret2024", "district": "120101", "phone": "13612345678"}
    data.update(changes)
    return data


def fill_in(client, **changes):
    """The registration form as a person fills it in: the captcha read, an SMS code asked for and typed."""
    data = registration(**changes)
    code = get_code(client, "register", data["phone"]) or "000000"
    data["sms_code"] = wrong(code) if data.get("sms_code") == WRONG else data.get("sms_code", code)
    data.setdefault("captcha", solve(client))
    return client.post("/account/register", data=data)


@pytest.fixture
def register(app, world):
    """Register from a fresh browser: fill in the form and confirm the key information.

    Returns the last response (the form again when it was refused) and that browser.
    """
    def post(**changes):
        client = app.test_client()
        response = fill_in(client, **changes)
        if response.status_code == 302:
            assert response.headers["Location"] == "/account/register/confirm"
            response = client.post("/account/register/confirm")
        return response, client
    return post


def test_registration_signs_in_and_shows_the_new_exam_number(register):
    response, client = register(district="140105")
    assert response.status_code == 302 and response.headers["Location"] == "/account/registered"

    page = text(client.get("/account/registered"))
    assert "请牢记您的准考证号" in page
    exam_number = re.search(r"请牢记您的准考证号 (\d+)", page).group(1)
    assert re.fullmatch(datetime.date.today().strftime("%y") + r"0105\d{6}", exam_number)
    home = text(client.get("/home"))
    assert "刘洋" in home and exam_number in home


def test_registration_stores_what_the_id_number_says_and_a_hashed_password(register):
    register(id_number=ID_NUMBER.lower())
    candidate = Candidate.objects.get(name="刘洋")
    assert candidate.id_number == ID_NUMBER
    assert (candidate.sex, candidate.birth_date) == ("F", datetime.date(1949, 12, 31))
    assert candidate.district.code == "120101" and candidate.phone == "13612345678"
    assert candidate.password_hash != "secret2024" and "secret2024" not in candidate.password_hash
    assert candidate.check_password("secret2024")
    assert candidate.phone_verified


def test_key_information_is_shown_for_confirmation_before_anything_is_saved(app, world):
    client = app.test_client()
    response = fill_in(client)
    assert response.headers["Location"] == "/account/register/confirm"

    page = text(client.get("/account/register/confirm"))
    assert "核对关键信息" in page
    assert "刘洋" in page and ID_NUMBER in page and "和平区" in page
    assert not Candidate.objects(id_number=ID_NUMBER)
    with client.session_transaction() as session:
        kept = repr(dict(session))
    assert "secret2024" not in kept  # the password waits hashed, never as typed


def test_going_back_to_edit_keeps_what_was_typed_but_the_password(app, world):
    client = app.test_client()
    fill_in(client)

    page = client.get("/account/register").get_data(as_text=True)

    assert f'value="{ID_NUMBER}"' in page and 'value="刘洋"' in page and 'value="13612345678"' in page
    assert "secret2024" not in page
    assert not Candidate.objects(id_number=ID_NUMBER)


def test_the_edited_registration_is_the_one_created(app, world, clock):
    client = app.test_client()
    fill_in(client, name="刘阳")
    client.get("/account/register")
    clock.advance(minutes=1)
    fill_in(client)

    client.post("/account/register/confirm")

    assert [c.name for c in Candidate.objects(id_number=ID_NUMBER)] == ["刘洋"]


def test_confirming_twice_creates_one_account(app, world):
    client = app.test_client()
    fill_in(client)
    client.post("/account/register/confirm")

    response = client.post("/account/register/confirm", follow_redirects=True)

    assert "注册信息已失效，请重新填写。" in text(response)
    assert Candidate.objects(id_number=ID_NUMBER).count() == 1


def test_confirmation_refused_when_the_id_was_registered_meanwhile(app, register):
    client = app.test_client()
    fill_in(client)
    register(phone="13700000000")  # the same person, in another browser, finished first

    response = client.post("/account/register/confirm")

    assert errors(response) == ["该身份证号已注册，请直接登录；如忘记准考证号或密码，请使用找回功能。"]
    assert Candidate.objects(id_number=ID_NUMBER).count() == 1
    assert not Candidate.objects(phone="13612345678")


def test_confirmation_after_the_sms_code_expired_creates_nobody(app, world, clock):
    client = app.test_client()
    fill_in(client)
    clock.advance(minutes=5)

    response = client.post("/account/register/confirm")

    assert errors(response) == ["短信验证码已过期，请重新获取。"]
    assert not Candidate.objects(id_number=ID_NUMBER)
    assert client.get("/home").status_code == 302


@pytest.mark.parametrize(("changes", "message"), [
    ({"id_type": "other"}, "其他证件类型的考生请到考籍管理区县办理注册。"),
    ({"id_number": ""}, "请输入身份证号码。"),
    ({"name": ""}, "请输入姓名。"),
    ({"name": "   "}, "请输入姓名。"),
    ({"password": "", "password2": ""}, "请设置密码。"),
    ({"password2": ""}, "请再次输入密码。"),
    ({"phone": ""}, "请输入手机号码。"),
    ({"district": ""}, "请选择考籍管理区县。"),
    ({"id_number": "110105194912310021"}, "身份证号码校验位不正确，请核对后重新输入。"),
    ({"id_number": "11010519491231002"}, "身份证号码应为18位，前17位为数字，最后一位为数字或X。"),
    ({"id_number": with_check_digit("12010119900230123")}, "身份证号码中的出生日期不存在。"),
    ({"password2": "secret2025"}, "两次输入的密码不一致。"),
    ({"password": "secretpass", "password2": "secretpass"}, POLICY),
    ({"password": "12345678", "password2": "12345678"}, POLICY),
    ({"password": "abc1234", "password2": "abc1234"}, POLICY),
    ({"phone": "1361234567"}, "手机号码为以1开头的11位数字。"),
    ({"phone": "136123456789"}, "手机号码为以1开头的11位数字。"),
    ({"phone": "23612345678"}, "手机号码为以1开头的11位数字。"),
    ({"district": "999999"}, "不是有效的选择。"),
    ({"captcha": ""}, "请输入图形验证码。"),
    ({"captcha": "XXXX"}, "图形验证码不正确，请重新输入。"),
    ({"sms_code": ""}, "请输入短信验证码。"),
    ({"sms_code": WRONG}, "短信验证码不正确，还可尝试4次。"),
])
def test_bad_registration_shows_message_and_creates_nobody(register, changes, message):
    before = Candidate.objects.count()
    response, client = register(**changes)
    assert response.status_code == 200
    assert message in errors(response)
    assert Candidate.objects.count() == before
    assert client.get("/home").status_code == 302  # not signed in


def password_inputs(response):
    """The type of each password input on the page, by name."""
    html = response.get_data(as_text=True)
    return {re.search(r'name="(\w+)"', tag).group(1): re.search(r'type="(\w+)"', tag).group(1)
            for tag in re.findall(r"<input[^>]*>", html) if "password" in tag}


@pytest.mark.parametrize(("url", "names"), [
    ("/account/login", ["password"]),
    ("/account/register", ["password", "password2"]),
])
def test_passwords_are_typed_into_masked_fields(client, url, names):
    assert password_inputs(client.get(url)) == dict.fromkeys(names, "password")


def test_id_number_registered_twice_is_sent_to_login_or_recovery(register):
    register()
    response, _ = register(id_number=ID_NUMBER.lower(), phone="13700000000", name="别人")
    assert errors(response) == ["该身份证号已注册，请直接登录；如忘记准考证号或密码，请使用找回功能。"]
    assert Candidate.objects(id_number=ID_NUMBER).count() == 1
    assert not Candidate.objects(name="别人")


def test_phone_used_by_another_account_is_refused(register):
    register()
    response, _ = register(id_number=with_check_digit("12010119900307123"))
    assert errors(response) == ["该手机号已绑定其他账号，一个手机号只能注册一个账号。"]
    assert Candidate.objects(phone="13612345678").count() == 1


def test_two_registrations_get_different_exam_numbers(register):
    register()
    register(id_number=with_check_digit("12010119900307123"), phone="13700000000")
    numbers = {c.exam_number for c in Candidate.objects(phone__in=["13612345678", "13700000000"])}
    assert len(numbers) == 2


@pytest.fixture
def demo_candidate(world):
    return Candidate.objects.get(exam_number=DEMO_EXAM_NUMBER)


def log_in(client, login=DEMO_EXAM_NUMBER, password=demo.DEMO_PASSWORD, **request):
    """Post the login form as a person does: the captcha image read first."""
    return client.post("/account/login", data={"login": login, "password": password, "captcha": solve(client)},
                       **request)


def candidate_client(app, login=DEMO_EXAM_NUMBER, password=demo.DEMO_PASSWORD):
    client = app.test_client()
    assert log_in(client, login, password).status_code == 302, "candidate login failed for " + login
    return client


def home_of(client):
    response = client.get("/home")
    assert response.status_code == 200
    return text(response)


@pytest.mark.parametrize("login", ["exam number", "ID number", "ID number, lowercase"])
def test_login_with_exam_number_or_id_number(app, register, login):
    register()
    candidate = Candidate.objects.get(id_number=ID_NUMBER)
    value = {"exam number": candidate.exam_number, "ID number": ID_NUMBER,
             "ID number, lowercase": ID_NUMBER.lower()}[login]
    client = app.test_client()
    response = log_in(client, value, "secret2024")
    assert response.headers["Location"] == "/home"
    assert candidate.exam_number in home_of(client)


@pytest.mark.parametrize(("login", "password"), [
    (DEMO_EXAM_NUMBER, "wrong2024"),
    ("999999999999", demo.DEMO_PASSWORD),
    (with_check_digit("12010119900307123"), demo.DEMO_PASSWORD),
])
def test_wrong_password_and_unknown_account_get_the_same_message(client, demo_candidate, login, password):
    response = log_in(client, login, password)
    assert response.status_code == 200
    assert errors(response) == [BAD_LOGIN]
    assert client.get("/home").status_code == 302


@pytest.mark.parametrize(("changes", "message"), [
    ({"login": ""}, "请输入准考证号或身份证号。"),
    ({"password": ""}, "请输入密码。"),
    ({"captcha": ""}, "请输入图形验证码。"),
    ({"captcha": "XXXX"}, "图形验证码不正确，请重新输入。"),
])
def test_incomplete_login_is_refused(client, demo_candidate, changes, message):
    data = {"login": DEMO_EXAM_NUMBER, "password": demo.DEMO_PASSWORD, "captcha": solve(client), **changes}

    response = client.post("/account/login", data=data)

    assert errors(response) == [message]
    assert client.get("/home").status_code == 302


def test_inactive_account_cannot_log_in(client, demo_candidate):
    demo_candidate.update(active=False)
    response = log_in(client)
    assert errors(response) == [BAD_LOGIN]


WAIT = "密码连续输错5次，请于{}后再试，或通过“忘记密码”重新设置。"


def from_address(address):
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_five_wrong_passwords_make_that_client_wait_fifteen_minutes(client, demo_candidate, clock):
    shown = [errors(log_in(client, password="wrong2024")) for _ in range(5)]

    assert shown == [[BAD_LOGIN]] * 4 + [[WAIT.format("10:15")]]
    clock.advance(minutes=14)
    response = log_in(client)  # the right password, too early
    assert errors(response) == [WAIT.format("10:15")]
    assert client.get("/home").status_code == 302

    clock.advance(minutes=1)
    assert log_in(client).headers["Location"] == "/home"


def test_the_time_to_try_again_is_rounded_up_to_the_minute(client, demo_candidate, clock):
    clock.advance(seconds=20)
    for _ in range(5):
        log_in(client, password="wrong2024")

    assert errors(log_in(client)) == [WAIT.format("10:16")]


def test_a_strangers_wrong_passwords_from_other_addresses_do_not_keep_the_owner_out(app, demo_candidate):
    for number in range(4):  # 20 wrong passwords, 5 from each address
        stranger = app.test_client()
        shown = [errors(log_in(stranger, password=f"guess{n}2024", **from_address(f"10.0.0.{number + 1}")))
                 for n in range(5)]
        assert shown == [[BAD_LOGIN]] * 4 + [[WAIT.format("10:15")]]  # each of the stranger's addresses waits

    owner = app.test_client()
    assert log_in(owner, **from_address("192.168.1.7")).headers["Location"] == "/home"
    assert "张明" in home_of(owner)


def test_the_owners_browser_signs_in_while_a_stranger_at_its_address_waits(app, demo_candidate):
    owner = candidate_client(app)  # signed in here before: the browser keeps a token for the account
    owner.post("/account/logout")
    stranger, newcomer = app.test_client(), app.test_client()
    for _ in range(5):
        log_in(stranger, password="wrong2024")

    assert errors(log_in(stranger)) == [WAIT.format("10:15")]
    assert errors(log_in(newcomer)) == [WAIT.format("10:15")]  # a browser never signed in here counts by address
    assert log_in(owner).headers["Location"] == "/home"


@pytest.mark.parametrize("token", ["madeup.0123456789abcdef0123456789abcdef", "令牌.签名", "no-dot", ""])
def test_a_made_up_device_token_counts_by_address(app, client, demo_candidate, token):
    for _ in range(5):
        log_in(client, password="wrong2024")
    client.set_cookie("candidate_device", token)

    assert errors(log_in(client)) == [WAIT.format("10:15")]


def test_a_login_no_account_has_waits_the_same_way(client, demo_candidate):
    shown = [errors(log_in(client, "999999999999", "wrong2024")) for _ in range(5)]

    assert shown == [[BAD_LOGIN]] * 4 + [[WAIT.format("10:15")]]


def test_a_right_password_starts_the_count_again(app, client, demo_candidate):
    for _ in range(4):
        log_in(client, password="wrong2024")
    log_in(client)
    client.post("/account/logout")

    shown = [errors(log_in(client, password="wrong2024")) for _ in range(5)]
    assert shown == [[BAD_LOGIN]] * 4 + [[WAIT.format("10:15")]]


def test_a_waiting_client_leaves_the_accounts_sessions_open(app, client, demo_candidate):
    signed_in = candidate_client(app)
    for _ in range(5):
        log_in(client, password="wrong2024")

    assert "张明" in home_of(signed_in)


def test_an_account_from_the_old_system_checks_its_phone_at_first_login(client, demo_candidate):
    demo_candidate.update(phone_verified=False)

    response = log_in(client, query_string={"next": "/scores"})

    assert response.headers["Location"] == "/account/login/phone"
    page = text(client.get("/account/login/phone"))
    assert "首次登录请验证预留的手机号 138****0001" in page
    assert client.get("/home").status_code == 302  # no session yet
    code = get_code(client, "first_login", "")  # the phone on file, whatever is posted
    response = client.post("/account/login/phone", data={"sms_code": code})
    assert response.headers["Location"] == "/scores"
    assert "张明" in home_of(client)
    assert Candidate.objects.get(pk=demo_candidate.pk).phone_verified


@pytest.mark.parametrize(("code", "message"), [
    ("", "请输入短信验证码。"),
    (WRONG, "短信验证码不正确，还可尝试4次。"),
])
def test_first_login_with_a_bad_sms_code_stays_signed_out(client, demo_candidate, code, message):
    demo_candidate.update(phone_verified=False)
    log_in(client)
    sent = get_code(client, "first_login", "")

    response = client.post("/account/login/phone", data={"sms_code": wrong(sent) if code == WRONG else code})

    assert errors(response) == [message]
    assert client.get("/home").status_code == 302
    assert not Candidate.objects.get(pk=demo_candidate.pk).phone_verified


def test_the_phone_check_page_needs_a_password_first(client, demo_candidate):
    response = client.get("/account/login/phone", follow_redirects=True)
    assert "登录已失效，请重新登录。" in text(response)
    response = client.post("/account/sms/first_login", data={"phone": demo_candidate.phone})
    assert response.headers["Location"] == "/account/login"
    assert not SmsCode.objects  # no code goes to a phone whose password nobody gave


def test_deactivating_an_account_ends_its_open_session(app, demo_candidate):
    client = candidate_client(app)
    demo_candidate.update(active=False)
    assert client.get("/home").headers["Location"] == "/account/login?next=/home"


def test_home_sends_a_stranger_to_login_and_back(client, demo_candidate):
    response = client.get("/home")
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert login_url == "/account/login?next=/home"

    response = client.post(login_url, data={"login": DEMO_EXAM_NUMBER, "password": demo.DEMO_PASSWORD,
                                             "captcha": solve(client)})
    assert response.headers["Location"] == "/home"
    assert "张明" in home_of(client)


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example", "evil.example"])
def test_off_site_next_is_ignored(client, demo_candidate, target):
    response = log_in(client, query_string={"next": target})
    assert response.headers["Location"] == "/home"


def test_logout_ends_the_session(app, demo_candidate):
    client = candidate_client(app)
    assert "张明" in home_of(client)
    response = client.post("/account/logout", follow_redirects=True)
    assert "您已安全退出。" in text(response)
    assert client.get("/home").headers["Location"] == "/account/login?next=/home"


def test_password_change_ends_sessions_opened_before(app, demo_candidate):
    old = candidate_client(app)
    assert "张明" in home_of(old)

    with app.app_context():
        demo_candidate.set_password("changed2024")
        demo_candidate.save()

    assert old.get("/home").headers["Location"] == "/account/login?next=/home"
    assert "张明" in home_of(candidate_client(app, DEMO_EXAM_NUMBER, "changed2024"))


def test_candidate_session_does_not_open_the_staff_admin(app, demo_candidate):
    client = candidate_client(app)
    response = client.get("/candidateview/list/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login/")
    assert "张明" not in text(client.get("/candidateview/list/", follow_redirects=True))


def test_login_rate_limit_answers_429_in_chinese(app, client, demo_candidate, monkeypatch):
    monkeypatch.setitem(app.config, "CANDIDATE_LOGIN_RATE_LIMIT", "3 per minute")
    for _ in range(3):
        assert log_in(client, password="wrong2024").status_code == 200

    response = log_in(client)
    assert response.status_code == 429
    page = text(response)
    assert "操作过于频繁，请稍后再试。" in page
    assert "Traceback" not in page and "Too Many Requests" not in page
    assert client.get("/home").status_code == 302  # the right password did not get through


def test_addresses_of_one_ipv6_network_count_as_one_client(app, demo_candidate):
    shown = [errors(log_in(app.test_client(), password=f"guess{n}2024", **from_address(f"2001:db8:1:2::{n + 1}")))
             for n in range(5)]

    assert shown == [[BAD_LOGIN]] * 4 + [[WAIT.format("10:15")]]
    assert errors(log_in(app.test_client(), **from_address("2001:db8:1:2:ffff::9"))) == [WAIT.format("10:15")]
    assert log_in(app.test_client(), **from_address("2001:db8:1:3::1")).headers["Location"] == "/home"
