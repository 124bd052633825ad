"""Administrators change and build application types in the browser alone, at phone and desktop widths; what they
built is then used by candidates and reviewers as any shipped type is."""
import datetime

from app.models import Application, BusinessType, Candidate, FormDefinition
from tests.browser.test_pages_in_browser import sign_in_staff
from tests.browser.test_readme_walkthroughs import ZHANG, answer, begin, next_step
from tests.workflows.fixtures import fill, open_window, review
from tests.fixtures import staff_client
from usecases import applications
from workflows.engine import Actor


def test_a_required_field_and_a_moved_window_leave_an_application_in_flight_on_its_version(
        app, page, phone, world, shots):
    open_window("exemption")
    zhang = Candidate.objects.get(exam_number=ZHANG)
    first = FormDefinition.latest("exemption")
    in_flight = applications.submit(fill(applications.start(zhang, "exemption")), Actor.for_candidate(zhang))
    exemption = BusinessType.objects.get(key="exemption")

    # The administrator adds a required 联系电话 to the first step, through the rows, watching the preview.
    sign_in_staff(page)
    page.open(f"/businesstypeview/show/{exemption.pk}")
    page.tab.click("a:has-text('编辑表单')")
    page.tab.wait_for_url("**/formdefinitionview/build/**")
    page.tab.select_option("select[name='s0.new_type']", label="单行文字")
    page.tab.click("button[value='add_field:s0']")
    page.tab.wait_for_load_state("load")
    page.tab.fill("input[name='s0.f1.label']", "联系电话")
    page.tab.check("input[name='s0.f1.required']")
    page.tab.fill("input[name='s0.f1.name']", "phone")
    page.tab.fill("input[name='s0.f1.pattern']", r"^1[3-9]\d{9}$")
    page.tab.fill("input[name='s0.f1.pattern_message']", "请填写11位手机号码")
    preview = page.tab.frame_locator("#preview")
    preview.locator("label:has-text('联系电话')").wait_for()  # the preview follows the rows as they are typed
    assert preview.locator("input[name=phone]").count() == 1
    shots(page, "builder-1-field-added")
    page.tab.fill("input[name=note]", "增加联系电话")
    page.tab.click("button[value=save]")
    page.tab.wait_for_url("**/formdefinitionview/show/**")
    assert f"已保存为第 {first.version + 1} 版" in page.tab.inner_text(".alert")
    shots(page, "builder-2-saved")

    # ...and moves the window: it now closes a fortnight later, at 18:00.
    closes = (datetime.datetime.now() + datetime.timedelta(days=45)).replace(hour=18, minute=0, second=0,
                                                                              microsecond=0)
    page.open(f"/businesstypeview/edit/{exemption.pk}")
    page.tab.fill("#closes_at", closes.strftime("%Y-%m-%dT%H:%M"))
    page.tab.click("button[type=submit]:has-text('保存'), input[type=submit]")
    page.tab.wait_for_load_state("load")
    assert BusinessType.objects.get(key="exemption").closes_at == closes
    assert page.violations() == []

    # The application already in flight finishes on the version it started with.
    for reviewer in ("heping", "province"):
        review(staff_client(app, reviewer), in_flight, "approve")
    done = Application.objects.get(pk=in_flight.pk)
    assert (done.state, done.form_version) == ("approved", first.version)
    assert "phone" not in done.data

    # A new application must give the new field, with its rule, and sees the new window.
    from tests.browser.test_pages_in_browser import sign_in_candidate
    sign_in_candidate(phone)
    phone.open("/apply/exemption")
    assert closes.strftime("%Y-%m-%d %H:%M") in phone.tab.inner_text("main")
    begin(phone, "免考", "**/apply/exemption/notice")
    phone.tab.wait_for_url("**/steps/major")
    answer(phone.tab, {"major": "690206"})
    phone.tab.click("button:has-text('保存，下一步')")
    assert "请填写联系电话。" in phone.tab.inner_text("main")
    answer(phone.tab, {"phone": "12345"})
    phone.tab.click("button:has-text('保存，下一步')")
    assert "请填写11位手机号码" in phone.tab.inner_text("main")
    shots(phone, "builder-3-new-field-refused")
    answer(phone.tab, {"phone": "13812345678"})
    next_step(phone.tab, "courses")
    started = Application.objects(candidate=zhang, state="draft").order_by("-id").first()
    assert started.form_version == first.version + 1 and started.working["phone"] == "13812345678"
