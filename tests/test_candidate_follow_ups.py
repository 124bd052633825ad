"""Buttons that carry an application on land on the step that needs the candidate's input, wherever they are shown
(the application's page, the candidate's home, their list, the notice of a type they left a draft of); the home
counts what waits for the candidate."""
import datetime
import io
import re

from app.models import Application
from application_types.recheck.tests.test_recheck import latest_score, published, recheck_open  # noqa: F401
from tests.fixtures import candidate_client, staff_client, text
from tests.test_candidate_applications import at_evidence, evidence, post_files, step, zhao  # noqa: F401
from tests.test_candidate_applications import jpeg

ZHANG = "080105408130"


def buttons(client, url):
    """(label, href) of the buttons a page shows."""
    page = client.get(url).get_data(as_text=True)
    return [(label.strip(), href) for href, label in re.findall(r'<a class="button[^"]*" href="([^"]+)"[^>]*>([^<]+)',
                                                                page)]


def test_a_recheck_waiting_for_its_stamped_form_leads_there_from_home_list_and_page(app, recheck_open, zhang):
    published(datetime.date.today())
    client = candidate_client(app, ZHANG)
    first = client.post("/apply/recheck/notice", data={"agree": "y"}).location
    application_id = first.split("/")[2]
    upload = f"/applications/{application_id}/steps/stamped_form"
    assert "待您办理" not in text(client.get("/home")), "a draft waits for nobody"

    client.post(first, data={"score": str(latest_score(zhang).pk), "reason": "成绩偏低"})
    client.post(f"/applications/{application_id}/submit")

    home = text(client.get("/home"))
    assert "待您办理 1" in home and "我的申请（1项待办理）" in home and "待上传复核申请表" in home
    assert ("上传盖章申请表", upload) in buttons(client, "/home")
    assert ("上传盖章申请表", upload) in buttons(client, "/applications")
    assert ("上传盖章申请表", upload) in buttons(client, f"/applications/{application_id}")

    client.post(upload, data={"request_form": [(io.BytesIO(jpeg()), "form.jpg")]})
    client.post(f"/applications/{application_id}/submit")
    assert Application.objects.get(pk=application_id).state == "district_review"
    assert "待您办理" not in text(client.get("/home")) and "项待办理" not in text(client.get("/home"))
    assert not [label for label, _href in buttons(client, "/applications") if label == "上传盖章申请表"]

    application = Application.objects.get(pk=application_id)
    staff_client(app, "heping").post(f"/applicationview/review/{application_id}", data={
        "event": "reject", "comment": "盖章不清晰", "version": application.version})
    # Sent back: only the candidate can move it on; the form is there, so resubmitting starts from the preview.
    assert ("重新提交", f"/applications/{application_id}/preview") in buttons(client, "/home")


def test_a_preview_with_something_missing_links_to_the_step_to_fill_in(zhao, at_evidence):
    page = zhao.get(f"/applications/{at_evidence}/preview").get_data(as_text=True)
    assert "以下内容尚未填写完整" in page
    assert f'<a href="{step(at_evidence, "evidence")}">去填写</a>' in page


def test_agreeing_to_the_notice_again_carries_on_the_draft_left_unfinished(zhao, at_evidence):
    again = zhao.post("/apply/exemption/notice", data={"agree": "y"})
    assert again.location == step(at_evidence, "evidence"), "where the candidate stopped, not the first step"

    post_files(zhao, step(at_evidence, "evidence"), evidence())
    assert zhao.post("/apply/exemption/notice", data={"agree": "y"}).location == f"/applications/{at_evidence}/preview"
