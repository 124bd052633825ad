"""SMS codes 短信验证码: sent on request within limits, shown in the demo, good once, for five minutes, five tries."""
import datetime
import logging
import re

import pytest

from app import jobs
from app.models import Candidate, Job, SmsCode, SmsHour
from app.services import sms
from tests.accounts.conftest import CAPTCHA, get_code, solve, wrong
from tests.fixtures import errors, text

PHONE = "13612345678"  # on no account
DEMO_EXAM_NUMBER = "080105408130"  # 张明, whose phone is 13800000001


def send(client, phone=PHONE, purpose="register", **request):
    """Press 获取验证码 with the captcha read."""
    return client.post(f"/account/sms/{purpose}", data={"phone": phone, "captcha": solve(client)}, **request)


@pytest.fixture
def zhang(world):
    return Candidate.objects.get(exam_number=DEMO_EXAM_NUMBER)


@pytest.fixture
def recover(client, zhang):
    """Ask for 张明's exam numbers with `code` (a code is used up only here, so every rule shows)."""
    def post(code):
        return client.post("/account/recover/exam-number", data={
            "id_number": zhang.id_number, "name": zhang.name, "phone": zhang.phone, "captcha": solve(client),
            "sms_code": code})
    return post


# Sending

def test_demo_page_shows_the_code_and_the_log_has_the_message(client, caplog):
    with caplog.at_level(logging.WARNING, logger="app.services.sms"):
        page = text(send(client))

    assert "验证码已发送至136****5678，5分钟内有效。" in page
    code = re.search(r"演示模式短信验证码：(\d{6})", page).group(1)
    assert f"【自学考试】您的验证码为{code}，用于新生注册，5分钟内有效。请勿泄露给他人。" in caplog.text


