"""Candidate accounts: registration, sign-in with throttling, recovery and password changes, with no HTTP in them."""
import dataclasses
import datetime
import hashlib
import hmac
import ipaddress
import re
import secrets

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from mongoengine.errors import NotUniqueError
from mongoengine.queryset.visitor import Q
from werkzeug.security import check_password_hash

from app.models import Candidate, Counter, District, LoginThrottle
from app.passwords import hash_password, shared_hash
from app.services import idcard, sms

PASSWORD_POLICY = _l("密码长度8–32位，须同时包含字母和数字。")
_PASSWORD = re.compile(r"^(?=.*[A-Za-z])(?=.*\d).{8,32}$")
MAX_FAILED_LOGINS = 5
WAIT_MINUTES = 15


def now():
    """The time sign-in waits are measured by (local, as stored); tests move it."""
    return datetime.datetime.now()


class AccountError(ValueError):
    """A refusal tied to one form field, with a message for the candidate."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def password_acceptable(password):
    return bool(_PASSWORD.match(password or ""))


def new_exam_number(district, today=None):
    """12 digits: year (2), district (4), then a sequence per district and year (6)."""
    year = (today or datetime.date.today()).strftime("%y")
    prefix = year + district.code[-4:]
    sequence = Counter.next(f"exam_number:{prefix}")
    if sequence > 999_999:
        raise AccountError("district", _("本区县本年度准考证号已用完，请联系考籍管理区县。"))
    return f"{prefix}{sequence:06d}"


def prepare_registration(id_number, name, password, district_code, phone, sms_code_id):
    """Check a self-registration (ID card holders) and return what the confirmation step keeps.

    The password is kept hashed, never as typed; nothing is saved until `complete_registration`.
    """
    parsed = _parse_id(id_number)
    if not password_acceptable(password):
        raise AccountError("password", str(PASSWORD_POLICY))
    _district(district_code)
    _refuse_taken(parsed.number, phone)
    return {"id_number": parsed.number, "name": name.strip(), "district": district_code, "phone": phone,
            "password_hash": hash_password(password), "sms_code": str(sms_code_id)}


def complete_registration(pending):
    """Create the account the candidate confirmed, using up its SMS code; nothing is saved on refusal."""
    parsed = _parse_id(pending["id_number"])
    district = _district(pending["district"])
    _refuse_taken(parsed.number, pending["phone"])
    _consume(pending["sms_code"], pending["phone"], "register")
    candidate = Candidate(
        exam_number=new_exam_number(district), id_type="id_card", id_number=parsed.number, name=pending["name"],
        sex=parsed.sex, birth_date=parsed.birth_date, phone=pending["phone"], district=district,
        password_hash=pending["password_hash"],
    )
    try:
        candidate.save()
    except NotUniqueError:
        # Someone registered the same ID or phone a moment ago: say which, as if we had seen it first.
        _refuse_taken(parsed.number, pending["phone"])
        raise
    return candidate


def _consume(sms_code_id, phone, purpose):
    try:
        sms.consume(sms_code_id, phone, purpose)
    except sms.SmsError as error:
        raise AccountError("sms_code", error.message) from error


def _parse_id(id_number):
    try:
        return idcard.parse(id_number)
    except idcard.InvalidIdNumber as error:
        raise AccountError("id_number", str(error)) from error


def _district(code):
    district = District.objects(code=code, active=True).first()
    if district is None:
        raise AccountError("district", _("请选择考籍管理区县。"))
    return district


def _refuse_taken(id_number, phone):
    if Candidate.objects(id_number=id_number).only("id").first():
        raise AccountError("id_number", _("该身份证号已注册，请直接登录；如忘记准考证号或密码，请使用找回功能。"))
    refuse_taken_phone(phone)


def refuse_taken_phone(phone):
    if Candidate.objects(phone=phone).only("id").first():
        raise AccountError("phone", _("该手机号已绑定其他账号，一个手机号只能注册一个账号。"))


@dataclasses.dataclass(frozen=True)
class Client:
    """Where a sign-in comes from: the network address, and the device token the browser showed, if any."""

    address: str
    device: str | None = None


def device_token(candidate):
    """A token for a browser that has just signed in to `candidate`. Shown again, it gives that browser's
    sign-ins to the account a count of their own, apart from anyone else at its address."""
    nonce = secrets.token_urlsafe(12)
    return f"{nonce}.{_device_mac(candidate.pk, nonce)}"


def knows_device(candidate, token):
    """Whether `token` was made by `device_token` for this candidate."""
    nonce, _dot, mac = (token or "").partition(".")
    return bool(nonce and mac) and hmac.compare_digest(mac.encode(), _device_mac(candidate.pk, nonce).encode())


def _device_mac(account_id, nonce):
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"device:{account_id}:{nonce}".encode(), hashlib.sha256).hexdigest()[:32]


def authenticate(login, password, client):
    """The active candidate whose exam number or ID number is `login`, if the password matches.

    Raises AccountError otherwise. Wrong passwords are counted per account and client (a browser that
    signed in to the account before, else the address, an IPv6 one by its /64 network): at
    MAX_FAILED_LOGINS in a row that client waits WAIT_MINUTES, and while it waits not even the right
    password gets in from it. No client's wrong passwords hold up another, so a stranger cannot keep the
    account holder out; every try also needs a solved captcha. A login no account has is counted the same
    way, so a wait tells nobody whether an account exists.
    """
    at = now()
    login = (login or "").strip().upper()
    field = "exam_number" if re.fullmatch(r"\d{12}", login) else "id_number"
    candidate = Candidate.objects(**{field: login}).first()
    retired = candidate is not None and candidate.merged_into is not None
    if candidate is not None and not candidate.active and not retired:
        candidate = None
    account = str(candidate.pk) if candidate else "login:" + login[:50]
    if candidate is not None and knows_device(candidate, client.device):
        client_key = "device:" + client.device.partition(".")[0]
    else:
        client_key = "address:" + _network(client.address)
    throttle = LoginThrottle.objects(account=account, client=client_key).first()
    if throttle and throttle.until and throttle.until > at:
        raise _wait(throttle.until)
    if candidate is None:
        # A dummy hash is checked, so a wrong login takes as long as a wrong password.
        check_password_hash(shared_hash("no such account"), password or "")
    right = candidate is not None and (candidate.check_password(password or "") or (
        retired and candidate.merged_into.check_password(password or "")))
    if not right:
        _count_failure(account, client_key, at)
        raise AccountError("password", _("账号或密码不正确。"))
    if retired:  # told only to who shows, with either record's password, that they hold it
        raise AccountError("login", _("准考证号 %(old)s 已合档并入准考证号 %(new)s，请使用 %(new)s 登录。",
                                       old=candidate.exam_number, new=candidate.merged_into.exam_number))
    if throttle:
        throttle.delete()
    return candidate


def _network(address):
    """The client as counted: an IPv4 address, or the /64 network of an IPv6 one (one subscriber's block)."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return address or ""
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False)) if parsed.version == 6 else str(parsed)


