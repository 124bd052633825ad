"""A release that ships a definition different from an administrator's version leaves theirs in effect and shows the
difference on a page of its own, where an administrator adopts the shipped body or keeps theirs."""
import copy
import html
import logging
import re
import types

import pytest

from app.models import AuditEntry, ShippedDefinition, WorkflowDefinition
from usecases import applications
from app.services.definitions import UpdateDecided
from application_types.exemption.form import EXEMPTION_FORM
from forms.builder import form_definitions
from tests.fixtures import staff_client, text
from application_types.exemption.workflow import EXEMPTION
from workflows.engine import workflow_definitions, workflow_of

NOTICE = "以下定义的内置版本有更新，等待管理员决定是否采用"


def release(definition, **states):
    """`definition` as a later release ships it: with these state labels changed."""
    body = copy.deepcopy(definition.to_data())
    body["states"].update(states)
    return types.SimpleNamespace(key=definition.key, to_data=lambda: copy.deepcopy(body))


def edit_by_admin(**states):
    """The administrator's own version of the exemption workflow, in effect."""
    body = copy.deepcopy(WorkflowDefinition.latest("exemption").body)
    body["states"].update(states)
    return workflow_definitions.save("exemption", body, "admin", note="管理员修改")


def waiting():
    return ShippedDefinition.objects(definition="WorkflowDefinition", key="exemption", status="waiting").first()


@pytest.fixture
def admins_version(world):
    return edit_by_admin(draft="填写中")


@pytest.fixture
def update(admins_version, caplog):
    """The release after the administrator's edit renames the district review."""
    with caplog.at_level(logging.WARNING, logger="app.services.definitions"):
        workflow_definitions.ensure_shipped([release(EXEMPTION, district_review="区县初审")])
    return waiting()


def page(client, update):
    return client.get(f"/workflowdefinitionview/shipped/{update.pk}")


def diff(response):
    """The diff's lines as a reader sees them: how each is marked (its colour's class) and what it says."""
    found = re.findall(r'<div class="(same|added|removed)"><span>\d*</span><span>\d*</span>(.*?)</div>',
                       response.get_data(True))
    return [(kind, html.unescape(said)) for kind, said in found]


def decide(client, update, decision, **data):
    return client.post(f"/workflowdefinitionview/shipped/{update.pk}/{decision}",
                       data={"revision": update.revision, **data})


def test_a_shipped_change_under_an_admins_version_waits_and_new_applications_keep_the_admins(
        update, admins_version, zhang, window, caplog):
    draft = applications.start(zhang, "exemption")

    assert update.body["states"]["district_review"] == "区县初审"
    assert workflow_definitions.latest("exemption")[0] == admins_version.version == 2
    assert (draft.workflow_version, workflow_of(draft).state_label("draft")) == (2, "填写中")
    assert [r.levelname for r in caplog.get_records("setup") if "exemption" in r.getMessage()] == ["WARNING"]


def test_starting_again_with_the_same_shipped_body_records_nothing_new(update):
    workflow_definitions.ensure_shipped([release(EXEMPTION, district_review="区县初审")])

    assert ShippedDefinition.objects(key="exemption", definition="WorkflowDefinition").get().revision == update.revision
    assert WorkflowDefinition.objects(key="exemption").count() == 2


def test_an_unchanged_release_under_an_admins_version_records_no_update(admins_version):
    workflow_definitions.ensure_shipped([EXEMPTION])

    assert waiting() is None


def test_a_newer_shipped_body_replaces_an_undecided_one(update):
    workflow_definitions.ensure_shipped([release(EXEMPTION, district_review="区县复核")])

    replaced = waiting()
    assert (replaced.pk, replaced.body["states"]["district_review"]) == (update.pk, "区县复核")
    assert replaced.revision == update.revision + 1