def test_outside_demo_mode_the_page_never_shows_the_code(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_MODE", False)

    page = text(send(client))

    assert "验证码已发送至136****5678，5分钟内有效。" in page
    assert "演示模式短信验证码" not in page


class Outbox:
    """A gateway as a real provider would be configured: SMS_BACKEND = "tests.accounts.test_sms:Outbox"."""

    sent = []

    def send(self, phone, text):
        Outbox.sent.append((phone, text))


class DownGateway:
    def send(self, phone, text):
        raise ConnectionError("provider unreachable")


def test_a_configured_gateway_delivers_the_message(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_BACKEND", "tests.accounts.test_sms:Outbox")
    monkeypatch.setattr(Outbox, "sent", [])

    code = get_code(client, "forgot_password", PHONE)

    assert Outbox.sent == [(PHONE, f"【自学考试】您的验证码为{code}，用于找回密码，5分钟内有效。请勿泄露给他人。")]


def test_a_failed_delivery_is_tried_three_times_then_shown_to_staff_and_does_not_hold_back_the_next_try(
        app, client, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "SMS_BACKEND", "tests.accounts.test_sms:DownGateway")

    send(client)

    job = Job.objects.get(kind="sms")
    assert (job.state, job.attempts, job.error) == ("failed", 3, "短信服务商未能发送，请检查短信服务配置。")
    assert job.title == "短信验证码（新生注册）发往136****5678"
    assert "provider unreachable" in caplog.text and SmsCode.objects.get().undelivered
    assert SmsHour.objects.get().sent == 0  # the budget is given back
    monkeypatch.setitem(app.config, "SMS_BACKEND", "local")
    assert get_code(client, "register", PHONE)


def test_each_code_sent_is_a_job_staff_can_see_and_which_tidies_itself_away(client):
    code = get_code(client, "register", PHONE)

    job = Job.objects.get(kind="sms")
    assert (job.state, job.attempts, job.requested_by) == ("done", 1, "考生")
    assert code not in str(job.to_mongo())  # the message travels only on the queue
    assert job.expires_at - job.finished_at == datetime.timedelta(days=1)


def test_a_queue_that_refuses_the_send_is_said_and_counts_nothing(app, client, monkeypatch):
    def refuse(job, transient=None):
        raise jobs.NotQueued("redis unreachable")

    monkeypatch.setattr(app.extensions["jobs"], "enqueue", refuse)

    assert errors(send(client)) == ["短信发送失败，请稍后重试。"]
    assert SmsCode.objects.get().undelivered and SmsHour.objects.get().sent == 0


def test_codes_are_six_digits_stored_only_as_a_hash(client):
    code = get_code(client, "register", PHONE)

    record = SmsCode.objects.get(phone=PHONE)
    assert re.fullmatch(r"\d{6}", code)
    assert code not in record.code_hash
    assert (record.purpose, record.used, record.attempts) == ("register", False, 0)
    assert record.expires_at - record.created_at == datetime.timedelta(minutes=5)


@pytest.mark.parametrize(("phone", "message"), [
    ("", "请输入手机号码。"),
    ("1361234567", "手机号码为以1开头的11位数字。"),
    ("23612345678", "手机号码为以1开头的11位数字。"),
    ("1361234567a", "手机号码为以1开头的11位数字。"),
])
def test_a_bad_phone_gets_no_code(client, phone, message):
    assert errors(send(client, phone)) == [message]
    assert not SmsCode.objects


def test_a_phone_on_another_account_gets_no_registration_code(client, zhang):
    assert errors(send(client, zhang.phone)) == ["该手机号已绑定其他账号，一个手机号只能注册一个账号。"]
    assert not SmsCode.objects


def test_the_form_comes_back_as_typed_without_javascript(client):
    response = client.post("/account/sms/register", data={
        "id_number": "11010519491231002X", "name": "刘洋", "district": "120101", "phone": PHONE,
        "password": "secret2024", "captcha": solve(client)})

    page = response.get_data(as_text=True)
    assert 'value="11010519491231002X"' in page and 'value="刘洋"' in page and f'value="{PHONE}"' in page
    assert "secret2024" not in page  # passwords are typed again, never sent back
    assert 'action="/account/register"' in page and errors(response) == []


def test_the_page_script_gets_json(client):
    response = send(client, headers={"Accept": "application/json"})
    again = send(client, headers={"Accept": "application/json"})

    assert response.status_code == 200 and response.json["sent"] and response.json["wait"] == 60
    assert response.json["messages"][0] == "验证码已发送至136****5678，5分钟内有效。"
    assert again.status_code == 400 and again.json["field"] == "sms_code"
    assert again.json["messages"] == ["验证码已发送，请60秒后再重新获取。"]


def test_another_site_cannot_make_us_send_codes(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    response = send(client)

    assert response.status_code == 400
    assert "页面已过期或来源不明，请刷新页面后重新提交。" in text(response)
    assert not SmsCode.objects


def test_an_unknown_purpose_is_not_a_page(client):
    assert send(client, purpose="anything").status_code == 404


# Limits on sending

def test_asking_again_within_a_minute_is_refused(client, clock):
    get_code(client, "register", PHONE)
    clock.advance(seconds=45)

    assert errors(send(client)) == ["验证码已发送，请15秒后再重新获取。"]
    assert SmsCode.objects(phone=PHONE).count() == 1


def test_after_a_minute_a_new_code_replaces_the_old_one(client, clock, zhang, recover, monkeypatch):
    codes = iter(["111111", "222222"])
    monkeypatch.setattr(sms, "new_code", lambda: next(codes))
    get_code(client, "forgot_exam_number", zhang.phone)
    clock.advance(seconds=60)
    get_code(client, "forgot_exam_number", zhang.phone)

    assert errors(recover("111111")) == ["短信验证码不正确，还可尝试4次。"]
    assert DEMO_EXAM_NUMBER in text(recover("222222"))


def test_the_minute_is_counted_per_purpose(client):
    assert get_code(client, "forgot_exam_number", PHONE)
    assert get_code(client, "forgot_password", PHONE)


def test_ten_codes_a_day_then_none_until_tomorrow(client, clock):
    purposes = ["register", "forgot_exam_number", "forgot_password"]
    for number in range(10):
        assert get_code(client, purposes[number % 3], PHONE)
        clock.advance(seconds=61)

    assert errors(send(client, purpose="forgot_password")) == ["该手机号今日获取验证码的次数已达上限（10次），请明天再试。"]
    clock.advance(days=1)
    assert get_code(client, "register", PHONE)


def test_one_address_asking_too_often_gets_429(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_SEND_RATE_LIMIT", "2 per minute")
    assert get_code(client, "register", "13600000001")
    assert get_code(client, "register", "13600000002")

    response = send(client, "13600000003")

    assert response.status_code == 429
    assert "操作过于频繁，请稍后再试。" in text(response)
    assert not SmsCode.objects(phone="13600000003")


# Checking

def test_the_right_code_works_once(client, zhang, recover):
    code = get_code(client, "forgot_exam_number", zhang.phone)

    assert DEMO_EXAM_NUMBER in text(recover(code))
    assert errors(recover(code)) == ["该短信验证码已使用，请重新获取。"]


def test_a_code_expires_after_five_minutes(client, clock, zhang, recover):
    code = get_code(client, "forgot_exam_number", zhang.phone)
    clock.advance(minutes=5)

    assert errors(recover(code)) == ["短信验证码已过期，请重新获取。"]


def test_five_wrong_tries_kill_the_code(client, zhang, recover):
    code = get_code(client, "forgot_exam_number", zhang.phone)

    shown = [errors(recover(wrong(code))) for _ in range(5)]

    assert shown == [["短信验证码不正确，还可尝试4次。"], ["短信验证码不正确，还可尝试3次。"],
                     ["短信验证码不正确，还可尝试2次。"], ["短信验证码不正确，还可尝试1次。"],
                     ["短信验证码错误次数过多，已失效，请重新获取。"]]
    assert errors(recover(code)) == ["短信验证码错误次数过多，已失效，请重新获取。"]


def test_a_code_must_be_asked_for_first(client, zhang, recover):
    assert errors(recover("123456")) == ["请先获取短信验证码。"]


def test_a_code_asked_for_another_page_does_not_count(client, zhang, recover):
    code = get_code(client, "forgot_password", zhang.phone)

    assert errors(recover(code)) == ["请先获取短信验证码。"]


def test_a_code_sent_to_another_phone_is_said_to_be_for_that_phone(client, zhang, recover):
    other = Candidate.objects.get(exam_number="414817170542").phone  # 李华's, also on an account
    code = get_code(client, "forgot_exam_number", other)

    shown = errors(recover(code))

    assert shown == [f"验证码是发送至{sms.masked(other)}的，不能用于手机号{sms.masked(zhang.phone)}。"
                     "请填写收到验证码的手机号，或为此手机号重新获取验证码。"]
    assert "请先获取短信验证码。" not in shown
    assert SmsCode.objects.get(phone=other).attempts == 0  # no try counted against the code


def test_after_a_code_for_the_right_phone_the_code_is_checked_as_usual(client, zhang, recover):
    other = Candidate.objects.get(exam_number="414817170542").phone
    get_code(client, "forgot_exam_number", other)
    code = get_code(client, "forgot_exam_number", zhang.phone)

    assert errors(recover(wrong(code))) == ["短信验证码不正确，还可尝试4次。"]
    assert "080105408130" in text(recover(code))


@pytest.mark.parametrize("purpose, page, fields", [
    ("register", "/account/register", {"id_number": "110101199003074514", "name": "王五", "password": "Abcd1234",
                                       "password2": "Abcd1234", "district": "120101"}),
    ("forgot_password", "/account/recover/password", {"id_number": "", "exam_number": DEMO_EXAM_NUMBER}),
])
def test_every_page_with_a_code_says_whose_phone_it_went_to(client, zhang, purpose, page, fields):
    sent = "13612345678" if purpose == "register" else Candidate.objects.get(exam_number="414817170542").phone
    typed = "13612345679" if purpose == "register" else zhang.phone
    code = get_code(client, purpose, sent)
    if purpose == "forgot_password":
        fields = {**fields, "id_number": zhang.id_number}

    shown = errors(client.post(page, data={**fields, "phone": typed, "captcha": solve(client), "sms_code": code}))

    assert f"验证码是发送至{sms.masked(sent)}的，不能用于手机号{sms.masked(typed)}。" \
           "请填写收到验证码的手机号，或为此手机号重新获取验证码。" in shown


def test_an_empty_code_is_asked_for(client, zhang, recover):
    get_code(client, "forgot_exam_number", zhang.phone)

    assert errors(recover("")) == ["请输入短信验证码。"]


def test_a_wrong_captcha_spends_no_sms_try(client, zhang):
    code = get_code(client, "forgot_exam_number", zhang.phone)
    solve(client)
    response = client.post("/account/recover/exam-number", data={
        "id_number": zhang.id_number, "name": zhang.name, "phone": zhang.phone, "captcha": "XXXX",
        "sms_code": wrong(code)})

    assert errors(response) == ["图形验证码不正确，请重新输入。"]
    assert SmsCode.objects.get(phone=zhang.phone).attempts == 0


# No code without a solved captcha, and no more than the hour's budget

SEND_PAGES = ("register", "forgot_exam_number", "forgot_password", "first_login")


@pytest.fixture
def outbox(app, monkeypatch):
    """The gateway's deliveries, as a configured provider would make them."""
    monkeypatch.setitem(app.config, "SMS_BACKEND", "tests.accounts.test_sms:Outbox")
    monkeypatch.setattr(Outbox, "sent", [])
    return Outbox.sent


@pytest.mark.parametrize("answer", ["none", "empty", "wrong", "image never loaded"])
def test_twenty_addresses_get_no_code_without_solving_a_captcha(app, outbox, answer):
    for number in range(20):
        client = app.test_client()
        data = {"phone": f"1360000{number:04d}"}
        if answer != "image never loaded":
            client.get("/captcha.png")
        if answer != "none":
            data["captcha"] = {"empty": "", "wrong": "XXXX", "image never loaded": CAPTCHA}[answer]
        for purpose in SEND_PAGES:
            response = client.post(f"/account/sms/{purpose}", data=data,
                                   environ_base={"REMOTE_ADDR": f"10.0.1.{number + 1}"})
            assert response.status_code in (200, 302)

    assert outbox == [] and not SmsCode.objects


@pytest.mark.parametrize(("answer", "message"), [
    ("", "请输入图形验证码。"),
    ("XXXX", "图形验证码不正确，请重新输入。"),
])
def test_a_send_without_the_captcha_says_so_and_sends_nothing(client, outbox, answer, message):
    client.get("/captcha.png")

    response = client.post("/account/sms/forgot_password", data={"phone": PHONE, "captcha": answer})
    script = client.post("/account/sms/forgot_password", data={"phone": PHONE, "captcha": answer},
                         headers={"Accept": "application/json"})

    assert errors(response) == [message]
    assert script.status_code == 400 and script.json["field"] == "captcha"
    assert outbox == []


def test_one_captcha_sends_one_code(client, outbox):
    answer = solve(client)
    assert get_code(client, "forgot_password", PHONE, captcha=answer)

    response = client.post("/account/sms/forgot_exam_number", data={"phone": "13612345679", "captcha": answer})

    assert errors(response) == ["图形验证码已失效，请点击“换一张”。"]
    assert [phone for phone, _text in outbox] == [PHONE]


def test_a_taken_phone_is_named_only_once_the_captcha_is_solved(client, zhang):
    client.get("/captcha.png")

    response = client.post("/account/sms/register", data={"phone": zhang.phone, "captcha": "XXXX"})

    assert errors(response) == ["图形验证码不正确，请重新输入。"]


def test_the_submit_after_a_send_needs_a_new_captcha(client, zhang):
    answer = solve(client)
    page = text(client.post("/account/sms/forgot_exam_number", data={"phone": zhang.phone, "captcha": answer}))
    code = re.search(r"演示模式短信验证码：(\d{6})", page).group(1)

    assert "提交前请输入新的图形验证码。" in page
    assert "获取短信验证码前输入一次，提交前再输入一次，每张图片只能用一次。" in page
    response = client.post("/account/recover/exam-number", data={
        "id_number": zhang.id_number, "name": zhang.name, "phone": zhang.phone, "captcha": answer, "sms_code": code})
    assert errors(response) == ["图形验证码已失效，请点击“换一张”。"]
    assert DEMO_EXAM_NUMBER not in text(response)


def test_the_page_after_a_send_asks_for_the_captcha_afresh(client):
    page = send(client, purpose="forgot_password").get_data(as_text=True)

    captcha_input = re.search(r'<input[^>]*name="captcha"[^>]*>', page).group(0)
    assert 'value=""' in captcha_input and 'src="/captcha.png"' in page


def test_a_first_login_code_needs_no_second_captcha(client, zhang, outbox):
    zhang.update(phone_verified=False)
    client.post("/account/login", data={"login": DEMO_EXAM_NUMBER, "password": "demo2024", "captcha": solve(client)})

    response = client.post("/account/sms/first_login")

    assert "验证码已发送至138****0001，5分钟内有效。" in text(response)
    assert [phone for phone, _text in outbox] == [zhang.phone]


def test_the_hourly_budget_stops_codes_to_every_phone_until_the_next_hour(app, client, clock, outbox, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_HOURLY_BUDGET", 3)
    for number in range(3):
        clock.advance(minutes=10)
        assert get_code(client, "register", f"1360000000{number}")

    response = send(client, "13600000003")

    assert errors(response) == ["短信发送量已达本小时上限，请于11:00后再试。"]
    assert len(outbox) == 3 and not SmsCode.objects(phone="13600000003")
    clock.advance(minutes=30)  # 11:00
    assert get_code(client, "register", "13600000003")


def test_a_failed_delivery_does_not_spend_the_budget(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_HOURLY_BUDGET", 1)
    monkeypatch.setitem(app.config, "SMS_BACKEND", "tests.accounts.test_sms:DownGateway")
    send(client)
    assert Job.objects.get(kind="sms").state == "failed"

    monkeypatch.setitem(app.config, "SMS_BACKEND", "local")
    assert get_code(client, "register", PHONE)


def test_a_code_whose_message_never_went_out_says_so_when_typed(app, client, clock, zhang, recover, monkeypatch):
    """The page said the code was sent (the queue sends it after); once every try has failed, the candidate who
    types a code is told it never went out, and may ask again at once."""
    monkeypatch.setitem(app.config, "SMS_BACKEND", "tests.accounts.test_sms:DownGateway")
    get_code(client, "forgot_exam_number", zhang.phone)

    assert errors(recover("123456")) == ["验证码短信未能发出，请重新获取。"]
    monkeypatch.setitem(app.config, "SMS_BACKEND", "local")
    clock.advance(seconds=1)
    code = get_code(client, "forgot_exam_number", zhang.phone)
    assert code and not errors(recover(code))  # asked again within the minute, and the new code is taken
