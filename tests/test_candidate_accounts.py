"""Candidates register, sign in and out through the pages, and their session stays theirs."""
import datetime
import re

import pytest

from app.models import Candidate
from app.services import demo
from app.services.idcard import with_check_digit
from tests.conftest import candidate_client, text

ID_NUMBER = "11010519491231002X"  # GB 11643-1999's example: a woman born 1949-12-31
DEMO_EXAM_NUMBER = "080105408130"  # 张明
POLICY = "密码长度8–32位，须同时包含字母和数字。"
BAD_LOGIN = "账号或密码不正确。"


# No app_ctx here: a context pushed around client requests makes them share one `g`, and with it the
# signed-in candidate that current_candidate() caches there. The store itself needs no context.


def errors(response):
    """The error messages shown under the form fields (not the help text, which is always there)."""
    return re.findall(r'<p class="error">(.*?)</p>', response.get_data(as_text=True))


def registration(**changes):
    data = {"id_number": ID_NUMBER, "name": "刘洋", "password": "secret2024", "password2": "secret2024",
            "district": "120101", "phone": "13612345678"}
    data.update(changes)
    return data


@pytest.fixture
def register(app, world):
    """Post the registration form from a fresh browser; the response and that browser."""
    def post(**changes):
        client = app.test_client()
        return client.post("/account/register", data=registration(**changes)), client
    return post


def test_registration_signs_in_and_shows_the_new_exam_number(register):
    response, client = register(district="140105")
    assert response.status_code == 302 and response.headers["Location"] == "/home"

    page = text(client.get("/home"))
    assert "刘洋" in page
    exam_number = re.search(r"准考证号 (\d+)", page).group(1)
    assert re.fullmatch(datetime.date.today().strftime("%y") + r"0105\d{6}", exam_number)
    assert f"注册成功。您的准考证号是 {exam_number}，请牢记。" in page


def test_registration_stores_what_the_id_number_says_and_a_hashed_password(register):
    register(id_number=ID_NUMBER.lower())
    candidate = Candidate.objects.get(name="刘洋")
    assert candidate.id_number == ID_NUMBER
    assert (candidate.sex, candidate.birth_date) == ("F", datetime.date(1949, 12, 31))
    assert candidate.district.code == "120101" and candidate.phone == "13612345678"
    assert candidate.password_hash != "secret2024" and "secret2024" not in candidate.password_hash
    assert candidate.check_password("secret2024")


@pytest.mark.parametrize(("changes", "message"), [
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
])
def test_bad_registration_shows_message_and_creates_nobody(register, changes, message):
    before = Candidate.objects.count()
    response, client = register(**changes)
    assert response.status_code == 200
    assert message in errors(response)
    assert Candidate.objects.count() == before
    assert client.get("/home").status_code == 302  # not signed in


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
    response = client.post("/account/login", data={"login": value, "password": "secret2024"})
    assert response.headers["Location"] == "/home"
    assert candidate.exam_number in home_of(client)


@pytest.mark.parametrize(("login", "password"), [
    (DEMO_EXAM_NUMBER, "wrong2024"),
    ("999999999999", demo.DEMO_PASSWORD),
    (with_check_digit("12010119900307123"), demo.DEMO_PASSWORD),
])
def test_wrong_password_and_unknown_account_get_the_same_message(client, demo_candidate, login, password):
    response = client.post("/account/login", data={"login": login, "password": password})
    assert response.status_code == 200
    assert errors(response) == [BAD_LOGIN]
    assert client.get("/home").status_code == 302


def test_inactive_account_cannot_log_in(client, demo_candidate):
    demo_candidate.update(active=False)
    response = client.post("/account/login", data={"login": DEMO_EXAM_NUMBER, "password": demo.DEMO_PASSWORD})
    assert errors(response) == [BAD_LOGIN]


def test_deactivating_an_account_ends_its_open_session(app, demo_candidate):
    client = candidate_client(app, DEMO_EXAM_NUMBER)
    demo_candidate.update(active=False)
    assert client.get("/home").headers["Location"] == "/account/login?next=/home"


def test_home_sends_a_stranger_to_login_and_back(client, demo_candidate):
    response = client.get("/home")
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert login_url == "/account/login?next=/home"

    response = client.post(login_url, data={"login": DEMO_EXAM_NUMBER, "password": demo.DEMO_PASSWORD})
    assert response.headers["Location"] == "/home"
    assert "张明" in home_of(client)


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example", "evil.example"])
def test_off_site_next_is_ignored(client, demo_candidate, target):
    response = client.post("/account/login", query_string={"next": target},
                           data={"login": DEMO_EXAM_NUMBER, "password": demo.DEMO_PASSWORD})
    assert response.headers["Location"] == "/home"


def test_logout_ends_the_session(app, demo_candidate):
    client = candidate_client(app, DEMO_EXAM_NUMBER)
    assert "张明" in home_of(client)
    response = client.post("/account/logout", follow_redirects=True)
    assert "您已安全退出。" in text(response)
    assert client.get("/home").headers["Location"] == "/account/login?next=/home"


def test_password_change_ends_sessions_opened_before(app, demo_candidate):
    old = candidate_client(app, DEMO_EXAM_NUMBER)
    assert "张明" in home_of(old)

    demo_candidate.set_password("changed2024")
    demo_candidate.save()

    assert old.get("/home").headers["Location"] == "/account/login?next=/home"
    assert "张明" in home_of(candidate_client(app, DEMO_EXAM_NUMBER, "changed2024"))


def test_candidate_session_does_not_open_the_staff_admin(app, demo_candidate):
    client = candidate_client(app, DEMO_EXAM_NUMBER)
    response = client.get("/candidateview/list/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login/")
    assert "张明" not in text(client.get("/candidateview/list/", follow_redirects=True))


def test_login_rate_limit_answers_429_in_chinese(app, client, demo_candidate, monkeypatch):
    monkeypatch.setitem(app.config, "CANDIDATE_LOGIN_RATE_LIMIT", "3 per minute")
    wrong = {"login": DEMO_EXAM_NUMBER, "password": "wrong2024"}
    for _ in range(3):
        assert client.post("/account/login", data=wrong).status_code == 200

    response = client.post("/account/login", data={"login": DEMO_EXAM_NUMBER, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 429
    page = text(response)
    assert "操作过于频繁，请稍后再试。" in page
    assert "Traceback" not in page and "Too Many Requests" not in page
    assert client.get("/home").status_code == 302  # the right password did not get through
