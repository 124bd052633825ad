"""Identity verification 身份认证 (seed 000 §二, seed 002 §4): photos checked on upload, then the district.

The district reviewer compares the photos with the ID card, or, for a candidate who chose to come in
person after three refused photos, verifies them at the desk; approving marks the candidate verified.
"""
from workflows.spec import Transition as T
from workflows.spec import Workflow

IDENTITY = Workflow(
    key="identity",
    title="身份认证",
    initial="draft",
    states={"draft": "草稿", "district_review": "考区审核中", "rejected": "认证未通过", "verified": "认证通过",
            "withdrawn": "已撤回"},
    final={"verified", "withdrawn"},
    events={"submit": "开始认证", "update": "修改并重新提交", "approve": "认证通过", "reject": "认证不通过",
            "resubmit": "重新提交", "withdraw": "撤回申请"},
    transitions=[
        T("submit", "draft", "district_review", by="candidate", guards=["window_open", "form_complete"],
          stamp="submitted_at", publish=True),
        T("update", "district_review", "district_review", by="candidate", guards=["window_open", "form_complete"],
          stamp="submitted_at", publish=True),
        T("approve", "district_review", "verified", by="district_reviewer", effects=["verify_identity"]),
        T("reject", "district_review", "rejected", by="district_reviewer", comment_required=True),
        T("resubmit", "rejected", "district_review", by="candidate",
          guards=["window_open", "form_complete", "resubmissions_left"], stamp="submitted_at", publish=True),
        T("withdraw", ["draft", "district_review", "rejected"], "withdrawn", by="candidate"),
    ],
).with_english(
    title="Identity verification",
    states={"rejected": "Not verified", "verified": "Verified"},
    events={"submit": "Start verification", "approve": "Verify", "reject": "Do not verify"},
)
