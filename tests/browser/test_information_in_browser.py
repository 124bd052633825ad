"""The public information pages 信息查询 in a browser, at 390 px and 1366 px, signed in or not: no typed value (a
date, a course or major code, a phone number) breaks across lines, no button is out of sight, the page never
scrolls sideways, nothing breaks the script policy; the timetable's major filter works with and without script."""
from app.models import TimetableEntry
from tests.browser.test_candidate_tables_on_phones import TYPED_VALUES
from tests.browser.test_pages_in_browser import sign_in_candidate

LAW = "030101K"
PAGES = ["/", "/majors", f"/majors/{LAW}", "/majors/120402", "/timetable", f"/timetable?major={LAW}", "/districts",
         "/majors/nope"]


def read_well(page, shots, name):
    for path in PAGES:
        response = page.open(path)
        assert response.status == (404 if path.endswith("nope") else 200), path
        shown = page.tab.evaluate(TYPED_VALUES)
        shots(page, name + path.replace("/", "-").replace("?", "-"))
        broken = [(found["value"], found["cell"]) for found in shown["found"] if found["lines"] > 1]
        assert not broken, f"{path}: {broken} wrap"
        assert shown["page"] <= shown["screen"], f"{path}: the page is {shown['page']} px wide on {shown['screen']} px"
        assert not shown["hidden"], f"{path}: {shown['hidden']} out of sight"
        # The unknown major's page is itself the one 404 the browser reports.
        assert [problem for problem in page.violations() if response.status != 404 or "404" not in problem] == []


def test_the_information_pages_read_well_on_a_phone_and_a_desktop(page, world, shots):
    read_well(page, shots, "information")


def test_a_signed_in_candidate_reads_them_as_well(page, world, shots):
    sign_in_candidate(page)
    page.tab.click("text=考试安排")
    page.tab.wait_for_url("**/timetable")

    read_well(page, shots, "information-signed-in")


def _shown_courses(page):
    return set(page.tab.locator("main td.mono, main td .mono").all_inner_texts())


def _filter_by_law(tab, button):
    tab.open("/timetable")
    everything = _shown_courses(tab)

    tab.tab.select_option("select#major", LAW)
    if button:
        tab.tab.click("form.pick button[type=submit]")
    tab.tab.wait_for_url(f"**major={LAW}**")

    law = {entry.course.code for entry in TimetableEntry.objects if any(m.code == LAW for m in entry.majors)}
    assert _shown_courses(tab) == law and law < everything
    assert tab.violations() == []


def test_choosing_a_major_filters_the_timetable(page, world):
    _filter_by_law(page, button=False)


def test_without_script_the_filter_has_its_button(scriptless_phone, world):
    _filter_by_law(scriptless_phone, button=True)


def test_the_manual_downloads_from_the_front_page(phone, world):
    phone.open("/")
    with phone.tab.expect_download() as download:
        phone.tab.click("text=下载考生使用手册")

    assert download.value.suggested_filename == "考生使用手册.pdf"
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