def _count_failure(account, client_key, at):
    throttle = LoginThrottle.objects(account=account, client=client_key).modify(
        upsert=True, new=True, inc__failures=1, set__at=at)
    if throttle.failures >= MAX_FAILED_LOGINS:
        until = at + datetime.timedelta(minutes=WAIT_MINUTES)
        LoginThrottle.objects(pk=throttle.pk).update(set__failures=0, set__until=until)
        raise _wait(until)


def _wait(until):
    return AccountError("password", _("密码连续输错%(times)d次，请于%(time)s后再试，或通过“忘记密码”重新设置。",
                                      times=MAX_FAILED_LOGINS, time=retry_time(until)))


def retry_time(until):
    """A wait's end as the page names it: to the minute, rounded up, so trying again at that minute works."""
    shown = until.replace(second=0, microsecond=0)
    if shown < until:
        shown += datetime.timedelta(minutes=1)
    return shown.strftime("%H:%M")


def mark_phone_verified(candidate):
    Candidate.objects(pk=candidate.pk).update(set__phone_verified=True)


def recover_exam_numbers(id_number, name, phone, sms_code_id):
    """Every exam number of the person with this ID, name and phone, using up the SMS code that proved
    the phone: the account's own number first, then those a record merge brought to it."""
    candidate = Candidate.objects(id_number=(id_number or "").strip().upper(), name=(name or "").strip(),
                                  phone=phone, active=True).first()
    if candidate is None:
        raise AccountError("id_number", _("未找到身份证号、姓名和手机号均一致的考生，请核对后重新输入。"))
    _consume(sms_code_id, phone, "forgot_exam_number")
    return list(dict.fromkeys([candidate.exam_number, *candidate.other_exam_numbers]))


def account_for_reset(id_number, exam_number, phone):
    """The account a forgotten password belongs to: its ID, one of its exam numbers, and its phone."""
    exam_number = (exam_number or "").strip()
    candidate = Candidate.objects(Q(exam_number=exam_number) | Q(other_exam_numbers=exam_number),
                                  id_number=(id_number or "").strip().upper(), phone=phone, active=True).first()
    if candidate is None:
        raise AccountError("id_number", _("未找到身份证号、准考证号和手机号均一致的考生，请核对后重新输入。"))
    return candidate


def reset_password(candidate_id, password, sms_code_id, phone):
    """Set a forgotten password, using up the SMS code that proved the phone; no client waits any longer."""
    if not password_acceptable(password):
        raise AccountError("password", str(PASSWORD_POLICY))
    candidate = Candidate.objects(pk=candidate_id, phone=phone, active=True).first()
    if candidate is None:
        raise AccountError("sms_code", _("账号信息已变更，请重新找回密码。"))
    _consume(sms_code_id, phone, "forgot_password")
    _save_password(candidate, password)


def change_password(candidate, old_password, password):
    """A signed-in candidate's new password; every other session of the account ends."""
    if not candidate.check_password(old_password or ""):
        raise AccountError("old_password", _("原密码不正确。"))
    if not password_acceptable(password):
        raise AccountError("password", str(PASSWORD_POLICY))
    if candidate.check_password(password):
        raise AccountError("password", _("新密码不能与原密码相同。"))
    _save_password(candidate, password)


def _save_password(candidate, password):
    candidate.set_password(password)
    Candidate.objects(pk=candidate.pk).update(set__password_hash=candidate.password_hash,
                                             set__session_version=candidate.session_version)
    LoginThrottle.objects(account=str(candidate.pk)).delete()
