"""Course exemption 免考: per-course vouchers; district, then province, review (seed 003 §4.3, seed 002 §9)."""
from workflows.spec import Transition as T
from workflows.spec import Workflow

EXEMPTION = Workflow(
    key="exemption",
    title="免考申请",
    initial="draft",
    states={"draft": "草稿", "district_review": "考区审核中", "provincial_review": "省级审核中",
            "rejected": "审核未通过", "approved": "审核通过", "withdrawn": "已撤回"},
    final={"approved", "withdrawn"},
    events={"submit": "提交申请", "update": "修改并重新提交", "approve": "审核通过", "reject": "审核不通过",
            "resubmit": "重新提交", "withdraw": "撤回申请"},
    transitions=[
        # Identity verification comes before any business (seed 000 §二).
        T("submit", "draft", "district_review", by="candidate",
          guards=["identity_verified", "window_open", "form_complete"], stamp="submitted_at", publish=True),
        # While no reviewer has acted, the candidate may correct and resubmit (seed 003 §4.3).
        T("update", "district_review", "district_review", by="candidate",
          guards=["identity_verified", "window_open", "form_complete"], stamp="submitted_at", publish=True),
        T("approve", "district_review", "provincial_review", by="district_reviewer"),
        T("approve", "provincial_review", "approved", by="provincial_reviewer",
          effects=["grant_exemption_scores"]),
        T("reject", "district_review", "rejected", by="district_reviewer", comment_required=True),
        T("reject", "provincial_review", "rejected", by="provincial_reviewer", comment_required=True),
        T("resubmit", "rejected", "district_review", by="candidate",
          guards=["identity_verified", "window_open", "form_complete", "resubmissions_left"], stamp="submitted_at",
          publish=True),
        T("withdraw", ["draft", "district_review", "rejected"], "withdrawn", by="candidate"),
    ],
).with_english(title="Course exemption")
