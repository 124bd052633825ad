"""Key-information change 变更 (seed 002 §6): name, sex or ID number, with proof; the district checks on site."""
from workflows.spec import Transition as T
from workflows.spec import Workflow

CHECKS = ["identity_verified", "window_open", "form_complete", "change_differs", "new_id_number_valid"]

CHANGE = Workflow(
    key="change",
    title="关键信息变更",
    initial="draft",
    states={"draft": "草稿", "district_review": "考区审核中", "rejected": "审核未通过", "approved": "已变更",
            "withdrawn": "已撤回"},
    final={"approved", "withdrawn"},
    events={"submit": "提交审核", "update": "修改并重新提交", "approve": "核验通过并变更", "reject": "审核不通过",
            "resubmit": "重新提交", "withdraw": "撤回申请"},
    transitions=[
        T("submit", "draft", "district_review", by="candidate", guards=CHECKS, stamp="submitted_at", publish=True),
        T("update", "district_review", "district_review", by="candidate", guards=CHECKS, stamp="submitted_at",
          publish=True),
        # Checked again on approval: another candidate may have taken the new ID number meanwhile.
        T("approve", "district_review", "approved", by="district_reviewer",
          guards=["change_differs", "new_id_number_valid"], effects=["apply_key_change"]),
        T("reject", "district_review", "rejected", by="district_reviewer", comment_required=True),
        T("resubmit", "rejected", "district_review", by="candidate", guards=CHECKS + ["resubmissions_left"],
          stamp="submitted_at", publish=True),
        T("withdraw", ["draft", "district_review", "rejected"], "withdrawn", by="candidate"),
    ],
).with_english(
    title="Key information change",
    states={"approved": "Changed"},
    events={"approve": "Verify and change"},
)
