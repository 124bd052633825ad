"""Forgotten exam number 忘记准考证, forgotten password 忘记密码, and 修改密码 for a signed-in candidate."""
import re

import pytest

from app.models import Candidate
from app.services import demo
from app.services.idcard import with_check_digit
from tests.fixtures import text
from tests.accounts.conftest import get_code, solve, wrong
from tests.accounts.test_candidate_accounts import POLICY, candidate_client, errors, home_of, log_in, password_inputs

DEMO_EXAM_NUMBER = "080105408130"  # 张明, phone 13800000001
OLD_NUMBERS = ["010100000123", "080105408130"]  # from a record merge; one repeats his own
WRONG = "a wrong SMS code"


@pytest.fixture
def zhang(world):
    return Candidate.objects.get(exam_number=DEMO_EXAM_NUMBER)


def post_with_code(client, url, purpose, data):
    """Fill in a recovery form: the captcha read, the SMS code asked for and typed (unless given)."""
    data = dict(data)
    code = get_code(client, purpose, data["phone"]) or "000000"
    data["sms_code"] = wrong(code) if data.get("sms_code") == WRONG else data.get("sms_code", code)
    data.setdefault("captcha", solve(client))
    return client.post(url, data=data)


# 忘记准考证

def find_numbers(client, zhang, **changes):
    data = {"id_number": zhang.id_number, "name": zhang.name, "phone": zhang.phone, **changes}
    return post_with_code(client, "/account/recover/exam-number", "forgot_exam_number", data)


def test_forgotten_exam_number_lists_every_number_of_the_person(client, zhang):
    zhang.update(other_exam_numbers=OLD_NUMBERS)

    page = text(find_numbers(client, zhang, id_number=zhang.id_number.lower()))

    assert "张明名下的准考证号：" in page
    assert re.findall(r"\d{12}", page) == ["080105408130", "010100000123"]
    assert "080105408130 登录使用" in page


def test_a_person_with_one_exam_number_sees_it(client, zhang):
    page = text(find_numbers(client, zhang))

    assert re.findall(r"\d{12}", page) == [DEMO_EXAM_NUMBER]


@pytest.mark.parametrize(("changes", "message"), [
    ({"id_number": ""}, "请输入身份证号码。"),
    ({"id_number": "110105194912310021"}, "身份证号码校验位不正确，请核对后重新输入。"),
    ({"id_number": with_check_digit("12010119900307123")},
     "未找到身份证号、姓名和手机号均一致的考生，请核对后重新输入。"),
    ({"name": ""}, "请输入姓名。"),
    ({"name": "张三"}, "未找到身份证号、姓名和手机号均一致的考生，请核对后重新输入。"),
    ({"phone": ""}, "请输入手机号码。"),
    ({"phone": "1380000000"}, "手机号码为以1开头的11位数字。"),
    ({"phone": "13800000002"}, "未找到身份证号、姓名和手机号均一致的考生，请核对后重新输入。"),
    ({"captcha": ""}, "请输入图形验证码。"),
    ({"captcha": "XXXX"}, "图形验证码不正确，请重新输入。"),
    ({"sms_code": ""}, "请输入短信验证码。"),
    ({"sms_code": WRONG}, "短信验证码不正确，还可尝试4次。"),
])
def test_bad_exam_number_recovery_shows_message_and_no_number(client, zhang, changes, message):
    response = find_numbers(client, zhang, **changes)

    assert response.status_code == 200
    assert message in errors(response)
    assert DEMO_EXAM_NUMBER not in text(response)


def test_a_deactivated_account_is_not_found(client, zhang):
    zhang.update(active=False)

    assert errors(find_numbers(client, zhang)) == ["未找到身份证号、姓名和手机号均一致的考生，请核对后重新输入。"]


# 忘记密码

def prove_identity(client, zhang, **changes):
    data = {"id_number": zhang.id_number, "exam_number": DEMO_EXAM_NUMBER, "phone": zhang.phone, **changes}
    return post_with_code(client, "/account/recover/password", "forgot_password", data)


def new_password(client, password="fresh2024", password2=None):
    return client.post("/account/recover/password/new",
                       data={"password": password, "password2": password2 or password})


def test_forgotten_password_is_replaced_and_every_session_ends(app, client, zhang):
    signed_in = candidate_client(app)

    assert prove_identity(client, zhang).headers["Location"] == "/account/recover/password/new"
    response = new_password(client)

    assert response.headers["Location"] == "/account/login"
    assert "密码已重置，请使用新密码登录。" in text(client.get("/account/login"))
    assert signed_in.get("/home").status_code == 302
    assert errors(log_in(app.test_client(), password=demo.DEMO_PASSWORD)) == ["账号或密码不正确。"]
    assert "张明" in home_of(candidate_client(app, DEMO_EXAM_NUMBER, "fresh2024"))


def test_a_merged_exam_number_also_proves_who_it_is(client, zhang):
    zhang.update(other_exam_numbers=OLD_NUMBERS)

    assert prove_identity(client, zhang, exam_number="010100000123").status_code == 302


def test_a_reset_password_unlocks_a_locked_account(app, client, zhang):
    for _ in range(5):
        log_in(app.test_client(), password="wrong2024")

    prove_identity(client, zhang)
    new_password(client)

    assert log_in(app.test_client(), password="fresh2024").headers["Location"] == "/home"


