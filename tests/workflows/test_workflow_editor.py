"""The workflow editor: a definition as rows, every part chosen from what exists, each problem on its row, and a
save that is the next version, audited. The page is posted as a browser posts it: the fields it shows, changed."""
import html.parser
import json

import pytest
from werkzeug.datastructures import MultiDict

from app.models import AuditEntry, WorkflowDefinition
from tests.fixtures import staff_client, text
from tests.test_hostile_input import forms_of
from workflows import types
from workflows.engine import placed_problems
from workflows.registry import EFFECTS, GUARDS, INPUTS
from workflows.spec import Workflow


def editor(admin, key="exemption"):
    saved = WorkflowDefinition.latest(key)
    return saved, admin.get(f"/workflowdefinitionview/edit/{saved.pk}")


def fields_of(response):
    """What the editor's form sends as shown: (name, value) of each field, no button."""
    form = next(f for f in forms_of("/", response) if any(name == "title" for name, _v, _k in f.fields))
    return [(name, value) for name, value, kind in form.fields if kind != "button" and value is not None]


def changed(fields, name, value):
    """The fields with `name` set to `value` (added when the page did not send it)."""
    kept = [(n, v) for n, v in fields if n != name]
    return kept + [(name, value)]


def ticked(fields, name, value, on=True):
    """The fields with the checkbox `name` of `value` ticked (or not)."""
    kept = [(n, v) for n, v in fields if (n, v) != (name, value)]
    return kept + [(name, value)] if on else kept


def press(admin, saved, fields, action):
    return admin.post(f"/workflowdefinitionview/edit/{saved.pk}", data=MultiDict([*fields, ("action", action)]))


class _Element(html.parser.HTMLParser):
    """The text inside the element with id `wanted`."""

    def __init__(self, wanted):
        super().__init__(convert_charrefs=True)
        self.wanted, self.depth, self.parts = wanted, 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth or dict(attrs).get("id") == self.wanted:
            self.depth += tag not in ("input", "br", "hr", "img", "meta", "link")

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def within(response, element_id):
    parser = _Element(element_id)
    parser.feed(response.get_data(as_text=True))
    return " ".join(" ".join(parser.parts).split())


def versions():
    return [d.version for d in WorkflowDefinition.objects(key="exemption").order_by("version")]


def test_the_editor_shows_every_part_of_a_workflow_as_rows_to_choose_from(app, world):
    saved, page = editor(staff_client(app, "admin"))

    shown = text(page)
    assert page.status_code == 200
    assert [value for name, value in fields_of(page) if name.endswith("-code")][:2] == ["draft", "district_review"]
    assert "1. 提交申请 草稿 → 考区审核中" in shown and "8. 撤回申请 草稿、考区审核中、审核未通过 → 已撤回" in shown
    assert "考生已通过身份认证 identity_verified" in within(page, "transition-0")
    assert "将审核通过的免考课程记为考生的免考成绩" in within(page, "transition-3") and "主考院校审核" in shown
    assert "提交时间" in within(page, "transition-0")
    assert '"from":' not in page.get_data(as_text=True) and "stateDiagram-v2" in within(page, "diagram")


@pytest.mark.parametrize("key", sorted(types.SHIPPED))
def test_the_page_as_shown_saves_the_same_definition(app, world, key):
    admin = staff_client(app, "admin")
    saved, page = editor(admin, key)

    response = press(admin, saved, fields_of(page), "save")

    assert response.status_code == 302, within(response, "problems")
    assert WorkflowDefinition.latest(key).body == saved.body


def test_a_label_changed_and_saved_is_the_next_version_with_its_audit(app, world):
    admin = staff_client(app, "admin")
    saved, page = editor(admin)
    fields = changed(changed(fields_of(page), "states-0-label", "填写中"), "note", "草稿改称填写中")

    response = press(admin, saved, fields, "save")

    revised = WorkflowDefinition.latest("exemption")
    assert response.status_code == 302 and response.location.endswith(f"/workflowdefinitionview/show/{revised.pk}")
    assert versions() == [1, 2] and revised.note == "草稿改称填写中" and revised.created_by == "admin"
    assert revised.body == {**saved.body, "states": {**saved.body["states"], "draft": "填写中"}}
    audit = AuditEntry.objects.get(action="revise")
    assert (audit.object_id, audit.changes) == (str(revised.pk), {"version": "2", "note": "草稿改称填写中"})
    assert "已保存为第 2 版；已在办理中的申请仍按原版本进行。" in text(admin.get(response.location))