def test_over_the_systems_own_version_a_shipped_change_takes_effect_by_itself(app_ctx):
    form = copy.deepcopy(EXEMPTION_FORM.to_data())
    form["title"] = "免考申请表（新版）"

    workflow_definitions.ensure_shipped([release(EXEMPTION, district_review="区县初审")])
    form_definitions.ensure_shipped([types.SimpleNamespace(key="exemption", to_data=lambda: form)])

    assert workflow_definitions.latest("exemption")[1].state_label("district_review") == "区县初审"
    assert form_definitions.latest("exemption")[1].title == "免考申请表（新版）"
    assert ShippedDefinition.objects(status="waiting").count() == 0


def test_a_store_from_before_the_record_waits_only_for_a_body_unlike_the_last_shipped_version(admins_version):
    ShippedDefinition.objects.delete()

    workflow_definitions.ensure_shipped([EXEMPTION])
    unchanged = waiting()
    workflow_definitions.ensure_shipped([release(EXEMPTION, district_review="区县初审")])

    assert unchanged is None and waiting() is not None


def test_the_lists_and_the_versions_page_name_the_waiting_key(app, update, admins_version):
    admin = staff_client(app, "admin")

    for url in ("/workflowdefinitionview/list/", f"/workflowdefinitionview/show/{admins_version.pk}"):
        shown = admin.get(url)
        assert NOTICE in text(shown) and "exemption 查看差异并处理" in text(shown), url
        assert f"/workflowdefinitionview/shipped/{update.pk}" in shown.get_data(True)
    assert NOTICE not in text(admin.get("/formdefinitionview/list/"))


def test_the_page_shows_the_lines_that_differ(app, update):
    shown = page(staff_client(app, "admin"), update)
    lines = diff(shown)

    assert shown.status_code == 200 and "在用的是第 2 版（admin 保存于" in text(shown)
    # The administrator renamed the draft; the release renamed the district review and still calls the draft 草稿.
    assert [line for line in lines if line[0] != "same"] == [
        ("removed", '−     "district_review": "考区审核中",'), ("removed", '−     "draft": "填写中",'),
        ("added", '+     "district_review": "区县初审",'), ("added", '+     "draft": "草稿",')]
    assert ("same", '      "approved": "审核通过",') in lines  # unchanged lines around the change, for context
    assert len(lines) == 10 and "（此处省略未改变的行）" in text(shown)


def test_adopting_makes_the_shipped_body_the_next_version_audited(app, update, zhang, window):
    adopted = decide(staff_client(app, "admin"), update, "adopt")

    latest = WorkflowDefinition.latest("exemption")
    assert adopted.status_code == 302 and adopted.location.endswith(f"/workflowdefinitionview/show/{latest.pk}")
    assert (latest.version, latest.created_by, latest.note) == (3, "admin", "采用内置版本的更新")
    assert latest.body == update.body
    assert workflow_of(applications.start(zhang, "exemption")).state_label("district_review") == "区县初审"
    entry = AuditEntry.objects.get(action="adopt")
    assert entry.labelled_changes == {"处理结果": {"old": "待处理", "new": "已采用内置版本"},
                                      "在用版本": {"old": 2, "new": 3}}
    assert entry.actor_name == "admin" and entry.summary == "流程定义 exemption 的内置版本更新"
    assert NOTICE not in text(staff_client(app, "admin").get("/workflowdefinitionview/list/"))


def test_after_adopting_the_next_release_takes_effect_by_itself(app, update):
    decide(staff_client(app, "admin"), update, "adopt")

    workflow_definitions.ensure_shipped([release(EXEMPTION, district_review="区县复核")])

    latest = WorkflowDefinition.latest("exemption")
    assert (latest.version, latest.created_by, latest.body["states"]["district_review"]) == (4, "system", "区县复核")
    assert waiting() is None


