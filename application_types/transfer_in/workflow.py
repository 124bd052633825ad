"""Transfer in 转入 (seed 003 §6.1, seed 002 §7): courses passed in another province; the district confirms
the originals on site, then the province; on approval the courses join the candidate's scores as 转入."""
from workflows.spec import Transition as T
from workflows.spec import Workflow

TRANSFER_IN = Workflow(
    key="transfer_in",
    title="转入申请",
    initial="draft",
    states={"draft": "草稿", "district_review": "考区现场确认中", "provincial_review": "省级审核中",
            "rejected": "审核未通过", "approved": "审核通过", "withdrawn": "已撤回"},
    final={"approved", "withdrawn"},
    events={"submit": "提交申请", "update": "修改并重新提交", "approve": "审核通过", "reject": "审核不通过",
            "resubmit": "重新提交", "withdraw": "撤回申请"},
    transitions=[
        T("submit", "draft", "district_review", by="candidate",
          guards=["identity_verified", "window_open", "form_complete", "transfer_courses_valid"], stamp="submitted_at",
          publish=True),
        T("update", "district_review", "district_review", by="candidate",
          guards=["identity_verified", "window_open", "form_complete", "transfer_courses_valid"], stamp="submitted_at",
          publish=True),
        T("approve", "district_review", "provincial_review", by="district_reviewer"),
        T("approve", "provincial_review", "approved", by="provincial_reviewer", effects=["grant_transfer_in_scores"]),
        T("reject", "district_review", "rejected", by="district_reviewer", comment_required=True),
        T("reject", "provincial_review", "rejected", by="provincial_reviewer", comment_required=True),
        T("resubmit", "rejected", "district_review", by="candidate",
          guards=["identity_verified", "window_open", "form_complete", "resubmissions_left", "transfer_courses_valid"],
          stamp="submitted_at", publish=True),
        T("withdraw", ["draft", "district_review", "rejected"], "withdrawn", by="candidate"),
    ],
).with_english(
    title="Transfer in",
    states={"district_review": "District on-site check"},
)
