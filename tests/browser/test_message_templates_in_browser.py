"""业务类型 → 消息模板 in the browser at phone and desktop widths: an administrator adds a template as a row, is told
on the row what is wrong, previews it and saves it; the screenshots are for a person to look at (pytest -s)."""
from app.models import AuditEntry, BusinessType
from tests.browser.test_pages_in_browser import sign_in_staff


def test_an_administrator_adds_a_message_template_and_previews_it(page, world, shots):
    kind = BusinessType.objects.get(key="exemption")
    sign_in_staff(page)
    page.open(f"/businesstypeview/show/{kind.pk}")
    page.tab.click("a:has-text('消息模板')")
    page.tab.wait_for_url(f"**/businesstypeview/messages/{kind.pk}")
    shots(page, "message-templates")
    assert "{意见}" in page.tab.inner_text("table") and page.tab.locator("fieldset").count() == 3

    page.tab.click("button:has-text('添加一条')")
    page.tab.wait_for_load_state("load")
    new = "fieldset:nth-of-type(4)"
    page.tab.select_option(f"{new} select", label="撤回申请（考生，转为“已撤回”）")
    page.tab.fill(f"{new} input[type=text], {new} input:not([type])", "{业务}已撤回")
    page.tab.fill(f"{new} textarea", "{名字}：您的申请已于 {时间} 撤回。")
    page.tab.click("button:has-text('保存')")
    page.tab.wait_for_load_state("load")
    shots(page, "message-templates-refused")
    assert "内容中有未知的占位符 {名字}" in page.tab.inner_text(new)
    assert len(BusinessType.objects.get(key="exemption").message_templates) == 3

    page.tab.fill(f"{new} textarea", "{姓名}：您的申请已于 {时间} 撤回。")
    page.tab.click("button:has-text('更新预览')")
    page.tab.wait_for_load_state("load")
    assert "免考申请已撤回" in page.tab.inner_text(f"{new} .well")
    assert "张三：您的申请已于" in page.tab.inner_text(f"{new} .well")
    page.tab.click("button:has-text('保存')")
    page.tab.wait_for_load_state("load")
    shots(page, "message-templates-saved")

    assert "已保存消息模板。" in page.tab.inner_text("body")
    assert [(t.event, t.title) for t in BusinessType.objects.get(key="exemption").message_templates][3] == (
        "withdraw", "{业务}已撤回")
    assert AuditEntry.objects(model="BusinessType", action="edit").count() == 1
    width = page.tab.evaluate("document.documentElement.scrollWidth")
    assert width <= page.tab.viewport_size["width"], "the page scrolls sideways"
    assert page.violations() == []
