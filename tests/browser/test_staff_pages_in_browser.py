"""The staff security pages and the audit trail, and the one date picker of staff pages (forms and search filters
alike), in Chinese at 390 px and at 1366 px."""
from app.models import AuditEntry
from tests.browser.test_pages_in_browser import sign_in_staff
from tests.fixtures import staff_client

HEPING = {"first_name": "和平区", "last_name": "审核员", "username": "heping", "email": "heping@demo.zikao.local",
          "active": "y", "roles": ["1"], "district_code": "120101", "university_code": ""}


def test_the_user_list_and_the_audit_trail_read_in_chinese(app, world, page, shots):
    admin = staff_client(app, "admin")
    admin.post("/users/edit/2", data={**HEPING, "last_name": "审核组长"})
    try:
        sign_in_staff(page)
        page.open("/users/list/")
        row = page.tab.locator("tr", has_text="heping@demo.zikao.local").inner_text()
        assert "和平区" in row and "区县审核" in row and "是" in row and "None" not in row
        shots(page, "staff-users")

        page.open(f"/auditview/show/{AuditEntry.objects.get(model='StaffUser', action='edit').pk}")
        changed = page.tab.locator("table.audit-changes tr", has_text="审核组长").inner_text().split("\t")
        assert [cell.strip() for cell in changed] == ["姓", "审核员", "审核组长"]
        shots(page, "staff-audit")
        assert page.violations() == []
    finally:
        admin.post("/users/edit/2", data=HEPING)


def month_shown(page):
    calendar = page.tab.locator(".flatpickr-calendar.open")
    calendar.wait_for()
    return calendar.locator(".flatpickr-monthDropdown-months option").all_inner_texts()


def test_the_date_picker_speaks_chinese_on_forms_and_search_filters(world, page, shots):
    sign_in_staff(page)
    page.open("/sittingview/add")
    page.tab.click("#scores_published_at")
    months = month_shown(page)
    assert months[:2] == ["一月", "二月"]
    assert page.tab.locator(".flatpickr-calendar.open .flatpickr-weekday").first.inner_text().strip() == "周日"
    shots(page, "staff-date-picker")

    page.open("/auditview/list/")
    page.tab.click("a.accordion-toggle:has-text('搜索')")
    page.tab.click("text=添加过滤条件")
    page.tab.click("#filter_form a.filter[name=at]")
    page.tab.click("#filter_form input[name^=_flt_]")
    assert month_shown(page)[:1] == ["一月"]
    shots(page, "staff-filter-date-picker")
    assert page.violations() == []
