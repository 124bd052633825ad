"""SMS verification codes 短信验证码: kept hashed, one document per code sent."""
import datetime

from flask_babel import lazy_gettext as _l
from mongoengine import BooleanField, DateTimeField, Document, IntField, StringField

SMS_PURPOSES = (("register", _l("新生注册")), ("first_login", _l("首次登录验证")),
                ("forgot_exam_number", _l("找回准考证号")), ("forgot_password", _l("找回密码")))


class SmsCode(Document):
    phone = StringField(required=True, regex=r"^1\d{10}$", verbose_name=_l("手机号码"))
    purpose = StringField(required=True, choices=SMS_PURPOSES, verbose_name=_l("用途"))
    code_hash = StringField(required=True)
    created_at = DateTimeField(required=True, default=datetime.datetime.now, verbose_name=_l("发送时间"))
    expires_at = DateTimeField(required=True, verbose_name=_l("失效时间"))
    attempts = IntField(default=0, min_value=0, verbose_name=_l("错误次数"))
    used = BooleanField(default=False, verbose_name=_l("已使用"))
    # Every try to send its message failed: it counts against no limit, and typing it says so.
    undelivered = BooleanField(default=False, verbose_name=_l("未能发出"))

    meta = {
        "collection": "sms_codes",
        "indexes": [
            ("phone", "purpose", "-created_at"),  # the latest code of a phone for one purpose
            ("phone", "created_at"),  # codes a phone got today
            # Gone two days after sending: the daily limit needs no older ones.
            {"fields": ["created_at"], "expireAfterSeconds": 2 * 24 * 3600},
        ],
    }


class SmsHour(Document):
    """Codes sent in one clock hour to all phones together: what the hourly budget counts."""

    hour = DateTimeField(required=True, unique=True)
    sent = IntField(default=0)

    # The budget reads only the current hour.
    meta = {"collection": "sms_hours", "indexes": [{"fields": ["hour"], "expireAfterSeconds": 2 * 24 * 3600}]}
