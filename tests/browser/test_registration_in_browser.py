"""Registering for a sitting in a real browser, at 390 px and at 1366 px: brochure, choice with 显示全部开考课程,
preview, payment, a change before the deadline, the deadline passing, an administrator's arrangement seating the candidate, and
the seating notice downloaded and read back."""
import datetime
import re

import pypdfium2 as pdfium
import pytest

from app.models import Sitting
from tests.browser.test_candidate_tables_on_phones import TYPED_VALUES
from tests.browser.test_pages_in_browser import sign_in_candidate, sign_in_staff
from tests.registration.fixtures import MA, OTHER_MAJOR, SAT_AM, SAT_PM, SUN_AM, sitting  # noqa: F401


def fits(page):
    """Nothing on the page scrolls sideways, dates and codes stay whole, and no button is out of sight."""
    layout = page.tab.evaluate(TYPED_VALUES)
    assert layout["page"] <= layout["screen"], "the page scrolls sideways"
    assert not layout["hidden"], layout["hidden"]
    assert all(found["lines"] == 1 for found in layout["found"]), [f for f in layout["found"] if f["lines"] > 1]


def pay(page):
    page.tab.click("text=去缴费")
    page.tab.wait_for_url("**/payments/sandbox/**")
    page.tab.click("text=确认支付")
    page.tab.wait_for_url("**/registration")


@pytest.fixture
def registering(sitting):
    return sitting


def test_a_candidate_registers_pays_changes_and_prints_the_notice(page, staff, registering, shots):
    sign_in_candidate(page, MA)
    page.tab.click("text=报名报考")
    page.tab.wait_for_url("**/registration")
    assert "2027年04月考次" in page.tab.inner_text("main")
    shots(page, "registration-home")
    page.tab.click("text=我要报考")
    page.tab.click("button:has-text('下一步')")
    assert "请先阅读并勾选" in page.tab.inner_text("main"), "the brochure must be agreed to"
    page.tab.check("input[name=agree]")
    page.tab.click("button:has-text('下一步')")
    page.tab.wait_for_url("**/courses")

    page.tab.check(f"#course-{SAT_AM}")
    page.tab.click("button:has-text('显示全部开考课程')")
    assert page.tab.is_checked(f"#course-{SAT_AM}"), "a ticked course stays ticked when the list grows"
    page.tab.check(f"#course-{OTHER_MAJOR}")
    page.tab.check(f"#course-{SAT_PM}")
    fits(page)
    shots(page, "registration-courses")
    page.tab.click("button:has-text('下一步')")
    assert "同在 2027-04-10 下午 考试" in page.tab.inner_text("main"), "the clash is named"
    page.tab.uncheck(f"#course-{SAT_PM}")
    page.tab.click("button:has-text('下一步')")
    page.tab.wait_for_url("**/preview")
    assert "2 门 × 30.00 元 = 60.00 元" in page.tab.inner_text("main")
    fits(page)
    shots(page, "registration-preview")
    page.tab.click("text=确认提交")
    page.tab.wait_for_url("**/registration")
    assert "待缴费" in page.tab.inner_text("main")
    pay(page)
    assert "订单支付成功" in page.tab.inner_text("main") and "报考成功" in page.tab.inner_text("main")

    page.tab.click("text=修改报考信息")
    page.tab.check("input[name=agree]")
    page.tab.click("button:has-text('下一步')")
    page.tab.check(f"#course-{SUN_AM}")
    page.tab.click("button:has-text('下一步')")
    page.tab.click("text=确认提交")
    page.tab.wait_for_url("**/registration")
    assert "去缴费（1门，30.00元）" in page.tab.inner_text("main")
    pay(page)
    fits(page)
    shots(page, "registration-paid")

    now = datetime.datetime.now()
    Sitting.objects(pk=registering.pk).update_one(set__registration_closes_at=now - datetime.timedelta(minutes=1),
                                                   set__print_opens_at=now - datetime.timedelta(minutes=1),
                                                   set__print_closes_at=now + datetime.timedelta(days=1))
    sign_in_staff(staff)
    staff.open(f"/arrangement/?sitting={registering.code}")
    staff.tab.click("button:has-text('编排考场')")
    staff.tab.wait_for_load_state("load")
    assert "新排座位3个" in staff.tab.inner_text("body")
    page.open("/registration")
    text = page.tab.inner_text("main")
    assert "报考已截止，以下 3 门已缴费课程报考成功。" in text and "修改报考信息" not in text
    assert "和平区第一中学 第001考场 1号" in text, "each course's seat"
    fits(page)
    shots(page, "registration-closed")
    with page.tab.expect_download() as downloading:
        page.tab.click("text=打印考场座次通知单")
    notice = pdfium.PdfDocument(downloading.value.path())
    shown = re.sub(r"\s", "", notice[0].get_textpage().get_text_range())
    assert "考场座次通知单" in shown and MA in shown and "00249国际私法" in shown and "和平区第一中学" in shown
    assert not page.violations()


def test_a_district_reviews_a_registration_and_reads_its_registrations(app, page, registering, shots):
    from app.models import Application
    from tests.fixtures import candidate_client
    from tests.registration.fixtures import register

    Sitting.objects(pk=registering.pk).update_one(set__district_review=True)
    register(candidate_client(app, MA), registering.reload(), [SAT_AM, SUN_AM])
    review = Application.objects.get(type="registration_review", exam_number=MA)
    sign_in_staff(page, "heping")

    page.open("/applicationview/list/")
    queue = page.tab.inner_text("body")
    assert "报考信息 1" in queue and "马军" in queue and "待考区审核" in queue, "its chip counts it, its row is there"
    shots(page, "registration-review-queue")
    page.open(f"/applicationview/show/{review.pk}")
    body = page.tab.inner_text("body")
    assert "00249 国际私法（2027-04-10 上午 09:00–11:30）" in body and "待考区审核" in body
    shots(page, "registration-review-page")
    page.tab.click("button:has-text('审核通过')")
    page.tab.wait_for_load_state("load")
    assert "已办理：审核通过。" in page.tab.inner_text("body") and "待我办理 0" in page.tab.inner_text("body")

    page.open("/registrationview/list/")
    row = page.tab.locator("tr", has_text="马军").inner_text()
    assert "00249、13702" in row and "考区审核通过" in row and "None" not in row
    shots(page, "registration-staff-list")
    page.open(page.tab.locator("tr", has_text="马军").locator("a[href*='/registrationview/show/']").first
              .get_attribute("href"))
    assert "030101K 法学" in page.tab.inner_text("body")
    shots(page, "registration-staff-show")
    assert page.violations() == []


def test_the_brochure_reads_on_a_phone_and_a_desktop(page, registering, shots):
    sign_in_candidate(page, MA)
    page.open(f"/registration/{registering.code}/brochure")
    assert "一、报考对象" in page.tab.inner_text("main") and page.tab.is_visible("input[name=agree]")
    fits(page)
    shots(page, "registration-brochure")
    assert page.violations() == []
