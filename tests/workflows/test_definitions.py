"""A definition an administrator saves is checked first; a good save is a new version."""
import copy
import functools

import pytest

from app.models import FormDefinition, WorkflowDefinition
from app.services.definitions import DefinitionRefused
from application_types.exemption.form import EXEMPTION_FORM
from forms.builder import form_definitions
from application_types.exemption.workflow import EXEMPTION
from workflows.engine import workflow_definitions


def edited(change):
    body = copy.deepcopy(EXEMPTION.to_data())
    change(body)
    return body


def add_state(body):
    body["states"]["limbo"] = "悬空"


def add_dead_end(body):
    body["states"]["stuck"] = "卡住"
    body["transitions"].append({"event": "park", "from": ["district_review"], "to": "stuck", "by": ["district_reviewer"]})


def nobody_may_approve(body):
    body["transitions"][2]["by"] = ["janitor"]


def unknown_guard(body):
    body["transitions"][0]["guards"] = ["window_open", "moon_is_full"]


def missing_key(body):
    del body["initial"]


def unknown_input_kind(body):
    body["transitions"][2]["inputs"] = [{"name": "mark", "kind": "slider", "label": "分数"}]


def input_for_the_candidate(body):
    body["transitions"][0]["inputs"] = [{"name": "mark", "kind": "score_mark", "label": "分数"}]


def one_reject_for_both_stages(body):
    body["transitions"][4:6] = [{"event": "reject", "from": ["district_review", "provincial_review"],
                                 "to": "rejected", "by": ["district_reviewer", "provincial_reviewer"],
                                 "comment_required": True}]


def reviewer_acts_on_drafts(body):
    body["transitions"].append({"event": "reject", "from": ["draft"], "to": "rejected", "by": ["district_reviewer"]})


def autos_in_a_ring(body):
    body["transitions"] += [{"event": "bounce", "from": ["approved"], "to": "rejected", "by": ["system"], "auto": True},
                            {"event": "back", "from": ["rejected"], "to": "approved", "by": ["system"], "auto": True}]


def auto_asks_for_a_reason(body):
    body["transitions"].append({"event": "skip", "from": ["district_review"], "to": "provincial_review",
                                "by": ["system"], "auto": True, "comment_required": True})


def auto_by_a_reviewer(body):
    body["transitions"].append({"event": "skip", "from": ["district_review"], "to": "provincial_review",
                                "by": ["district_reviewer"], "auto": True})


def approve_twice(body):
    body["transitions"].append({"event": "approve", "from": ["district_review"], "to": "approved",
                                "by": ["district_reviewer"]})


def role_typo(body):
    body["transitions"][2]["by"] = ["district_reviewer", "distirct_reviewer"]


def nobody_submits(body):
    body["transitions"] = [t for t in body["transitions"] if not t.get("publish") or t["from"] != ["draft"]]


def candidate_approves(body):
    body["transitions"].append({"event": "approve", "from": ["rejected"], "to": "approved", "by": ["candidate"]})


