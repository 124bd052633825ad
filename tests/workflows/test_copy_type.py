"""复制为新业务: an administrator makes a new type from an existing one, through the pages alone."""
import pytest

from app.models import Application, AuditEntry, BusinessType, Candidate, FormDefinition, WorkflowDefinition
from tests.fixtures import candidate_client, staff_client, text
from tests.workflows.fixtures import open_window
from usecases import applications


def copy_page(client, source="exemption", **form):
    kind = BusinessType.objects.get(key=source)
    return client.post(f"/businesstypeview/copy/{kind.pk}", data=form, follow_redirects=True)


def test_a_copy_is_a_type_of_its_own_with_its_first_versions(app, world):
    admin = staff_client(app, "admin")
    exemption = BusinessType.objects.get(key="exemption")
    assert "复制为新业务" in text(admin.get(f"/businesstypeview/show/{exemption.pk}"))

    page = text(copy_page(admin, key="degree", title="学位申请"))

    assert "已新建业务“学位申请”，流程与表单为第 1 版。启用并设置开放时间后考生即可申请。" in page
    made = BusinessType.objects.get(key="degree")
    assert (made.title, made.workflow_key, made.form_key, made.opens_at, made.enabled) == (
        "学位申请", "degree", "degree", None, False)
    assert (made.notice, made.reason_templates) == (exemption.notice, exemption.reason_templates)
    for model in (WorkflowDefinition, FormDefinition):
        first = model.latest("degree")
        assert (first.version, first.created_by, first.title, first.body["title"]) == (1, "admin", "学位申请", "学位申请")
        assert first.note == "复制自 免考申请（exemption）"
    entry = AuditEntry.objects(action="copy").first()
    assert entry.changes == {"copied_from": {"old": None, "new": "exemption"}} and entry.actor_name == "admin"
    # disabled and closed until the administrator opens it; then a candidate applies on the copy's own versions
    assert 'href="/apply/degree"' not in candidate_client(app, "080105408130").get("/home").get_data(as_text=True)
    BusinessType.objects(key="degree").update_one(set__enabled=True)
    open_window("degree")
    assert 'href="/apply/degree"' in candidate_client(app, "080105408130").get("/home").get_data(as_text=True)
    application = applications.start(Candidate.objects.get(exam_number="080105408130"), "degree")
    assert (application.workflow_key, application.form_key, application.workflow_version) == ("degree", "degree", 1)


@pytest.mark.parametrize("form, field, message", [
    ({"key": "exemption", "title": "再一个免考"}, "key", "业务代码 exemption 已被使用，请换一个。"),
    ({"key": "recheck", "title": "复核"}, "key", "业务代码 recheck 已被使用，请换一个。"),
    ({"key": "Degree-1", "title": "学位申请"}, "key", "业务代码为2–40位小写字母或下划线。"),
    ({"key": "", "title": "学位申请"}, "key", "业务代码为2–40位小写字母或下划线。"),
    ({"key": "degree", "title": "  "}, "title", "请填写业务名称。"),
    ({"key": "degree", "title": "学" * 51}, "title", "业务名称不能超过50个字。"),
])
def test_a_copy_that_cannot_be_made_says_why_and_nothing_is_saved(app, world, form, field, message):
    admin = staff_client(app, "admin")
    before = (BusinessType.objects.count(), WorkflowDefinition.objects.count(), FormDefinition.objects.count())

    page = text(copy_page(admin, **form))

    assert message in page and f'value="{form["key"]}"' in copy_page(admin, **form).get_data(as_text=True)
    assert (BusinessType.objects.count(), WorkflowDefinition.objects.count(), FormDefinition.objects.count()) == before
    assert not AuditEntry.objects(action="copy").first()


def test_only_an_administrator_copies_a_type(app, world):
    kind = BusinessType.objects.get(key="exemption")
    for name in ("province", "heping"):
        reviewer = staff_client(app, name)
        response = reviewer.post(f"/businesstypeview/copy/{kind.pk}", data={"key": "degree", "title": "学位申请"})
        assert response.status_code in (302, 403)
    assert not BusinessType.objects(key="degree").first() and not Application.objects(type="degree").first()


def test_a_copy_of_an_unknown_type_is_not_found(app, world):
    admin = staff_client(app, "admin")
    for pk in ("nope", "0" * 24):
        assert admin.get(f"/businesstypeview/copy/{pk}").status_code == 404


def test_a_copy_posted_without_its_csrf_token_is_refused(app, world, monkeypatch):
    admin = staff_client(app, "admin")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    response = copy_page(admin, key="degree", title="学位申请")

    assert response.status_code == 400 and "页面已过期或来源不明，请刷新页面后重新提交。" in text(response)
    assert not BusinessType.objects(key="degree").first()


def test_a_type_with_pages_or_documents_of_its_own_is_not_copied(app, world):
    admin = staff_client(app, "admin")

    page = text(copy_page(admin, source="graduation", key="graduation_two", title="毕业申请二"))

    assert "“毕业申请”有专属的下载文件、页面或审核时显示的内容，复制出的新业务不会带上这些，暂不能复制。" in page
    assert not BusinessType.objects(key="graduation_two").first() and not WorkflowDefinition.latest("graduation_two")


def test_a_copy_carries_the_sources_rules(app, world):
    BusinessType.objects(key="exemption").update_one(set__offered_if='level == "本科"', set__offered_message="仅限本科")

    copy_page(staff_client(app, "admin"), key="degree", title="学位申请")

    made = BusinessType.objects.get(key="degree")
    assert (made.offered_if, made.offered_message) == ('level == "本科"', "仅限本科")


def test_a_copy_is_named_by_its_own_title_in_english_and_keeps_the_sources_english_notice(app, world):
    exemption = BusinessType.objects.get(key="exemption")
    assert WorkflowDefinition.latest("exemption").body["en"]["title"] and exemption.notice_en

    copy_page(staff_client(app, "admin"), key="degree", title="学位申请")

    made = BusinessType.objects.get(key="degree")
    assert (made.title_en, made.notice_en) == (None, exemption.notice_en)
    workflow, form = WorkflowDefinition.latest("degree").body, FormDefinition.latest("degree").body
    assert "title" not in workflow.get("en", {}) and "title" not in form.get("en", {})
    assert workflow["en"]["states"] == WorkflowDefinition.latest("exemption").body["en"]["states"]
    BusinessType.objects(key="degree").update_one(set__enabled=True)
    open_window("degree")
    candidate = candidate_client(app, "080105408130")
    candidate.get("/language/en")
    assert "学位申请" in text(candidate.get("/home"))
    notice = text(candidate.get("/apply/degree/notice"))
    assert exemption.notice_en.split("\n")[0].strip() in notice and "Exemption" not in notice
