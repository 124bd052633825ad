"""Registration review 报考审核 (seed 002 §4(3)): where a sitting asks for it, the exam district reviews each
submitted registration online before it is paid; a change before the deadline comes back for review."""
from workflows.spec import Transition as T
from workflows.spec import Workflow

REGISTRATION_REVIEW = Workflow(
    key="registration_review",
    title="报考信息",
    initial="draft",
    states={"draft": "草稿", "district_review": "待考区审核", "approved": "考区审核通过", "rejected": "考区审核未通过"},
    final=set(),
    events={"submit": "提交报考信息", "update": "修改报考信息", "approve": "审核通过", "reject": "审核不通过"},
    # The candidate submits through the registration pages (usecases/registrations.py), which send each change.
    transitions=[
        T("submit", "draft", "district_review", by="candidate", stamp="submitted_at", publish=True),
        *(T("update", state, "district_review", by="candidate", guards=["registration_newer"], stamp="submitted_at",
            publish=True) for state in ("district_review", "approved", "rejected")),
        T("approve", "district_review", "approved", by="district_reviewer", effects=["registration_reviewed"]),
        T("reject", "district_review", "rejected", by="district_reviewer", comment_required=True,
          effects=["registration_reviewed"]),
    ],
).with_english(
    title="Registration",
    states={
        "district_review": "Awaiting district review",
        "approved": "Approved by the district",
        "rejected": "Not approved by the district",
    },
    events={"submit": "Submit registration", "update": "Change registration"},
)