@pytest.mark.parametrize("change, reason", [
    (role_typo, "使用了未知的角色 distirct_reviewer（可用的角色：admin、candidate、district_reviewer、"
                "provincial_reviewer、system、university_reviewer）。"),
    (nobody_submits, "没有考生从初始状态 draft 提交申请的操作（publish），考生将无法提交。"),
    (candidate_approves, "可由考生执行，考生不能审核通过自己的申请。"),
    (approve_twice, "操作 approve 在状态 district_review 有多条 district_reviewer 可以执行的定义，请合并为一条或分别命名。"),
    (autos_in_a_ring, "自动办理的操作 back、bounce 首尾相接成环，会无休止地执行。"),
    (auto_asks_for_a_reason, "由系统自动办理，不能提交考生的内容、要求理由或填写项。"),
    (auto_by_a_reviewer, "由系统自动办理，只能由 system 执行。"),
    (add_state, "状态 limbo 无法到达。"),
    (add_dead_end, "状态 stuck 不是结束状态，却没有任何出路。"),
    (nobody_may_approve, "操作 approve（district_review → provincial_review） 没有任何角色可以执行。"),
    (unknown_guard, "使用了未知的检查 moon_is_full（可用的检查：actor_in_scope、backfill_in_time、"),
    (missing_key, "定义格式不正确：缺少 initial"),
    (unknown_input_kind, "操作 approve（district_review → provincial_review） 的填写项 mark 使用了未知的类型 slider"
                         "（可用的类型：score_mark"),  # the kinds every type folder registers follow, in name order
    (input_for_the_candidate, "的填写项只能由审核人员填写，candidate 不能填写。"),
    (one_reject_for_both_stages, "操作 reject（district_review/provincial_review → rejected） 由 "
                                 "district_reviewer/provincial_reviewer 办理，却可从多个状态出发"),
    (reviewer_acts_on_drafts, "从初始状态 draft 出发，却由 district_reviewer 办理；草稿只属于考生本人。"),
    (lambda b: b["states"].update({"review.district": "区县审核"}), "名称“review.district”不能包含“.”、“$”或空字符。"),
    (lambda b: b.update({"$where": "1"}), "名称“$where”不能包含“.”、“$”或空字符。"),
    (lambda b: b["states"].update({"draft\x00": "草稿"}), "名称“draft\\x00”不能包含“.”、“$”或空字符。"),
    (lambda b: b.update(note=2 ** 70), "数值 11805916207174113034… 超出可保存的范围。"),
    (lambda b: b.update(note=functools.reduce(lambda inner, _n: [inner], range(60), [])), "嵌套超过50层。"),
])
def test_a_broken_workflow_is_refused_with_the_reason_and_nothing_changes(app_ctx, change, reason):
    with pytest.raises(DefinitionRefused) as refused:
        workflow_definitions.save("exemption", edited(change), "admin")

    assert any(reason in problem for problem in refused.value.problems)
    assert WorkflowDefinition.objects(key="exemption").count() == 1


def test_a_good_workflow_edit_is_a_new_version(app_ctx):
    body = edited(lambda b: b["states"].update(draft="填写中"))

    saved = workflow_definitions.save("exemption", body, "admin", note="改名")

    assert saved.version == 2 and saved.created_by == "admin"
    assert workflow_definitions.latest("exemption")[1].state_label("draft") == "填写中"
    assert workflow_definitions.get("exemption", 1).state_label("draft") == "草稿"


def test_shipping_again_does_not_replace_an_administrators_edit(app_ctx):
    workflow_definitions.save("exemption", edited(lambda b: b["states"].update(draft="填写中")), "admin")

    workflow_definitions.ensure_shipped([EXEMPTION])

    assert WorkflowDefinition.latest("exemption").created_by == "admin"


