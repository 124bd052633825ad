"""Transfer out 转出 (seed 003 §6.2, seed 002 §8): the candidate names the destination and the passed scores
that go; the province reviews; on approval those scores are marked transferred out and a transfer
certificate 转出证明 can be downloaded."""
from workflows.spec import Transition as T
from workflows.spec import Workflow

TRANSFER_OUT = Workflow(
    key="transfer_out",
    title="转出申请",
    initial="draft",
    states={"draft": "草稿", "provincial_review": "省级审核中", "rejected": "审核未通过", "approved": "审核通过",
            "withdrawn": "已撤回"},
    final={"approved", "withdrawn"},
    events={"submit": "提交申请", "update": "修改并重新提交", "approve": "审核通过", "reject": "审核不通过",
            "resubmit": "重新提交", "withdraw": "撤回申请"},
    transitions=[
        T("submit", "draft", "provincial_review", by="candidate",
          guards=["identity_verified", "window_open", "form_complete", "scores_transferable"], stamp="submitted_at",
          publish=True),
        T("update", "provincial_review", "provincial_review", by="candidate",
          guards=["identity_verified", "window_open", "form_complete", "scores_transferable"], stamp="submitted_at",
          publish=True),
        # Checked again on approval: a score may have gone by another transfer since the candidate submitted.
        T("approve", "provincial_review", "approved", by="provincial_reviewer", guards=["scores_transferable"],
          effects=["transfer_out_scores"]),
        T("reject", "provincial_review", "rejected", by="provincial_reviewer", comment_required=True),
        T("resubmit", "rejected", "provincial_review", by="candidate",
          guards=["identity_verified", "window_open", "form_complete", "resubmissions_left", "scores_transferable"],
          stamp="submitted_at", publish=True),
        T("withdraw", ["draft", "provincial_review", "rejected"], "withdrawn", by="candidate"),
    ],
).with_english(title="Transfer out")
