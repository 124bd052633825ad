"""Switching to English in a real browser: the candidate's home and an application's step read in English (the
types' titles, the step's title, its labels and help), and so do the staff site's name, menus and queue states."""
from app.models import BusinessType
from bench.worlds import QueueWorld
from tests.browser.test_pages_in_browser import sign_in_candidate, sign_in_staff

ZHAO = "011422045126"


def test_a_candidate_switches_to_english_and_applies_in_english(app, page, world, shots):
    with app.app_context():
        BusinessType.objects(key="backfill").update(set__enabled=True)
    sign_in_candidate(page, ZHAO)
    with page.tab.expect_navigation():
        page.tab.click("a:has-text('English')")
    home = page.tab.inner_text("main")
    assert "My applications" in page.tab.inner_text("body")
    assert "Score back-registration" in home and "成绩补登" not in home
    shots(page, "english-1-home")

    page.tab.click("a:has-text('Score back-registration')")
    page.tab.click("a.button[href$='/notice']")
    assert "Only exam scores of 2002 or earlier" in page.tab.inner_text("main")
    page.tab.check("input[name=agree]")
    with page.tab.expect_navigation():
        page.tab.click("main form button[type=submit]")
    step = page.tab.inner_text("main")
    assert "The score to register" in step and "Kind of score" in step and "Proof of the score" in step
    assert "补登类型" not in step
    shots(page, "english-2-step")
    assert page.violations() == []


def test_staff_switch_to_english_and_read_the_queue_in_english(app, staff, world, shots):
    with app.app_context():
        QueueWorld().grow(20)
    sign_in_staff(staff, "admin")
    staff.open("/lang/en")
    staff.open("/applicationview/list/?queue=all")
    shown = staff.tab.inner_text("body")
    assert "Self-Study Examination Candidate Service Platform" in staff.tab.inner_text(".navbar")
    assert "District review" in shown and "考区审核中" not in shown
    shots(staff, "english-3-queue")
    assert staff.violations() == []
