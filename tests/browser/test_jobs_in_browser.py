"""A background job's progress seen moving on the staff pages (1366 px), on the embedded queue and on Redis: the
test holds the job after each progress report until the bar in the browser shows it."""
import queue
import threading

import pytest

from app.jobs import progressed
from app.models import Major
from tests.browser.fixtures import Page
from tests.browser.test_pages_in_browser import sign_in_staff


class Hold:
    """A progress listener that stops the job after each report until the test lets it go on."""

    def __init__(self):
        self.reports, self.go, self.open = queue.Queue(), threading.Semaphore(0), False

    def __call__(self, _job_id, done, total):
        self.reports.put((done, total))
        if not self.open:
            self.go.acquire(timeout=60)

    def next(self):
        return self.reports.get(timeout=20)

    def let_go(self):
        """Every report from now on passes (also what a failing test leaves behind)."""
        self.open = True
        self.go.release()


@pytest.fixture
def hold():
    held = Hold()
    progressed.connect(held)
    yield held
    held.let_go()
    progressed.disconnect(held)


@pytest.fixture
def staff_page(chromium, server):
    opened = Page(chromium, server, "desktop")
    opened.width = "desktop"
    yield opened
    opened.close()


def bar_shows(tab, percent, state):
    tab.wait_for_function(
        """([percent, state]) => {
             const box = document.querySelector(".job-progress");
             return box && box.querySelector(".progress-bar").textContent === percent
               && box.querySelector(".job-state").textContent === state;
           }""", arg=[percent, state], timeout=15000)


def test_a_preaudits_progress_is_seen_moving_on_the_list_and_its_page_then_its_eligible_list(
        app, world, consumer, hold, staff_page, shots, monkeypatch):
    monkeypatch.setitem(app.config, "PREAUDIT_BATCH_SIZE", 2)
    tab = staff_page.tab
    sign_in_staff(staff_page, "heping")
    staff_page.open("/preaudit/")
    tab.select_option("#target", f"major:{Major.objects.get(code='030101K').pk}")
    tab.click("text=开始预审")
    tab.wait_for_url("**/jobview/show/**")
    listing = staff_page.context.new_page()  # the list, open beside the job's page
    listing.goto(staff_page.server + "/jobview/list/")
    listing.evaluate("window.__loaded_once = true")  # gone if the page reloads

    seen = []
    for expected, percent in (((0, 5), "0%"), ((2, 5), "40%"), ((4, 5), "80%")):
        assert hold.next() == expected
        for page in (tab, listing):
            bar_shows(page, percent, "进行中")
            assert page.inner_text(".job-count") == f"{expected[0]}/5"
        seen.append(percent)
        if percent == "40%":
            shots(staff_page, f"job-progress-{consumer.backend}")
        hold.go.release()
    assert hold.next() == (5, 5)
    hold.let_go()

    bar_shows(listing, "100%", "已完成")
    assert listing.inner_text(".job-outcome") == "符合毕业条件1人，差一门课程0人，其余4人"
    assert listing.evaluate("window.__loaded_once") is True
    tab.wait_for_selector("table.preaudit-eligible", timeout=15000)  # the job's page reloads once it is done
    assert seen == ["0%", "40%", "80%"]
    assert tab.inner_text(".progress-bar") == "100%" and tab.inner_text(".job-state") == "已完成"
    assert "080105408130\t张明\t和平区\t030101K 法学" in tab.inner_text("table.preaudit-eligible")
    assert "其余考生：4人。" in tab.inner_text("body") and tab.is_visible("#findings-download")
    shots(staff_page, f"preaudit-findings-{consumer.backend}")
    english = [word for word in ("Search", "Actions", "Record Count", "List", "Add Filter", "Refresh")
               if word in listing.inner_text("body")]
    assert english == []
    assert staff_page.violations() == [] and listing.evaluate("window.__violations") == []
