"""The pages really work under the Content-Security-Policy: no script or style is refused, no script fails."""

from app.services import demo

ANONYMOUS = ["/", "/account/login", "/account/register", "/account/recover/exam-number", "/account/recover/password",
             "/news", "/login/"]
CANDIDATE = ["/home", "/profile", "/applications", "/scores", "/plan", "/graduation/check", "/messages",
             "/scores/duplicates", "/feedback", "/account/password", "/apply/exemption", "/apply/graduation/notice"]
STAFF = ["/applicationview/list/", "/candidateview/list/", "/courseview/add", "/majorplanview/list/",
         "/businesstypeview/list/", "/users/list/"]


def sign_in_candidate(page, login="080105408130"):
    page.open("/account/login")
    page.tab.fill("input[name=login]", login)
    page.tab.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.tab.click("button[type=submit]")
    page.tab.wait_for_url("**/home")


def sign_in_staff(page, username="admin"):
    page.open("/login/")
    page.tab.fill("input[name=username]", username)
    page.tab.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.tab.click("input[type=submit], button[type=submit]")
    page.tab.wait_for_load_state("load")


def visit(page, paths):
    refused = {}
    for path in paths:
        response = page.open(path)
        assert response.status < 400, path
        if page.violations():
            refused[path] = page.violations()
        page.problems.clear()
        page.tab.evaluate("window.__violations = []")
    return refused


def test_public_pages_break_no_rule(page, world):
    assert visit(page, ANONYMOUS) == {}


def test_candidate_pages_break_no_rule_and_their_script_runs(page, world):
    sign_in_candidate(page)
    assert visit(page, CANDIDATE) == {}

    page.open("/graduation/check")
    page.tab.select_option("select#major", "120402")  # choosing a major shows it, without a button
    page.tab.wait_for_url("**major=120402**")
    assert page.violations() == []


def test_staff_pages_break_no_rule_and_their_script_runs(page, world):
    sign_in_staff(page)
    assert visit(page, STAFF) == {}

    page.open("/courseview/add")
    assert page.tab.evaluate("typeof jQuery === 'function' && typeof jQuery.fn.select2 === 'function'")
    assert page.tab.locator(".select2-container").count() > 0  # FAB's own script ran and dressed the selects
