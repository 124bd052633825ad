"""An administrator edits a workflow in the browser, at phone and desktop widths: rows, lists to choose from, the
draft's diagram, and saving it as a new version. The screenshots are for a person to look at (pytest -s)."""
from app.models import AuditEntry, WorkflowDefinition
from tests.browser.test_pages_in_browser import sign_in_staff


def test_an_administrator_gives_a_stage_to_another_role_and_adds_a_check(page, world, shots):
    saved = WorkflowDefinition.latest("exemption")
    sign_in_staff(page, "admin")
    page.open(f"/workflowdefinitionview/show/{saved.pk}")
    page.tab.click("a.btn:has-text('编辑')")
    page.tab.wait_for_url(f"**/workflowdefinitionview/edit/{saved.pk}")
    page.tab.wait_for_selector("pre.mermaid svg")
    shots(page, "workflow-editor")

    # A row button posts the page and comes back to the row: a state added, then removed again.
    assert page.violations() == []
    page.tab.click("button:has-text('添加状态')")
    page.tab.wait_for_selector("#state-6")
    assert page.tab.input_value("input[name=states-6-code]") == ""
    page.tab.click("#state-6 button[title=删除]")
    page.tab.wait_for_load_state("load")
    assert page.tab.locator("#state-6").count() == 0

    stage = page.tab.locator("#transition-2")  # 审核通过: 考区审核中 → 省级审核中
    assert "审核通过" in stage.locator(".panel-heading").inner_text()
    stage.get_by_label("区县审核").uncheck()
    stage.get_by_label("主考院校审核").check()
    stage.locator("summary:has-text('检查')").click()
    stage.get_by_label("考生的档案没有被合档并入其他档案").check()
    page.tab.click(".wf-toolbar button:has-text('检查')")
    page.tab.wait_for_load_state("load")
    assert "检查通过，可以保存为新版本。" in page.tab.inner_text("body")
    page.tab.wait_for_selector("pre.mermaid svg")
    assert "审核通过（主考院校审核）" in page.tab.inner_text("pre.mermaid")
    assert "考生的档案没有被合档并入其他档案" in page.tab.locator("#transition-2 summary").first.inner_text()
    shots(page, "workflow-editor-checked")

    page.tab.fill("#note", "考区初审改由主考院校办理")
    page.tab.click("button:has-text('保存为新版本')")
    page.tab.wait_for_url("**/workflowdefinitionview/show/**")
    assert "已保存为第 2 版" in page.tab.inner_text("body")
    shots(page, "workflow-editor-saved")

    revised = WorkflowDefinition.latest("exemption")
    assert revised.version == 2 and revised.note == "考区初审改由主考院校办理"
    stage = revised.body["transitions"][2]
    assert (stage["by"], stage["guards"]) == (["university_reviewer"], ["record_not_retired"])
    assert AuditEntry.objects(action="revise").count() == 1
    assert page.violations() == []
