"""An administrator arranges the exam rooms in the browser, at a desktop and on a phone: started from its page, the
job's page shows what was seated, and after a room is taken out of use, who moved where."""
from app.models import ExamRoom, ExamSite, District
from tests.browser.test_pages_in_browser import sign_in_staff
from tests.test_arrangement import SAT_AM, register, sitting  # noqa: F401  (the fixture)


def test_an_administrator_arranges_then_reads_who_moved(page, sitting, shots):
    people = register(sitting, "和平区", 35, [SAT_AM])
    sign_in_staff(page)
    page.open(f"/arrangement/?sitting={sitting.code}")
    shots(page, "arrangement-1-start")
    page.tab.click("button:has-text('编排考场')")
    page.tab.wait_for_load_state("load")
    assert "新排座位35个，保留原座位0个，调整座位0个，释放座位0个。" in page.tab.inner_text("body")

    ExamRoom.objects(site=ExamSite.objects.get(district=District.objects.get(name="和平区")),
                     number="002").update(set__in_use=False)
    page.open(f"/arrangement/?sitting={sitting.code}")
    page.tab.click("button:has-text('编排考场')")
    page.tab.wait_for_load_state("load")
    shots(page, "arrangement-2-moved")

    moves = page.tab.inner_text(".arrangement-moves")
    assert "调整了座位的考生（5人次）" in page.tab.inner_text("body")
    assert all(person.exam_number in moves for person in people[30:])
    assert page.tab.evaluate("document.documentElement.scrollWidth") <= page.tab.viewport_size["width"]
    page.open("/seatview/list/?_flt_1_room_number=003")
    shots(page, "arrangement-3-seating-list")
    assert people[30].exam_number in page.tab.inner_text("body")
    assert page.violations() == []