@pytest.mark.parametrize(("changes", "message"), [
    ({"id_number": "110105194912310021"}, "身份证号码校验位不正确，请核对后重新输入。"),
    ({"id_number": with_check_digit("12010119900307123")},
     "未找到身份证号、准考证号和手机号均一致的考生，请核对后重新输入。"),
    ({"exam_number": ""}, "请输入准考证号。"),
    ({"exam_number": "08010540813"}, "准考证号为12位数字。"),
    ({"exam_number": "414817170542"}, "未找到身份证号、准考证号和手机号均一致的考生，请核对后重新输入。"),
    ({"phone": "13800000002"}, "未找到身份证号、准考证号和手机号均一致的考生，请核对后重新输入。"),
    ({"captcha": "XXXX"}, "图形验证码不正确，请重新输入。"),
    ({"sms_code": WRONG}, "短信验证码不正确，还可尝试4次。"),
])
def test_bad_identity_for_a_password_reset_goes_no_further(client, zhang, changes, message):
    response = prove_identity(client, zhang, **changes)

    assert response.status_code == 200
    assert message in errors(response)
    assert new_password(client).headers["Location"] == "/account/recover/password"
    assert Candidate.objects.get(pk=zhang.pk).check_password(demo.DEMO_PASSWORD)


@pytest.mark.parametrize(("password", "password2", "message"), [
    ("", "", "请设置密码。"),
    ("fresh2024", "", "请再次输入密码。"),
    ("fresh2024", "fresh2025", "两次输入的密码不一致。"),
    ("freshpass", "freshpass", POLICY),
    ("20242024", "20242024", POLICY),
    ("abc1234", "abc1234", POLICY),
])
def test_bad_new_password_is_refused_and_the_old_one_stays(client, zhang, password, password2, message):
    prove_identity(client, zhang)

    response = client.post("/account/recover/password/new", data={"password": password, "password2": password2})

    assert message in errors(response)
    assert Candidate.objects.get(pk=zhang.pk).check_password(demo.DEMO_PASSWORD)


def test_the_new_password_page_needs_the_identity_proved(client, zhang):
    response = client.get("/account/recover/password/new", follow_redirects=True)

    assert "找回密码的验证已失效，请重新验证。" in text(response)


def test_a_reset_after_the_sms_code_expired_starts_again(client, zhang, clock):
    prove_identity(client, zhang)
    clock.advance(minutes=5)

    response = new_password(client)

    assert response.headers["Location"] == "/account/recover/password"
    assert "短信验证码已过期，请重新获取。" in text(client.get("/account/recover/password"))
    assert Candidate.objects.get(pk=zhang.pk).check_password(demo.DEMO_PASSWORD)


def test_one_proof_resets_the_password_once(client, zhang):
    prove_identity(client, zhang)
    with client.session_transaction() as session:
        proof = dict(session)
    new_password(client)
    with client.session_transaction() as session:  # the same proof, replayed
        session.update(proof)

    response = new_password(client, "again2024")

    assert response.headers["Location"] == "/account/recover/password"
    assert Candidate.objects.get(pk=zhang.pk).check_password("fresh2024")


# 修改密码

def change(client, old=demo.DEMO_PASSWORD, password="fresh2024", password2=None):
    return client.post("/account/password",
                       data={"old_password": old, "password": password, "password2": password2 or password})


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, zhang):
    here, elsewhere = candidate_client(app), candidate_client(app)

    response = change(here)

    assert response.headers["Location"] == "/home"
    assert "密码已修改，其他设备上的登录已全部退出。" in home_of(here)
    assert elsewhere.get("/home").status_code == 302
    assert "张明" in home_of(candidate_client(app, DEMO_EXAM_NUMBER, "fresh2024"))


@pytest.mark.parametrize(("changes", "message"), [
    ({"old": ""}, "请输入原密码。"),
    ({"old": "wrong2024"}, "原密码不正确。"),
    ({"password": demo.DEMO_PASSWORD}, "新密码不能与原密码相同。"),
    ({"password2": "fresh2025"}, "两次输入的密码不一致。"),
    ({"password": "freshpass"}, POLICY),
])
def test_bad_password_change_is_refused(app, zhang, changes, message):
    client = candidate_client(app)

    response = change(client, **changes)

    assert errors(response) == [message]
    assert Candidate.objects.get(pk=zhang.pk).check_password(demo.DEMO_PASSWORD)
    assert "张明" in home_of(client)


def test_new_passwords_are_typed_into_masked_fields(app, client, zhang):
    prove_identity(client, zhang)

    assert password_inputs(client.get("/account/recover/password/new")) == {"password": "password",
                                                                           "password2": "password"}
    assert password_inputs(candidate_client(app).get("/account/password")) == dict.fromkeys(
        ["old_password", "password", "password2"], "password")


def test_changing_the_password_needs_a_signed_in_candidate(client):
    assert client.get("/account/password").headers["Location"] == "/account/login?next=/account/password"


def test_the_login_page_leads_to_both_recoveries(client):
    page = client.get("/account/login").get_data(as_text=True)

    assert 'href="/account/recover/exam-number"' in page and 'href="/account/recover/password"' in page
