"""A transfer in 转入 in a real browser: the candidate on a phone and at a desktop transfers in a course passed here
already, the district's and the province's reviewers at a desktop approve (tests/browser/fixtures.py)."""
import pytest

from app.models import Application
from tests.browser.test_pages_in_browser import sign_in_candidate, sign_in_staff
from tests.fixtures import jpeg
from tests.workflows.fixtures import open_window

DUPLICATE = "你已有 犯罪学（13144）的合格成绩（考试，2023-10，72 分），转入后将产生重复成绩"
CREDITS = "犯罪学（13144）：课程学分以本省为准：6 学分（你填写的是 4 学分）。"


@pytest.fixture
def transfer_open(world):
    open_window("transfer_in")


def _approve(staff, username, application, shots):
    sign_in_staff(staff, username)
    staff.open(f"/applicationview/show/{application.pk}")
    body = staff.tab.inner_text("body")
    assert "转入课程核对" in body and "1 门课程考生填写的学分与本省不同，转入后按本省学分计。" in body
    assert "考生已有 犯罪学（13144）的合格成绩（考试，2023-10，72 分），转入后将产生重复成绩" in body
    row = staff.tab.inner_text("#transfer-courses tbody tr:first-child")
    assert "犯罪学（13144）" in row and "4" in row and "6 （不同）" in row and "2023-10 72" in row
    shots(staff, f"transfer-in-review-{username}")
    staff.tab.click("button[value=approve]")
    staff.tab.wait_for_url("**/applicationview/list/**")
    assert "已办理：审核通过。" in staff.tab.inner_text("body")
    staff.open("/logout/")


def test_a_transfer_in_of_a_course_passed_here(page, staff, transfer_open, shots, tmp_path):
    """张明 passed 犯罪学 here (2023-10, 72) and transfers it in from 江西省 (2024-04, 75, 4 credits where ours has 6):
    he is warned on the step and the preview, submits, both reviewers read the warning and both credits and approve;
    his scores then show the transferred score under 江西省's number, and 当次成绩 is still his sitting of 2023-10."""
    tab = page.tab
    sign_in_candidate(page)
    page.open("/apply/transfer_in/notice")
    tab.check("input[name=agree]")
    tab.click("button:has-text('我已知晓，继续申请')")
    tab.wait_for_url("**/steps/source")
    tab.select_option("[name=province]", "天津市")
    tab.fill("[name=exam_number]", "360101234567")
    tab.select_option("[name=major]", "030101K")
    tab.click("button:has-text('保存，下一步')")
    assert "来源省不能是本省（天津市）：在本省取得的成绩无需转入。" in tab.inner_text("body")
    tab.select_option("[name=province]", "江西省")
    tab.click("button:has-text('保存，下一步')")
    tab.wait_for_url("**/steps/courses")

    tab.select_option("[name=courses-0-course]", "13144")
    tab.fill("[name=courses-0-mark]", "75")
    tab.fill("[name=courses-0-credits]", "4")
    tab.fill("[name=courses-0-sitting]", "2099-04")
    tab.click("button:has-text('保存，下一步')")
    assert "第1项的考试时间 2099-04 晚于本月" in tab.inner_text("body")
    tab.fill("[name=courses-0-sitting]", "2024-04")
    tab.click("button:has-text('保存，下一步')")
    tab.wait_for_url("**/steps/proof")
    image = tmp_path / "transcript.jpg"
    image.write_bytes(jpeg())
    tab.set_input_files("[name=proof]", str(image))
    tab.click("button:has-text('保存，下一步')")
    tab.wait_for_url("**/preview")
    body = tab.inner_text("body")
    assert DUPLICATE in body and CREDITS in body
    shots(page, "transfer-in-preview")
    if page.width == "phone":
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    application = Application.objects.get(type="transfer_in", exam_number="080105408130")
    page.open(f"/applications/{application.pk}/steps/courses")
    assert DUPLICATE in tab.inner_text("body") and CREDITS in tab.inner_text("body")
    shots(page, "transfer-in-courses-step")
    page.open(f"/applications/{application.pk}/preview")
    tab.click("button:has-text('确认无误，提交申请')")
    tab.wait_for_load_state("load")
    assert "申请已提交" in tab.inner_text("body")

    _approve(staff, "heping", application, shots)
    _approve(staff, "province", application, shots)
    assert Application.objects.get(pk=application.pk).state == "approved"

    page.open("/scores")
    current = tab.inner_text("#current")
    assert current == "当次成绩（2023-10）"
    history = tab.inner_text("body").split("历史成绩")[1]
    assert "犯罪学（13144）\t6\t75\t2024-04\t转入\t江西省 360101234567" in history
    assert "有课程存在多条合格成绩。" in history
    shots(page, "transfer-in-scores")
    if page.width == "phone":
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.violations() == [] and staff.violations() == []