def test_a_state_renamed_is_renamed_wherever_the_workflow_uses_it(app, world):
    admin = staff_client(app, "admin")
    saved, page = editor(admin)

    press(admin, saved, changed(fields_of(page), "states-1-code", "county_review"), "save")

    body = WorkflowDefinition.latest("exemption").body
    assert list(body["states"])[1] == "county_review"
    assert not [t for t in body["transitions"] if "district_review" in (t["to"], *t["from"])]
    assert [t["to"] for t in body["transitions"][:2]] == ["county_review", "county_review"]


def test_a_check_passed_says_so_and_saves_nothing(app, world):
    admin = staff_client(app, "admin")
    saved, page = editor(admin)

    response = press(admin, saved, changed(fields_of(page), "states-0-label", "填写中"), "check")

    assert "检查通过，可以保存为新版本。" in text(response) and versions() == [1]
    assert 'state "填写中" as s0' in within(response, "diagram")  # the diagram is the draft's


def no_role(fields):
    return [(n, v) for n, v in fields if n != "transitions-2-by"]


def no_publishing(fields):
    return [(n, v) for n, v in fields if n not in ("transitions-0-publish", "transitions-6-publish")]


def candidate_approves(fields):
    return ticked(fields, "transitions-3-by", "candidate")


def approve_twice_from_one_state(fields):
    fields = changed(ticked(fields, "transitions-3-by", "provincial_reviewer", on=False), "transitions-3-from",
                     "district_review")
    return ticked(fields, "transitions-3-by", "district_reviewer")


def unknown_guard(fields):
    return ticked(fields, "transitions-2-guards", "moon_is_full")


def unknown_role(fields):
    return ticked(fields, "transitions-2-by", "janitor")


def state_twice(fields):
    return changed(fields, "states-1-code", "draft")


def unreachable_state(fields):
    return [*fields, ("states-6-code", "limbo"), ("states-6-label", "悬空"), ("states-6-was", "")]


def unnamed_event(fields):
    return changed(fields, "events-2-label", " ")


def transition_without_target(fields):
    return changed(fields, "transitions-4-to", "")


@pytest.mark.parametrize("change, row, said", [
    (no_role, "transition-2", "操作 approve（district_review → provincial_review） 没有任何角色可以执行。"),
    (no_publishing, "problems", "没有考生从初始状态 draft 提交申请的操作（publish），考生将无法提交。"),
    (candidate_approves, "transition-3", "可由考生执行，考生不能审核通过自己的申请。"),
    (approve_twice_from_one_state, "transition-3",
     "操作 approve 在状态 district_review 有多条 district_reviewer 可以执行的定义，请合并为一条或分别命名。"),
    (unknown_guard, "transition-2", "使用了未知的检查 moon_is_full（可用的检查："),
    (unknown_role, "transition-2", "使用了未知的角色 janitor（可用的角色："),
    (state_twice, "state-1", "状态代码 draft 重复。"),
    (unreachable_state, "state-6", "状态 limbo 无法到达。"),
    (unnamed_event, "event-2", "请填写操作名称。"),
    (transition_without_target, "transition-4", "请选择到达状态。"),
])
@pytest.mark.parametrize("action", ["check", "save"])
def test_a_harmful_edit_is_refused_with_its_reason_on_its_row(app, world, change, row, said, action):
    admin = staff_client(app, "admin")
    saved, page = editor(admin)

    response = press(admin, saved, change(fields_of(page)), action)

    assert response.status_code == 200 and said in within(response, row)
    assert "未保存：有" in within(response, "problems") and versions() == [1]


def test_an_unknown_name_posted_stays_on_its_row_marked_unknown(app, world):
    admin = staff_client(app, "admin")
    saved, page = editor(admin)

    response = press(admin, saved, unknown_guard(fields_of(page)), "check")

    assert "未知的检查 moon_is_full" in within(response, "transition-2")
    assert ("transitions-2-guards", "moon_is_full") in fields_of(response)  # still ticked, until it is unticked