@pytest.mark.parametrize("change, reason", [
    (lambda b: b["steps"][0]["fields"][0].update(type="hologram"), "类型 hologram 不受支持（可用的类型：audit_report、checkbox、"),
    (lambda b: b["steps"][1]["fields"][0].update(source="nowhere"), "专业来源字段 nowhere 不存在"),
    (lambda b: b.update(items_from="ghost"), "逐项审核所依据的字段 ghost 不存在"),
    (lambda b: b.update(items_from="evidence"), "逐项审核所依据的字段 evidence 须是考生从可选项中选择的字段（如课程）。"),
    (lambda b: b["steps"][2]["fields"][0]["fields"][0]["fields"][5]["rules"].update(formats=["EXE"]),
     "文件格式 EXE 不受支持"),
    (lambda b: b["steps"][2]["fields"][0]["fields"][0]["fields"][5]["rules"].update(min_kb=900, max_kb=100),
     "最小大小大于最大大小"),
    (lambda b: b["steps"][0]["fields"][0].update(name="major.code"), "名称“major.code”不能包含“.”、“$”或空字符。"),
    (lambda b: b["steps"][1]["fields"].append({"name": "kinds", "type": "multiselect", "label": "类别",
                                               "choices": [["$gt", "大于"]]}) or b["steps"][1]["fields"].append(
        {"name": "per_kind", "type": "group", "label": "每类说明", "repeat_for": "kinds",
         "fields": [{"name": "note", "type": "text", "label": "说明"}]}),
     "名称“$gt”不能包含“.”、“$”或空字符。"),
    (lambda b: b["steps"][2]["fields"][0]["fields"][0]["fields"][5]["rules"].update(max_kb=-5),
     "凭证图片（images） 的文件规则 最大大小（KB） 须为正整数。"),
    (lambda b: b["steps"][0]["fields"][0].update(required="yes"), "的“必填”须为 true 或 false。"),
    # Every entry a group offers is drawn on the candidate's page, as many times as the groups around it repeat.
    (lambda b: b["steps"][2]["fields"][0]["fields"][0].update(max_count=100000),
     "凭证（vouchers） 的最多条数不能超过 50（分组在另一分组中时，按各层最多条数的乘积计）。"),
    (lambda b: b["steps"][2]["fields"][0]["fields"][0]["fields"].append(
        {"name": "pages", "type": "group", "label": "各页", "max_count": 20,
         "fields": [{"name": "page", "type": "text", "label": "页码"}]}), "各页（pages） 的最多条数不能超过 50"),
])
def test_a_broken_form_is_refused_with_the_reason(app_ctx, change, reason):
    body = copy.deepcopy(EXEMPTION_FORM.to_data())
    change(body)

    with pytest.raises(DefinitionRefused) as refused:
        form_definitions.save("exemption", body, "admin")

    assert any(reason in problem for problem in refused.value.problems)
    assert FormDefinition.objects(key="exemption").count() == 1


def test_every_shipped_workflow_passes_the_checks():
    from workflows.types import shipped

    workflows = [kind.workflow for kind in shipped()]
    assert {w.key: workflow_definitions.problems(w) for w in workflows} == {w.key: [] for w in workflows}


def test_inputs_survive_being_stored_and_read_back():
    from application_types.recheck.workflow import RECHECK
    from workflows.spec import Workflow

    stored = Workflow.from_data(RECHECK.to_data())

    assert stored == RECHECK
    assert [(i.name, i.kind, i.label, i.required) for i in stored.find("correct", "provincial_review",
                                                                       {"provincial_reviewer"}).inputs] == [
        ("mark", "score_mark", "更正后的成绩", True)]


def test_each_type_starts_with_its_own_notice_and_reasons(app, world):
    from app.models import BusinessType
    from tests.fixtures import candidate_client, text
    from workflows.types import shipped

    for kind in shipped():
        business = BusinessType.objects.get(key=kind.key)
        assert (business.notice, business.reasons()) == (kind.notice, list(kind.reasons)) and kind.notice
    page = text(candidate_client(app, "080105408130").get("/apply/graduation/notice"))
    assert "毕业审定费" in page and "免考" not in page


def test_the_diagram_draws_every_state_and_transition_whatever_they_are_called(app_ctx):
    from workflows.diagram import mermaid
    from workflows.spec import Transition, Workflow

    workflow = Workflow(key="odd", title="奇怪", initial="end", states={"end": '草稿"1"', "state": "审核：中"},
                        final={"state"}, transitions=[Transition("go", "end", "state", by=["candidate"], publish=True)],
                        events={"go": "提交; 下一步"})

    assert mermaid(workflow).splitlines() == [
        "stateDiagram-v2", "    [*] --> s0", "    state \"草稿'1'\" as s0", '    state "审核：中" as s1',
        "    s0 --> s1 : 提交； 下一步（考生）", "    s1 --> [*]"]
