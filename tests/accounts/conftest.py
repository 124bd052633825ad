"""Account tests read the captcha and the demo SMS code as a person reads them off the page, on a clock they move."""
import datetime
import re

import pytest

from app.services import accounts, captcha, sms, staff_logins
from tests.fixtures import text

CAPTCHA = "K7WP"


class Clock:
    """The time the SMS, account and staff sign-in rules read, moved by the test: 10:00 today to start with."""

    def __init__(self, monkeypatch):
        self.at = datetime.datetime.combine(datetime.date.today(), datetime.time(10))
        for service in (sms, accounts, staff_logins):
            monkeypatch.setattr(service, "now", lambda: self.at)

    def advance(self, **delta):
        self.at += datetime.timedelta(**delta)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture(autouse=True)
def captchas(app, monkeypatch):
    """Check captchas as the served app does (the test configuration turns them off, as it does CSRF),
    with every image showing CAPTCHA, so a test can read it."""
    monkeypatch.setitem(app.config, "CAPTCHA_ENABLED", True)
    monkeypatch.setattr(captcha, "random_text", lambda: CAPTCHA)


def solve(client):
    """Load the captcha image as the page does and read it: the answer for the next form posted."""
    assert client.get("/captcha.png").status_code == 200
    return CAPTCHA


def get_code(client, purpose, phone, **form):
    """Read the captcha and press 获取验证码 without JavaScript; the code the demo page shows, or None when refused."""
    response = client.post(f"/account/sms/{purpose}", data={"phone": phone, "captcha": solve(client), **form})
    assert response.status_code == 200
    found = re.search(r"演示模式短信验证码：(\d{6})", text(response))
    return found and found.group(1)


def wrong(code):
    """A code that differs from `code` in its last digit."""
    return code[:-1] + str((int(code[-1]) + 1) % 10)
