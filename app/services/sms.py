"""SMS verification codes: sent through a configurable gateway, stored hashed, checked once; and the notices a
decision's message template sends besides its site message (`notify`), delivered by a job, never in the request.

Rules: 6 digits; valid for SMS_CODE_TTL_SECONDS; used once; dead after MAX_ATTEMPTS wrong tries; one
code per phone and purpose every RESEND_SECONDS; at most DAILY_LIMIT codes per phone a day, and at most
SMS_HOURLY_BUDGET codes to all phones in a clock hour. Only the latest code of a phone for a purpose counts.
"""
import datetime
import hashlib
import hmac
import logging
import secrets
from typing import Protocol

from flask import current_app
from flask_babel import gettext as _
from werkzeug.utils import import_string

from app import jobs
from app.models import Candidate, SmsCode, SmsHour
from app.models.sms import SMS_PURPOSES

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RESEND_SECONDS = 60
DAILY_LIMIT = 10


class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> None:
        """Deliver `text` to `phone`, or raise."""


class LocalSmsGateway:
    """Sends nothing: logs the message (development and the demo, where the page shows the code).

    A warning, so the default log level shows it: no phone will receive this message.
    """

    def send(self, phone, text):
        log.warning("SMS not sent (SMS_BACKEND is local) to %s: %s", phone, text)


_BACKENDS = {"local": LocalSmsGateway}


def gateway() -> SmsGateway:
    """The gateway SMS_BACKEND names: "local", or the import path of a gateway class."""
    name = current_app.config["SMS_BACKEND"]
    return (_BACKENDS.get(name) or import_string(name))()


class SmsError(ValueError):
    """A refused send or check, with a message for the candidate."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def now():
    """The time every rule here is measured by (local, as stored); tests move it."""
    return datetime.datetime.now()


def new_code():
    return f"{secrets.randbelow(10 ** 6):06d}"


def _digest(phone, purpose, code):
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{phone}:{purpose}:{code}".encode(), hashlib.sha256).hexdigest()


def ttl_minutes():
    return max(1, current_app.config["SMS_CODE_TTL_SECONDS"] // 60)


def send_code(phone, purpose):
    """Send a new code for `purpose` to `phone` and return it; SmsError says why when refused."""
    at = now()
    latest = (SmsCode.objects(phone=phone, purpose=purpose).order_by("-created_at").only("created_at", "undelivered")
              .first())
    if latest and not latest.undelivered and (at - latest.created_at).total_seconds() < RESEND_SECONDS:
        wait = RESEND_SECONDS - int((at - latest.created_at).total_seconds())
        raise SmsError(_("验证码已发送，请%(seconds)d秒后再重新获取。", seconds=wait))
    midnight = datetime.datetime.combine(at.date(), datetime.time())
    if SmsCode.objects(phone=phone, created_at__gte=midnight, undelivered__ne=True).count() >= DAILY_LIMIT:
        raise SmsError(_("该手机号今日获取验证码的次数已达上限（%(limit)d次），请明天再试。", limit=DAILY_LIMIT))
    _spend_budget(at)
    code = new_code()
    record = SmsCode(phone=phone, purpose=purpose, code_hash=_digest(phone, purpose, code), created_at=at,
                     expires_at=at + datetime.timedelta(seconds=current_app.config["SMS_CODE_TTL_SECONDS"]))
    record.save()
    text = _("【自学考试】您的验证码为%(code)s，用于%(purpose)s，%(minutes)d分钟内有效。请勿泄露给他人。",
             code=code, purpose=dict(SMS_PURPOSES)[purpose], minutes=ttl_minutes())
    try:
        jobs.submit("sms", _("短信验证码（%(purpose)s）发往%(phone)s", purpose=dict(SMS_PURPOSES)[purpose],
                                                                       phone=masked(phone)),
                    requested_by=_("考生"), params={"code": str(record.pk)}, text=text)
    except jobs.NotQueued as error:
        forget(str(record.pk))
        raise SmsError(_("短信发送失败，请稍后重试。")) from error
    return code


def deliver(code, text):
    """Send a code's message (the "sms" job); JobFailed says so to staff when the gateway fails."""
    record = SmsCode.objects(pk=code).only("phone").first()
    if record is None:  # removed (two days old) before its turn came
        return
    try:
        gateway().send(record.phone, text)
    except Exception as error:
        raise jobs.JobFailed(_("短信服务商未能发送，请检查短信服务配置。")) from error