def test_the_row_buttons_add_move_and_remove_rows_and_save_nothing(app, world):
    admin = staff_client(app, "admin")
    saved, page = editor(admin)
    fields = fields_of(page)

    added = press(admin, saved, fields, "add-states")
    moved = press(admin, saved, fields, "up-transitions-1")
    removed = press(admin, saved, fields, "remove-transitions-7")
    given = press(admin, saved, fields, "add-inputs-2")
    new_rule = press(admin, saved, fields, "add-transitions")
    event_down = press(admin, saved, fields, "down-events-0")

    assert ("states-6-code", "") in fields_of(added) and "请填写" not in text(added)  # nothing checked yet
    assert "1. 修改并重新提交" in within(moved, "transition-0") and "2. 提交申请" in within(moved, "transition-1")
    assert "8. 撤回申请" not in text(removed) and "7. 重新提交 审核未通过 → 考区审核中" in text(removed)
    assert ("transitions-2-inputs-0-name", "") in fields_of(given) and ("transitions-2-inputs-0-required", "on") in \
        fields_of(given)
    assert "9. （未选择操作）" in text(new_rule)
    assert [v for n, v in fields_of(event_down) if n.startswith("events-") and n.endswith("-code")][:2] == \
        ["update", "submit"]
    assert versions() == [1]


def test_an_input_added_to_a_review_is_saved_with_its_kind(app, world):
    admin = staff_client(app, "admin")
    saved, page = editor(admin, "recheck")
    fields = fields_of(press(admin, saved, fields_of(page), "add-inputs-6"))  # 维持原成绩
    for name, value in (("name", "mark"), ("label", "复核后的成绩"), ("kind", "score_mark")):
        fields = changed(fields, f"transitions-6-inputs-0-{name}", value)

    press(admin, saved, fields, "save")

    assert WorkflowDefinition.latest("recheck").body["transitions"][6]["inputs"] == [
        {"name": "mark", "kind": "score_mark", "label": "复核后的成绩", "required": True}]


def test_a_button_for_a_row_that_is_gone_says_so(app, world):
    admin = staff_client(app, "admin")
    saved, page = editor(admin)

    response = press(admin, saved, fields_of(page), "remove-states-42")

    assert response.status_code == 200 and "要修改的行已不存在，请重新操作。" in text(response)


@pytest.mark.parametrize("extra, said", [
    ([("states-x-code", "a")], "提交的内容中有编辑页面不会发送的项目，请重新打开编辑页面。"),
    ([("states-0-colour", "red")], "提交的内容中有编辑页面不会发送的项目，请重新打开编辑页面。"),
    ([("states-0-inputs-0-name", "a")], "提交的内容中有编辑页面不会发送的项目，请重新打开编辑页面。"),
    ([("states-99999999999999999999-code", "a")], "提交的内容中有编辑页面不会发送的项目，请重新打开编辑页面。"),
    ([("states-007-code", "a")], "提交的内容中有编辑页面不会发送的项目，请重新打开编辑页面。"),
    ([("states-99-code", "a")], "提交的行不完整或超出上限，请重新打开编辑页面。"),
    ([("transitions-0-inputs-5-name", "a")], "提交的行不完整或超出上限，请重新打开编辑页面。"),
    ([("title", "又一个名称")], "提交的内容中有重复的项目，请重新打开编辑页面。"),
    ([("states-0-code", "again")], "提交的内容中有重复的项目，请重新打开编辑页面。"),
    ([("action", "check")], "无法识别所按的按钮，请重新打开编辑页面。"),
])
def test_a_post_no_editor_page_sends_gets_a_message_not_a_failure(app, world, extra, said):
    admin = staff_client(app, "admin")
    saved, page = editor(admin)

    response = admin.post(f"/workflowdefinitionview/edit/{saved.pk}", data=MultiDict([*fields_of(page), *extra,
                                                                                      ("action", "save")]))

    assert response.status_code == 400 and said in text(response) and versions() == [1]


@pytest.mark.parametrize("action", ["explode", "up-states", "add-states-1", "remove-inputs-0", "up-inputs-0-0",
                                    "remove-states-1-2", ""])
def test_a_button_the_page_has_not_gets_a_message(app, world, action):
    admin = staff_client(app, "admin")
    saved, page = editor(admin)

    response = press(admin, saved, fields_of(page), action)

    assert response.status_code == 400 and "无法识别所按的按钮，请重新打开编辑页面。" in text(response)


