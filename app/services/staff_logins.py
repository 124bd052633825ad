"""Staff sign-ins: every attempt is recorded; an account whose failures fill STAFF_ACCOUNT_LOGIN_LIMIT
(e.g. "5 per 15 minutes", counted since its latest success) is refused until the oldest of them is
out of the window, whatever the password and wherever the attempt comes from. Per address, FAB's
AUTH_RATE_LIMIT holds besides."""
import datetime

from flask import current_app
from flask_babel import gettext as _
from limits import parse

from app.models import StaffLogin
from app.services.accounts import retry_time


def now():
    """The time the limit is measured by (local, as stored); tests move it."""
    return datetime.datetime.now()


def record(username, account, address, outcome):
    StaffLogin(at=now(), username=(username or "")[:128], account=(account or "")[:128], address=address,
               outcome=outcome).save()


def refused_until(account):
    """When `account` may try again, if its recent failures fill the limit; None if it may now."""
    limit = parse(current_app.config["STAFF_ACCOUNT_LOGIN_LIMIT"])
    window = datetime.timedelta(seconds=limit.get_expiry())
    since = now() - window
    success = StaffLogin.objects(account=account, outcome="success", at__gt=since).order_by("-at").only("at").first()
    failures = StaffLogin.objects(account=account, outcome="failure", at__gt=success.at if success else since)
    counted = list(failures.order_by("-at").only("at").limit(limit.amount))
    return counted[-1].at + window if len(counted) >= limit.amount else None


def refusal(until):
    """What the sign-in page says to an account refused until `until`."""
    return _("该账号登录失败次数过多，请于%(time)s后再试。", time=retry_time(until))
