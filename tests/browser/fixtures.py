"""A real browser (Playwright driving Debian's chromium) on the app served from a thread, at phone and desktop widths.

`make test` installs chromium where it is missing. A failing test leaves a full-page screenshot of every tab it
had open in `test-screens/` (or `$TEST_SCREENS`), named in the failure report.
"""
import os
import pathlib
import re
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}
FAILED_SCREENS = pathlib.Path(os.environ.get("TEST_SCREENS") or pathlib.Path(__file__).parents[2] / "test-screens")
OPEN = []  # the tabs of the running test, for the screenshots of a failure
# Collects Content-Security-Policy violations; injected by the browser, so the page's policy does not apply to it.
WATCH = """window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});"""


@pytest.fixture(scope="session")
def server(app):
    assert os.path.exists(CHROMIUM), f"no chromium at {CHROMIUM}: `make test` installs it (or set CHROMIUM_PATH)"
    served = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=served.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{served.server_port}"
    served.shutdown()


@pytest.fixture(scope="session")
def chromium(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


class Page:
    """A browser tab at one width that remembers every script error and policy violation it saw."""

    def __init__(self, browser, server, width, scripts=True):
        w, h = WIDTHS[width]
        self.width = width
        self.context = browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN",
                                           java_script_enabled=scripts)
        self.context.set_default_timeout(10000)  # a step that does not happen fails in seconds, not half a minute
        self.context.add_init_script(WATCH)
        self.tab = self.context.new_page()
        self.server, self.problems = server, []
        self.tab.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        self.tab.on("pageerror", lambda error: self.problems.append(str(error)))
        OPEN.append(self)

    def open(self, path):
        response = self.tab.goto(self.server + path)
        self.tab.wait_for_load_state("load")
        return response

    def violations(self):
        return self.tab.evaluate("window.__violations") + self.problems

    def close(self):
        OPEN.remove(self)
        self.context.close()


@pytest.fixture(params=list(WIDTHS))
def page(request, chromium, server):
    opened = Page(chromium, server, request.param)
    yield opened
    opened.close()


@pytest.fixture
def people(chromium, server):
    """A candidate on a phone and a member of staff at a desktop, in one walk-through."""
    candidate, staff = Page(chromium, server, "phone"), Page(chromium, server, "desktop")
    yield candidate, staff
    candidate.close()
    staff.close()


def _tab(chromium, server, width, **options):
    opened = Page(chromium, server, width, **options)
    yield opened
    opened.close()


@pytest.fixture
def phone(chromium, server):
    """A candidate on a phone."""
    yield from _tab(chromium, server, "phone")


@pytest.fixture
def scriptless_phone(chromium, server):
    """A candidate on a phone whose browser runs no script."""
    yield from _tab(chromium, server, "phone", scripts=False)


@pytest.fixture
def staff(chromium, server):
    """A member of staff at a desktop."""
    yield from _tab(chromium, server, "desktop")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, keep what each of its tabs showed, and say where."""
    report = (yield).get_result()
    if not (report.failed and OPEN):
        return
    FAILED_SCREENS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", item.nodeid.split("::", 1)[-1]).strip("_")
    for number, opened in enumerate(OPEN):
        path = FAILED_SCREENS / f"{name}-{report.when}-{number}-{opened.width}.png"
        try:
            opened.tab.screenshot(path=str(path), full_page=True)
        except Exception as error:  # the tab may be what failed; the report says so instead of hiding the test's own
            report.sections.append(("screenshot", f"{path}: not taken ({error})"))
        else:
            report.sections.append(("screenshot", str(path)))


@pytest.fixture(scope="session")
def screens(tmp_path_factory):
    return tmp_path_factory.mktemp("screens")


@pytest.fixture
def shots(screens):
    """Save a full-page screenshot for a person to look at (pytest's temporary folder, printed with -s)."""

    def shoot(page, name):
        path = screens / f"{name}-{page.width}.png"
        page.tab.screenshot(path=str(path), full_page=True)
        print("screenshot", path)

    return shoot
