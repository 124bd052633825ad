"""No application is stranded, in a real browser: 河东区 has no active reviewer; the administrator's home says so, and
the province approves 李华's exemption at her district's step, the history naming the province as the level."""
from app.models import Application, Candidate
from tests.browser.test_pages_in_browser import sign_in_staff
from tests.browser.test_review_page_in_browser import stored
from tests.fixtures import jpeg
from tests.workflows.fixtures import fill, open_window
from tests.workflows.test_standing_in import set_active
from usecases import applications
from workflows.engine import Actor


def test_the_province_approves_a_district_step_the_district_has_nobody_for_and_the_admin_is_warned(
        app, page, world, shots):
    set_active(app, "hedong", False)
    with app.test_request_context():
        open_window("exemption")
        li_hua = Candidate.objects.get(exam_number="414817170542")
        draft = fill(applications.start(li_hua, "exemption"))
        Application.objects(pk=draft.pk).update_one(set__working_attachments=[
            stored(f"evidence.{code}.vouchers.0.images", jpeg()) for code in ("00261", "00321")])
        application = applications.submit(draft.reload(), Actor.for_candidate(li_hua))

    sign_in_staff(page, "admin")
    page.open("/admin/")
    warning = page.tab.inner_text("#unstaffed")
    assert "没有启用的审核员账号" in warning and "区县 120102 河东区：待审核 1 件" in warning
    shots(page, "stranded-1-admin-home")
    page.tab.context.clear_cookies()  # signed out: the province signs in next

    sign_in_staff(page, "province")
    page.open("/applicationview/list/")
    row = page.tab.locator(f"a[href*='/applicationview/show/{application.pk}']")
    assert row.count() >= 1  # waiting for the province, as nobody in 河东区 can act
    shots(page, "stranded-2-province-queue")
    page.open(f"/applicationview/show/{application.pk}")
    assert page.tab.locator("button[name=event][value=approve]").is_visible()
    shots(page, "stranded-3-review-page")
    with page.tab.expect_navigation():
        page.tab.click("button[name=event][value=approve]")
    assert "已办理：审核通过。" in page.tab.inner_text(".alert")
    with app.app_context():
        assert Application.objects.get(pk=application.pk).state == "provincial_review"

    page.open(f"/applicationview/show/{application.pk}")
    history = page.tab.inner_text("table:has(th:has-text('办理层级'))")
    assert "省级审核（代区县审核）" in history
    page.tab.locator("th:has-text('办理层级')").scroll_into_view_if_needed()
    shots(page, "stranded-4-history")
    assert page.violations() == []