def test_a_title_or_note_too_long_to_keep_is_refused(app, world):
    admin = staff_client(app, "admin")
    saved, page = editor(admin)

    long_title = press(admin, saved, changed(fields_of(page), "title", "免" * 101), "save")
    long_note = press(admin, saved, changed(fields_of(page), "note", "说" * 501), "save")
    revised = admin.post(f"/workflowdefinitionview/revise/{saved.pk}", data={"body": json.dumps(saved.body),
                                                                             "note": "说" * 501})

    assert "名称不能超过 100 个字。" in within(long_title, "problems")
    assert "修改说明不能超过 500 个字。" in within(long_note, "problems")
    assert revised.status_code == 200 and "修改说明不能超过 500 个字。" in text(revised)
    assert versions() == [1]


def test_an_editor_post_without_its_csrf_token_is_refused(app, world, monkeypatch):
    admin = staff_client(app, "admin")
    saved, page = editor(admin)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    response = press(admin, saved, [(n, v) for n, v in fields_of(page) if n != "csrf_token"], "save")

    assert response.status_code == 400 and "页面已过期或来源不明，请刷新页面后重新提交。" in text(response)
    assert versions() == [1]


@pytest.mark.parametrize("user", ["province", "heping"])
def test_reviewers_can_neither_open_nor_post_the_editor(app, world, user):
    saved = WorkflowDefinition.latest("exemption")
    reviewer = staff_client(app, user)

    opened = reviewer.get(f"/workflowdefinitionview/edit/{saved.pk}")
    posted = reviewer.post(f"/workflowdefinitionview/edit/{saved.pk}", data={"title": "x", "action": "save"})

    assert {opened.status_code, posted.status_code} <= {302, 403} and versions() == [1]


@pytest.mark.parametrize("pk", ["nope", "0" * 24])
def test_an_unknown_version_is_not_found(app, world, pk):
    assert staff_client(app, "admin").get(f"/workflowdefinitionview/edit/{pk}").status_code == 404


def test_the_version_page_and_the_list_lead_to_the_editor(app, world):
    admin = staff_client(app, "admin")
    saved = WorkflowDefinition.latest("exemption")
    press(admin, saved, fields_of(editor(admin)[1]), "save")
    newest = WorkflowDefinition.latest("exemption")

    shown = admin.get(f"/workflowdefinitionview/show/{saved.pk}")
    listed = admin.get("/workflowdefinitionview/list/")

    assert f'href="/workflowdefinitionview/edit/{saved.pk}"' in shown.get_data(as_text=True)
    assert "编辑流程 以 JSON 修订（供开发人员使用）" in within(shown, "definition-edit")
    assert f'href="/workflowdefinitionview/edit/{newest.pk}"' in listed.get_data(as_text=True)
    assert "免考申请（第 2 版）" in within(listed, "newest-definitions")
    assert "免考申请（第 1 版）" not in within(listed, "newest-definitions")


def test_each_problem_says_where_it_is():
    workflow = Workflow.from_data({
        "key": "demo", "title": "示例", "initial": "draft", "states": {"draft": "草稿", "review": "审核中",
                                                                       "limbo": "悬空", "done": "完成"},
        "final": ["done"], "transitions": [
            {"event": "submit", "from": ["draft"], "to": "review", "by": ["candidate"], "publish": True},
            {"event": "approve", "from": ["review"], "to": "done", "by": ["district_reviewer"]},
            {"event": "approve", "from": ["review"], "to": "done", "by": ["district_reviewer"], "guards": ["nope"]}]})

    placed = placed_problems(workflow)

    assert [(where, message.split("（")[0]) for where, message in placed] == [
        (("transition", 2), "操作 approve"), (("transition", 2), "操作 approve 在状态 review 有多条 district_reviewer 可以执行的定义，请合并为一条或分别命名。"),
        (("state", "limbo"), "状态 limbo 无法到达。")]
    assert [message for _where, message in placed] == workflow.problems(set(GUARDS), set(EFFECTS), set(INPUTS))


def test_rows_still_to_complete_and_the_definitions_own_problems_are_shown_together(app, world):
    admin = staff_client(app, "admin")
    saved, page = editor(admin)
    fields = candidate_approves(changed(fields_of(page), "states-5-label", ""))
    fields = changed(fields, "transitions-2-to", "")

    response = press(admin, saved, fields, "check")

    assert "请填写状态名称。" in within(response, "state-5") and "请选择到达状态。" in within(response, "transition-2")
    assert "可由考生执行，考生不能审核通过自己的申请。" in within(response, "transition-3")
    assert "使用了未定义的状态" not in within(response, "transition-2")  # the blank is said once, as a blank
