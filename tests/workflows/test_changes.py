"""What a workflow's version page says changed since the version before: shipped workflows, edited as an
administrator would, told with the labels of states, events and roles."""
import copy

import pytest

from application_types.exemption.workflow import EXEMPTION
from application_types.thesis.workflow import THESIS
from workflows.changes import changes
from workflows.spec import Workflow


@pytest.fixture
def exemption(app_ctx):
    """The shipped exemption workflow's body, to edit."""
    return copy.deepcopy(EXEMPTION.to_data())


def transition(body, event, source):
    return next(t for t in body["transitions"] if t["event"] == event and t["from"] == [source])


def said(old, new):
    return changes(Workflow.from_data(old), Workflow.from_data(new))


def test_the_same_workflow_has_no_changes(exemption):
    assert said(exemption, copy.deepcopy(exemption)) == []


def test_states_added_removed_relabelled_and_made_final(exemption):
    edited = copy.deepcopy(exemption)
    edited["states"]["district_review"] = "区县初审中"
    edited["states"]["archived"] = "已归档"
    edited["final"] = ["approved", "archived", "rejected"]
    del edited["states"]["withdrawn"]
    edited["transitions"] = [t for t in edited["transitions"] if t["event"] != "withdraw"]

    assert said(exemption, edited) == [
        "新增状态“已归档”（结束状态）",
        "删除状态“已撤回”",
        "状态“考区审核中”改名为“区县初审中”",
        "“审核未通过”成为结束状态",
        "删除操作“撤回申请”（草稿、考区审核中、审核未通过 → 已撤回）",
    ]


def test_a_transitions_roles_guards_effects_and_flags_read_in_labels(exemption):
    edited = copy.deepcopy(exemption)
    approve = transition(edited, "approve", "district_review")
    approve.update(by=["district_reviewer", "university_reviewer"], effects=["grant_exemption_scores"],
                   to="approved")
    reject = transition(edited, "reject", "provincial_review")
    reject.update(comment_required=False)
    resubmit = transition(edited, "resubmit", "rejected")
    resubmit["guards"] = ["identity_verified", "form_complete", "resubmissions_left", "no_fee_due"]
    edited["events"]["approve"] = "通过"

    assert said(exemption, edited) == [
        "操作“审核通过”改名为“通过”",
        "操作“审核通过”（考区审核中 → 省级审核中）的目标状态：省级审核中 → 审核通过",
        "操作“审核通过”（考区审核中 → 省级审核中）的办理角色：区县审核 → 区县审核、主考院校审核",
        "操作“审核通过”（考区审核中 → 省级审核中）新增后续处理：将审核通过的免考课程记为考生的免考成绩",
        "操作“审核不通过”（省级审核中 → 审核未通过）的须填写理由：是 → 否",
        "操作“重新提交”（审核未通过 → 考区审核中）新增检查：该业务不收费",
        "操作“重新提交”（审核未通过 → 考区审核中）不再检查：在业务开放时间内",
    ]


def test_a_transition_from_other_states_is_one_that_moved_and_a_new_one_says_what_it_does(exemption):
    edited = copy.deepcopy(exemption)
    withdraw = next(t for t in edited["transitions"] if t["event"] == "withdraw")
    withdraw["from"] = ["draft", "rejected"]
    edited["transitions"].append({"event": "return", "from": ["provincial_review"], "to": "district_review",
                                  "by": ["provincial_reviewer"], "comment_required": True, "guards": ["form_complete"]})
    edited["events"]["return"] = "退回区县"

    assert said(exemption, edited) == [
        "操作“撤回申请”（草稿、考区审核中、审核未通过 → 已撤回）的出发状态：草稿、考区审核中、审核未通过 → 草稿、审核未通过",
        "新增操作“退回区县”（省级审核中 → 考区审核中）：由省级审核办理；检查：当前环节须填写的内容都已填写完整；须填写理由",
    ]


def test_a_submission_and_a_reviewers_input(app_ctx):
    shipped = THESIS.to_data()
    edited = copy.deepcopy(shipped)
    approve = transition(edited, "approve", "university_review")
    approve["inputs"][0].update(label="论文指导教师", required=False, kind="score_mark")
    approve["inputs"].append({"name": "topic", "kind": "supervisor_name", "label": "论文题目", "required": True})
    submit = transition(edited, "submit", "draft")
    submit.update(publish=False, stamp=None)
    edited["title"] = "毕业论文"

    assert said(shipped, edited) == [
        "流程名称：本科论文与专科毕业设计 → 毕业论文",
        "操作“提交申请”（草稿 → 主考院校审核中）的记录时间：提交时间 → 无",
        "操作“提交申请”（草稿 → 主考院校审核中）的提交考生填写的内容：是 → 否",
        "操作“审核通过”（主考院校审核中 → 审核通过）新增填写项“论文题目”",
        "操作“审核通过”（主考院校审核中 → 审核通过）的填写项“论文指导教师”的名称：指导教师 → 论文指导教师",
        "操作“审核通过”（主考院校审核中 → 审核通过）的填写项“论文指导教师”的类型：指导教师的姓名（不超过 30 个字） → "
        "更正后的成绩：0–100 的整数，按等级记录的成绩为所选等级",
        "操作“审核通过”（主考院校审核中 → 审核通过）的填写项“论文指导教师”的必填：是 → 否",
    ]
