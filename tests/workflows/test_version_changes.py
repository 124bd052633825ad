"""Each version's page says, in words, what changed since the version before it; a shipped update's page says what
it would change in the version in effect."""
import copy
import html
import json
import types

from app.models import FormDefinition, WorkflowDefinition
from app.models.definitions import WAITING, ShippedDefinition
from application_types.exemption.workflow import EXEMPTION
from tests.fixtures import staff_client, text
from workflows.engine import workflow_definitions


def revised(admin, view, saved, body):
    """Revise `saved` on its page; the page of the new version."""
    response = admin.post(f"/{view}/revise/{saved.pk}", data={"body": json.dumps(body, ensure_ascii=False),
                                                              "note": "修订"}, follow_redirects=True)
    assert "已保存为第 2 版" in text(response), text(response)
    return text(response)


def test_a_revised_form_versions_page_lists_what_changed(app, world):
    admin = staff_client(app, "admin")
    saved = FormDefinition.latest("exemption")
    assert "第一版 这是第一版，之前没有版本可比较。" in text(admin.get(f"/formdefinitionview/show/{saved.pk}"))
    body = copy.deepcopy(saved.body)
    voucher = body["steps"][2]["fields"][0]["fields"][0]
    images = next(f for f in voucher["fields"] if f["name"] == "images")
    images["rules"]["max_kb"] = 2048
    body["steps"][2]["fields"].append({"name": "phone", "type": "text", "label": "联系电话", "required": True})

    page = revised(admin, "formdefinitionview", saved, body)

    assert "与第 1 版相比 字段“凭证图片”的最大大小：1024 KB → 2048 KB 步骤“填写凭证”新增字段“联系电话”（phone，单行文字，必填）" in page
    assert "None" not in page and "True" not in page


def test_a_revised_workflow_versions_page_lists_what_changed_and_an_unchanged_one_says_so(app, world):
    admin = staff_client(app, "admin")
    saved = WorkflowDefinition.latest("exemption")
    body = copy.deepcopy(saved.body)
    body["states"]["draft"] = "填写中"
    approve = next(t for t in body["transitions"] if t["event"] == "approve" and t["from"] == ["district_review"])
    approve["by"] = ["university_reviewer"]

    page = revised(admin, "workflowdefinitionview", saved, body)
    unchanged = admin.post(f"/workflowdefinitionview/revise/{WorkflowDefinition.latest('exemption').pk}",
                           data={"body": json.dumps(body)}, follow_redirects=True)

    assert "与第 1 版相比 状态“草稿”改名为“填写中” 操作“审核通过”（考区审核中 → 省级审核中）的办理角色：区县审核 → 主考院校审核" in page
    assert "与第 2 版相比 与第 2 版的内容相同。" in text(unchanged)


def test_a_shipped_updates_page_lists_what_adopting_it_would_change(app, world):
    admin = staff_client(app, "admin")
    edited = copy.deepcopy(EXEMPTION.to_data())
    edited["states"]["draft"] = "填写中"
    shipped = copy.deepcopy(EXEMPTION.to_data())
    shipped["states"]["district_review"] = "区县初审"
    with app.test_request_context():
        workflow_definitions.save("exemption", edited, "admin")
        workflow_definitions.ensure_shipped([types.SimpleNamespace(key="exemption", to_data=lambda: shipped)])
    update = ShippedDefinition.objects.get(key="exemption", status=WAITING)

    page = text(admin.get(f"/workflowdefinitionview/shipped/{update.pk}"))

    assert "内置版本与在用的第 2 版相比 状态“填写中”改名为“草稿” 状态“考区审核中”改名为“区县初审”" in page
    assert '+ "district_review": "区县初审",' in html.unescape(page)  # beside the line diff
