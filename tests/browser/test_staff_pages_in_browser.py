"""The staff security pages and the audit trail at a desktop, and the one date picker of staff pages, in Chinese
(forms and search filters alike)."""
from app.models import AuditEntry
from tests.browser.test_pages_in_browser import sign_in_staff
from tests.fixtures import staff_client

HEPING = {"first_name": "和平区", "last_name": "审核员", "username": "heping", "email": "heping@demo.zikao.local",
          "active": "y", "roles": ["1"], "district_code": "120101", "university_code": ""}


def test_the_user_list_and_the_audit_trail_read_in_chinese(app, world, staff, shots):
    admin = staff_client(app, "admin")
    admin.post("/users/edit/2", data={**HEPING, "last_name": "审核组长"})
    try:
        sign_in_staff(staff)
        staff.open("/users/list/")
        row = staff.tab.locator("tr", has_text="heping@demo.zikao.local").inner_text()
        assert "和平区" in row and "区县审核" in row and "是" in row and "None" not in row
        shots(staff, "staff-users")

        staff.open(f"/auditview/show/{AuditEntry.objects.get(model='StaffUser', action='edit').pk}")
        changed = staff.tab.locator("table.audit-changes tr", has_text="审核组长").inner_text().split("\t")
        assert [cell.strip() for cell in changed] == ["姓", "审核员", "审核组长"]
        shots(staff, "staff-audit")
        assert staff.violations() == []
    finally:
        admin.post("/users/edit/2", data=HEPING)


def month_shown(page):
    calendar = page.tab.locator(".flatpickr-calendar.open")
    calendar.wait_for()
    return calendar.locator(".flatpickr-monthDropdown-months option").all_inner_texts()


def test_the_date_picker_speaks_chinese_on_forms_and_search_filters(world, staff, shots):
    sign_in_staff(staff)
    staff.open("/sittingview/add")
    staff.tab.click("#scores_published_on")
    months = month_shown(staff)
    assert months[:2] == ["一月", "二月"]
    assert staff.tab.locator(".flatpickr-calendar.open .flatpickr-weekday").first.inner_text().strip() == "周日"
    shots(staff, "staff-date-picker")

    staff.open("/auditview/list/")
    staff.tab.click("a.accordion-toggle:has-text('搜索')")
    staff.tab.click("text=添加过滤条件")
    staff.tab.click("#filter_form a.filter[name=at]")
    staff.tab.click("#filter_form input[name^=_flt_]")
    assert month_shown(staff)[:1] == ["一月"]
    shots(staff, "staff-filter-date-picker")
    assert staff.violations() == []