def test_keeping_hides_the_update_until_a_different_body_ships(app, update, admins_version):
    admin = staff_client(app, "admin")

    kept = decide(admin, update, "keep")
    after_keeping = text(admin.get("/workflowdefinitionview/list/"))
    workflow_definitions.ensure_shipped([release(EXEMPTION, district_review="区县初审")])
    after_the_same_release = waiting()
    workflow_definitions.ensure_shipped([release(EXEMPTION, district_review="区县复核")])

    assert kept.status_code == 302 and "已保留当前的第 2 版；内置版本再次变化前不再提示。" in after_keeping
    assert NOTICE not in after_keeping and after_the_same_release is None
    assert WorkflowDefinition.latest("exemption").pk == admins_version.pk
    assert AuditEntry.objects.get(action="keep").labelled_changes == {
        "处理结果": {"old": "待处理", "new": "已保留当前版本"}, "在用版本": {"old": 2, "new": 2}}
    assert NOTICE in text(admin.get("/workflowdefinitionview/list/"))
    assert ("added", '+     "district_review": "区县复核",') in diff(page(admin, waiting()))


def test_a_decided_or_replaced_update_is_not_decided_again(app, update):
    admin = staff_client(app, "admin")
    stale = copy.copy(update)

    decide(admin, update, "keep")
    again = decide(admin, update, "adopt")
    workflow_definitions.ensure_shipped([release(EXEMPTION, district_review="区县复核")])
    replaced = decide(admin, stale, "adopt")

    assert "这项内置版本更新已经处理，或在您打开页面后又有新的内置版本；请查看最新情况。" in text(
        admin.get(again.location))
    assert replaced.status_code == 302 and waiting() is not None
    assert WorkflowDefinition.latest("exemption").version == 2
    assert AuditEntry.objects(action="adopt").count() == 0


def test_of_two_administrators_deciding_at_once_the_second_is_told(update):
    first, second = (ShippedDefinition.objects.get(pk=update.pk) for _ in range(2))

    workflow_definitions.keep(first, "admin")

    with pytest.raises(UpdateDecided):
        workflow_definitions.adopt(second, "admin2")
    assert ShippedDefinition.objects.get(pk=update.pk).decided_by == "admin"
    assert WorkflowDefinition.latest("exemption").version == 2


def test_a_shipped_body_the_checks_refuse_is_not_adopted_and_still_waits(app, admins_version):
    workflow_definitions.ensure_shipped([release(EXEMPTION, limbo="悬空")])

    refused = decide(staff_client(app, "admin"), waiting(), "adopt")

    assert "未能采用，原因如下： 状态 limbo 无法到达。" in text(refused)
    assert waiting() is not None and WorkflowDefinition.latest("exemption").version == 2


@pytest.mark.parametrize("user", ["heping", "province"])
def test_reviewers_can_neither_open_nor_decide_an_update(app, update, user):
    reviewer = staff_client(app, user)

    opened = page(reviewer, update)
    posted = [decide(reviewer, update, decision) for decision in ("adopt", "keep")]

    assert opened.status_code in (302, 403) and {p.status_code for p in posted} <= {302, 403}
    assert "查看差异并处理" not in text(reviewer.get(opened.location or "/admin/", follow_redirects=True))
    assert waiting() is not None and AuditEntry.objects(action__in=["adopt", "keep"]).count() == 0


def test_a_decision_posted_without_its_csrf_token_is_refused(app, update, monkeypatch):
    admin = staff_client(app, "admin")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    response = decide(admin, update, "adopt")

    assert response.status_code == 400
    assert "页面已过期或来源不明，请刷新页面后重新提交。" in text(response)
    assert waiting() is not None


@pytest.mark.parametrize("pk", ["nope", "0" * 24, "1" * 30])
def test_an_unknown_update_is_not_found(app, admin_client, pk):
    for response in (admin_client.get(f"/workflowdefinitionview/shipped/{pk}"),
                     admin_client.post(f"/workflowdefinitionview/shipped/{pk}/adopt", data={"revision": "1"}),
                     admin_client.post(f"/workflowdefinitionview/shipped/{pk}/keep", data={"revision": "x"})):
        assert response.status_code == 404, response.request.path


def test_a_workflows_update_is_not_found_under_the_forms(app, update):
    admin = staff_client(app, "admin")

    opened = admin.get(f"/formdefinitionview/shipped/{update.pk}")
    kept = admin.post(f"/formdefinitionview/shipped/{update.pk}/keep", data={"revision": update.revision})

    assert (opened.status_code, kept.status_code) == (404, 404) and waiting() is not None