def notify(candidate_id, text):
    """Queue an SMS notice to the candidate (the "notice_sms" job reads their phone, so the request only queues it);
    the job records a failure and the queue retries it. A queue that refuses it leaves the job recorded as failed,
    for staff to run again, and the decision that sent it stands."""
    try:
        jobs.submit("notice_sms", _("短信通知发往考生"), requested_by=_("系统"),
                    params={"candidate": str(candidate_id), "text": text})
    except jobs.NotQueued:
        log.warning("SMS notice to candidate %s not queued; its job is recorded as failed", candidate_id)


def deliver_notice(candidate, text):
    """Send a notice to the candidate's phone (the "notice_sms" job); JobFailed says so to staff when the gateway
    fails. A candidate removed meanwhile gets nothing."""
    phone = Candidate.objects(pk=candidate).scalar("phone").first()
    if phone is None:
        log.warning("SMS notice not sent: candidate %s is no longer recorded", candidate)
        return
    try:
        gateway().send(phone, text)
    except Exception as error:
        raise jobs.JobFailed(_("短信服务商未能发送，请检查短信服务配置。")) from error


def forget(code):
    """A code that was never delivered must not count: mark it so (once), and give its place in the hour's budget
    back, so the candidate may ask again at once and is told, on typing a code, that it never went out."""
    record = SmsCode.objects(pk=code, undelivered__ne=True).only("created_at", "phone").modify(set__undelivered=True)
    if record is None:
        return
    SmsHour.objects(hour=_hour(record.created_at)).update(dec__sent=1)
    log.warning("SMS to %s not delivered; its code is void", masked(record.phone))


def _hour(at):
    """The clock hour a code sent at `at` counts against."""
    return at.replace(minute=0, second=0, microsecond=0)


def _spend_budget(at):
    """Count one code against the hour's budget; SmsError when the budget is spent."""
    hour = _hour(at)
    sent = SmsHour.objects(hour=hour).modify(upsert=True, new=True, inc__sent=1).sent
    if sent > current_app.config["SMS_HOURLY_BUDGET"]:
        SmsHour.objects(hour=hour).update(dec__sent=1)
        log.warning("SMS hourly budget of %d spent", current_app.config["SMS_HOURLY_BUDGET"])
        raise SmsError(_("短信发送量已达本小时上限，请于%(time)s后再试。",
                         time=(hour + datetime.timedelta(hours=1)).strftime("%H:%M")))


def check(phone, purpose, code):
    """The latest code of `phone` for `purpose` if `code` matches it, not yet used; a miss counts as a try."""
    code = (code or "").strip()
    if not code:
        raise SmsError(_("请输入短信验证码。"))
    latest = SmsCode.objects(phone=phone, purpose=purpose).order_by("-created_at").first()
    if latest is None:
        raise SmsError(_("请先获取短信验证码。"))
    if latest.undelivered:
        raise SmsError(_("验证码短信未能发出，请重新获取。"))
    if latest.used:
        raise SmsError(_("该短信验证码已使用，请重新获取。"))
    if latest.attempts >= MAX_ATTEMPTS:
        raise SmsError(_("短信验证码错误次数过多，已失效，请重新获取。"))
    if latest.expires_at <= now():
        raise SmsError(_("短信验证码已过期，请重新获取。"))
    if not hmac.compare_digest(latest.code_hash, _digest(phone, purpose, code)):
        missed = SmsCode.objects(pk=latest.pk).modify(inc__attempts=1, new=True)
        left = MAX_ATTEMPTS - missed.attempts
        if left <= 0:
            raise SmsError(_("短信验证码错误次数过多，已失效，请重新获取。"))
        raise SmsError(_("短信验证码不正确，还可尝试%(left)d次。", left=left))
    return latest


def consume(code_id, phone, purpose):
    """Mark a checked code used, once: SmsError if it was used, killed or expired since."""
    if SmsCode.objects(pk=code_id, phone=phone, purpose=purpose, used=False, attempts__lt=MAX_ATTEMPTS,
                       expires_at__gt=now()).update(set__used=True):
        return
    record = SmsCode.objects(pk=code_id).first()
    if record is None or record.used:
        raise SmsError(_("该短信验证码已使用，请重新获取。"))
    if record.attempts >= MAX_ATTEMPTS:
        raise SmsError(_("短信验证码错误次数过多，已失效，请重新获取。"))
    raise SmsError(_("短信验证码已过期，请重新获取。"))


def verify(phone, purpose, code):
    """Check a code and use it up in one step (pages with no step between the code and the result)."""
    record = check(phone, purpose, code)
    consume(record.pk, phone, purpose)


def masked(phone):
    """138****0001: enough for the candidate to recognise their number."""
    return f"{phone[:3]}****{phone[-4:]}"
