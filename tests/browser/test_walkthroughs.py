"""Walk-throughs in the browser, at phone and desktop widths: what this release changed for the people who use it."""
import datetime
import re

import pytest

from app import roles
from app.models import Application, BusinessType, Candidate, Score, Sitting
from app.scope import Scope
from app.services import captcha
from usecases import applications
from tests.browser.test_pages_in_browser import sign_in_staff
from app.services import files
from application_types.recheck.form import RECHECK_FORM
from tests.fixtures import jpeg
from application_types.recheck.tests.test_recheck import drafted, latest_score
from workflows.engine import Actor, fire

CAPTCHA = "K7WP"
ZHANG = "080105408130"


@pytest.fixture
def captchas(app, monkeypatch):
    """Captchas checked as the served app checks them, every image showing CAPTCHA."""
    monkeypatch.setitem(app.config, "CAPTCHA_ENABLED", True)
    monkeypatch.setattr(captcha, "random_text", lambda: CAPTCHA)


def test_a_new_candidate_solves_the_captcha_gets_the_code_and_registers(page, world, captchas, shots):
    tab = page.tab
    page.open("/account/register")
    tab.fill("#id_number", "11010519491231002X")
    tab.fill("#name", "王小明")
    tab.fill("#password", "abc12345")
    tab.fill("#password2", "abc12345")
    tab.select_option("#district", "120101")
    tab.fill("#phone", "13900000123")

    tab.click("button.sms-send")  # no captcha typed: nothing is sent
    assert "请输入图形验证码" in tab.locator(".sms-status.refused").inner_text(timeout=5000)
    page.problems.clear()  # the browser logs the refusal's status (400) as an error

    tab.fill("#captcha", CAPTCHA)
    tab.click("button.sms-send")
    code = re.search(r"演示模式短信验证码：(\d{6})", tab.locator(".sms-status.sent").inner_text(timeout=5000)).group(1)
    assert tab.input_value("#captcha") == ""  # that image is used up: a new one is shown
    tab.fill("#sms_code", code)
    tab.fill("#captcha", CAPTCHA)
    shots(page, "register")
    tab.click("text=下一步：核对信息")

    tab.wait_for_url("**/account/register/confirm")
    assert "11010519491231002X" in tab.inner_text("main") and "王小明" in tab.inner_text("main")
    tab.click("text=信息无误，确认注册")
    tab.wait_for_url("**/account/registered")
    assert Candidate.objects.get(id_number="11010519491231002X").exam_number in tab.inner_text("main")
    assert page.violations() == []


@pytest.fixture
def recheck_at_province(app, world):
    """张明's recheck of 13144 (72 points, sitting 2023-10), forwarded by 和平区 to the province."""
    now = datetime.datetime.now()
    BusinessType.objects(key="recheck").update(set__enabled=True, set__opens_at=now - datetime.timedelta(days=1),
                                               set__closes_at=now + datetime.timedelta(days=30))
    Sitting.objects(code="2023-10").update_one(upsert=True, set__scores_published_at=now - datetime.timedelta(hours=1))
    zhang = Candidate.objects.get(exam_number=ZHANG)
    heping = Actor("staff", None, "和平区审核员", frozenset({roles.DISTRICT_REVIEWER}),
                   Scope(roles.SCOPE_DISTRICT, "120101"))
    with app.test_request_context():
        candidate = Actor.for_candidate(zhang)
        application = applications.submit(drafted(zhang, latest_score(zhang)), candidate)
        stamped = files.store(files.check(jpeg(), "form.jpg", RECHECK_FORM.field("request_form").rules),
                              "request_form")
        Application.objects(pk=application.pk).update_one(push__working_attachments=stamped)
        application = applications.submit(application.reload(), candidate)
        return fire(application, "approve", heping)


def test_the_province_corrects_a_recheck_in_the_marks_own_field(page, recheck_at_province, shots):
    tab, application = page.tab, recheck_at_province
    sign_in_staff(page, "province")
    page.open(f"/applicationview/show/{application.pk}")
    mark = tab.locator("input[type=number]")
    assert "当前 72 →" in tab.inner_text("form")
    shots(page, "recheck-review")

    tab.fill("#comment", "第2题漏判，更正为80分")
    tab.click("button[value=correct]")  # no mark typed: the browser holds the form, as the server would refuse it
    assert Application.objects.get(pk=application.pk).state == "provincial_review"
    mark.fill("80")
    tab.click("button[value=correct]")
    tab.wait_for_url("**/applicationview/list/**")
    assert "已办理：更正成绩。" in tab.inner_text("body")

    assert Application.objects.get(pk=application.pk).state == "corrected"
    assert Score.objects.get(pk=application.data["score"]).mark == 80
    page.open(f"/applicationview/show/{application.pk}")
    assert "更正后的成绩：72 → 80" in tab.inner_text("table.table-striped")
    shots(page, "recheck-history")
    assert page.violations() == []
