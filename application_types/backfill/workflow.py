"""Score back-registration 成绩补登 (seed 003 §4.4): an exam score up to 2002, or an exemption or transfer-in
granted before 2020 that the records lack; the district checks the proof, then the score joins the record."""
from workflows.spec import Transition as T
from workflows.spec import Workflow

CHECKS = ["identity_verified", "window_open", "form_complete", "backfill_in_time"]

BACKFILL = Workflow(
    key="backfill",
    title="成绩补登",
    initial="draft",
    states={"draft": "草稿", "district_review": "考区审核中", "rejected": "审核未通过", "approved": "已登记",
            "withdrawn": "已撤回"},
    final={"approved", "withdrawn"},
    events={"submit": "提交审核", "update": "修改并重新提交", "approve": "审核通过并登记", "reject": "审核不通过",
            "resubmit": "重新提交", "withdraw": "撤回申请"},
    transitions=[
        T("submit", "draft", "district_review", by="candidate", guards=CHECKS, stamp="submitted_at", publish=True),
        T("update", "district_review", "district_review", by="candidate", guards=CHECKS, stamp="submitted_at",
          publish=True),
        T("approve", "district_review", "approved", by="district_reviewer", effects=["register_backfill"]),
        T("reject", "district_review", "rejected", by="district_reviewer", comment_required=True),
        T("resubmit", "rejected", "district_review", by="candidate", guards=CHECKS + ["resubmissions_left"],
          stamp="submitted_at", publish=True),
        T("withdraw", ["draft", "district_review", "rejected"], "withdrawn", by="candidate"),
    ],
).with_english(
    title="Score back-registration",
    states={"approved": "Registered"},
    events={"approve": "Approve and register"},
)
