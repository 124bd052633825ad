"""Staff sign-in attempts 员工登录记录: every one, whatever its outcome, for administrators to read."""
import datetime

from flask_babel import lazy_gettext as _l
from mongoengine import DateTimeField, Document, StringField

OUTCOMES = (("success", _l("登录成功")), ("failure", _l("用户名或密码错误")),
            ("account_limited", _l("已拒绝：该账号失败次数过多")),
            ("address_limited", _l("已拒绝：该地址请求过于频繁")))


class StaffLogin(Document):
    at = DateTimeField(required=True, default=datetime.datetime.now, verbose_name=_l("时间"))
    username = StringField(max_length=128, verbose_name=_l("用户名"))
    # The account the attempt counts against: the user's own name when it names one, else what was typed.
    account = StringField(max_length=128, verbose_name=_l("账号"))
    address = StringField(max_length=64, verbose_name=_l("来源地址"))
    outcome = StringField(required=True, choices=OUTCOMES, verbose_name=_l("结果"))

    meta = {"collection": "staff_logins", "ordering": ["-at"],
            "indexes": [("account", "outcome", "-at"), "-at", "address"]}
