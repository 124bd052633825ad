"""The review page in the browser, at phone and desktop widths: a resubmission's changes old beside new, and the
pictures opened in the viewer, zoomed and rotated without changing the stored file."""
import hashlib
import types

import pytest

from app.models import Application, Candidate
from app.services import files
from tests.browser.test_pages_in_browser import sign_in_staff
from tests.fixtures import jpeg
from tests.workflows.fixtures import fill, open_window, staff
from usecases import applications
from workflows.engine import Actor, fire


def stored(field, content):
    checked = types.SimpleNamespace(content=content, filename="voucher.jpg", content_type="image/jpeg",
                                    sha256=hashlib.sha256(content).hexdigest(), width=None, height=None)
    return files.store(checked, field)


@pytest.fixture
def resubmitted(app, world):
    """张明's exemption, rejected by 和平区 and resubmitted with another voucher number and picture for 00321."""
    zhang = Candidate.objects.get(exam_number="080105408130")
    candidate = Actor.for_candidate(zhang)
    open_window("exemption")
    with app.test_request_context():
        draft = fill(applications.start(zhang, "exemption"))
        Application.objects(pk=draft.pk).update_one(set__working_attachments=[
            stored(f"evidence.{code}.vouchers.0.images", jpeg(colour=colour))
            for code, colour in (("00261", (200, 220, 240)), ("00321", (240, 200, 160)))])
        application = applications.submit(draft.reload(), candidate)
        fire(application, "reject", staff("heping", "district_reviewer", "district", "120101"), comment="凭证图片不清晰")
        working = application.reload().working
        working["evidence"]["00321"]["vouchers"]["0"]["number"] = "N-00321-B"
        kept = [a for a in application.working_attachments if "00261" in a.field]
        Application.objects(pk=application.pk).update_one(
            set__working=working,
            set__working_attachments=kept + [stored("evidence.00321.vouchers.0.images",
                                                    jpeg(size=(240, 320), colour=(60, 120, 60)))])
        return applications.submit(application.reload(), candidate)


def test_the_reviewer_compares_a_resubmission_and_zooms_and_rotates_its_pictures(page, resubmitted, shots):
    before = [(a.file_id, a.sha256) for a in resubmitted.attachments]
    sign_in_staff(page, "heping")
    page.open(f"/applicationview/show/{resubmitted.pk}")

    changes = page.tab.locator("table.changes")
    assert "凭证编号" in changes.inner_text() and "N-00321" in changes.inner_text() and "N-00321-B" in changes.inner_text()
    row = changes.locator("tr:has(th:has-text('凭证图片')) + tr")  # each change: its label, then old beside new
    assert row.locator("td.change-old img").count() == 1 and row.locator("td.change-new img").count() == 1
    shots(page, "review-1-changes")

    row.locator("td.change-new a.attachment").click()
    viewer = page.tab.locator("#viewer")
    viewer.wait_for(state="visible")
    viewer.locator("[data-viewer-action=rotate-right]").click()
    viewer.locator("[data-viewer-action=zoom-in]").click()
    assert viewer.get_attribute("data-turn") == "90"
    assert viewer.locator("[data-viewer-scale]").inner_text() == "125%"
    assert "rotate(90deg) scale(1.25)" in viewer.locator("img").get_attribute("style")
    bar = viewer.locator(".viewer-bar").bounding_box()
    assert bar["x"] >= 0 and bar["x"] + bar["width"] <= page.tab.viewport_size["width"], "the buttons fit the screen"
    shots(page, "review-2-viewer")
    page.tab.keyboard.press("Escape")
    viewer.wait_for(state="hidden")

    assert [(a.file_id, a.sha256) for a in resubmitted.reload().attachments] == before  # rotating is only a view
    assert page.violations() == []
