"""The thesis type in a real browser: the candidate on a phone and at a desktop, the university's reviewer at a
desktop (tests/browser/fixtures.py)."""
import pytest

from app.models import Application
from tests.browser.test_pages_in_browser import sign_in_candidate, sign_in_staff
from tests.fixtures import jpeg
from tests.workflows.fixtures import open_window


@pytest.fixture
def thesis_open(world):
    open_window("thesis")


def test_a_thesis_application_from_the_notice_to_the_supervisor(page, staff, thesis_open, shots, tmp_path):
    """The thesis type: the candidate, on a phone and at a desktop, applies from the notice to the submission; the
    university's reviewer approves naming the supervisor, whom the candidate then reads."""
    tab = page.tab
    sign_in_candidate(page)
    page.open("/apply/thesis/notice")
    tab.check("input[name=agree]")
    tab.click("button:has-text('我已知晓，继续申请')")
    tab.wait_for_url("**/steps/qualification")
    body = tab.inner_text("body")
    assert "可以申请" in body and "法学(本科)毕业论文(14850)" in body and "不计学分" in body
    shots(page, "thesis-qualification")
    if page.width == "phone":  # the table scrolls inside its frame; the page itself does not get wider
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390

    tab.click("button:has-text('保存，下一步')")
    tab.wait_for_url("**/steps/materials")
    tab.click("button:has-text('保存，下一步')")  # nothing filled in: each field says what it needs
    assert "请上传凭证图片。" in tab.inner_text("body") and "请填写凭证编号。" in tab.inner_text("body")
    shots(page, "thesis-materials-refused")
    image = tmp_path / "diploma.jpg"
    image.write_bytes(jpeg())
    tab.select_option("#voucher_type", "前置学历毕业证书")
    tab.fill("#voucher_number", "1002212010069999")
    tab.fill("#voucher_month", "2010-07")
    tab.select_option("#voucher_province", "天津市")
    tab.set_input_files("#voucher_images", str(image))
    tab.click("button:has-text('保存，下一步')")
    tab.wait_for_url("**/preview")
    assert "1002212010069999" in tab.inner_text("body")
    tab.click("button:has-text('确认无误，提交申请')")
    tab.wait_for_load_state("load")
    assert "申请已提交" in tab.inner_text("body") and "主考院校审核中" in tab.inner_text("body")
    application = Application.objects.get(type="thesis", exam_number="080105408130")

    sign_in_staff(staff, "tjnu")
    staff.open(f"/applicationview/show/{application.pk}")
    assert "当前 — →" in staff.tab.inner_text("form")
    staff.tab.click("button[value=approve]")  # no supervisor typed: the browser holds the form
    assert staff.tab.evaluate("document.querySelector('#input-approve-supervisor').validity.valueMissing")
    assert "/applicationview/show/" in staff.tab.url
    assert Application.objects.get(pk=application.pk).state == "university_review"
    staff.tab.fill("#input-approve-supervisor", "王立新 教授")
    shots(staff, "thesis-review")
    staff.tab.click("button[value=approve]")
    staff.tab.wait_for_url("**/applicationview/list/**")
    assert "已办理：审核通过。" in staff.tab.inner_text("body")
    staff.open(f"/applicationview/show/{application.pk}")
    assert "王立新 教授" in staff.tab.inner_text("body")
    shots(staff, "thesis-reviewed")

    page.open(f"/applications/{application.pk}")
    assert "王立新 教授" in tab.inner_text("body") and "审核通过" in tab.inner_text("body")
    shots(page, "thesis-supervisor")
    assert page.violations() == [] and staff.violations() == []
