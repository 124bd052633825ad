"""A district reviewer clears a filtered queue in a real browser: from the home's counts to the type's queue, two
approved in bulk, one rejected in bulk with the type's reason, one decided on its page and straight on to the next,
then the queue exported."""
import csv
import io
import re

import openpyxl

from app.models import Application, BusinessType, District
from bench.worlds import QueueWorld
from tests.browser.test_pages_in_browser import sign_in_staff


def waiting(district):
    return Application.objects(district=district.pk, state="district_review", type="exemption").count()


def test_a_reviewer_clears_a_filtered_queue_with_bulk_actions_and_next_in_queue_and_exports_it(
        app, page, world, shots):
    with app.app_context():
        QueueWorld().grow(300)
        BusinessType.objects(key="exemption").update(set__reason_templates="凭证不清晰\n课程与凭证不符")
        heping = District.objects.get(code="120101")
        before = waiting(heping)
    sign_in_staff(page, "heping")

    page.open("/admin/")
    assert re.search(rf"免考申请审核\s+{before}\s", page.tab.inner_text("#home-queues"))
    shots(page, "queue-1-home")
    page.tab.click("#home-queues a:has-text('免考申请审核')")
    assert f"待我办理 {before}" in page.tab.inner_text("#queue-bar")
    shots(page, "queue-2-waiting")

    boxes = page.tab.locator("input.action_check")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.tab.click(".dropdown-toggle:has-text('操作')")
    page.tab.click(".dropdown-menu a:has-text('审核通过')")
    with page.tab.expect_navigation():
        page.tab.click("#modal-confirm-ok")
    assert "已审核通过 2 件，共选择 2 件。" in page.tab.inner_text(".alert")
    assert "_flt_1_type=exemption" in page.tab.url  # the filter kept
    assert f"待我办理 {before - 2}" in page.tab.inner_text("#queue-bar")

    page.tab.locator("input.action_check").nth(0).check()
    page.tab.click(".dropdown-toggle:has-text('操作')")
    page.tab.click(".dropdown-menu a:has-text('审核不通过')")
    page.tab.wait_for_url("**/bulk_reject**")
    offered = page.tab.eval_on_selector_all("#reasons option", "options => options.map(o => o.value)")
    assert offered == ["凭证不清晰", "课程与凭证不符"]  # the type's own reason templates
    shots(page, "queue-3-bulk-reject")
    page.tab.fill("#comment", offered[1])
    with page.tab.expect_navigation():
        page.tab.click("button:has-text('确定不通过')")
    assert "已审核不通过 1 件，共选择 1 件。" in page.tab.inner_text(".alert")
    assert "_flt_1_type=exemption" in page.tab.url
    shots(page, "queue-4-after-bulk")

    first = page.tab.locator("a[href*='/applicationview/show/']").first.get_attribute("href")
    page.open(first)
    with page.tab.expect_navigation():
        page.tab.click("button[name=event][value=approve]")
    assert "已办理：审核通过。" in page.tab.inner_text(".alert")
    assert "/applicationview/show/" in page.tab.url and page.tab.url.split("/")[-1] != first.split("/")[-1]
    shots(page, "queue-5-next")

    page.tab.go_back()
    page.open("/applicationview/list/?_flt_1_type=exemption")
    with page.tab.expect_download() as download:
        page.tab.click("#export-csv")
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    with app.app_context():
        assert len(rows) - 1 == waiting(heping) == before - 4
    assert rows[0][:3] == ["业务类型", "姓名", "准考证号"] and {row[3] for row in rows[1:]} == {"和平区"}
    assert page.violations() == []


def test_a_large_export_is_followed_on_its_jobs_page_and_downloaded_there(app, page, world, shots, monkeypatch):
    from usecases import exports

    monkeypatch.setattr(exports, "INLINE", 5)
    with app.app_context():
        QueueWorld().grow(300)
        heping = District.objects.get(code="120101")
        expected = Application.objects(district=heping.pk, state="district_review").count()
    sign_in_staff(page, "heping")
    page.open("/applicationview/list/")

    with page.tab.expect_navigation():
        page.tab.click("#export-xlsx")
    assert "正在后台导出" in page.tab.inner_text(".alert")
    page.tab.wait_for_selector("#export-download")
    shots(page, "queue-6-export-job")
    with page.tab.expect_download() as download:
        page.tab.click("#export-download")
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    assert sheet.max_row - 1 == expected
    assert page.violations() == []
