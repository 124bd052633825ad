"""Score recheck 成绩复核 (seed 002 §10): a score of the latest sitting and a reason, within the working days after
the scores were published; then the district-stamped request form; the district, then the province reviews, and
the score is kept or corrected (the provincial reviewer types the corrected mark into a field of its own)."""
from workflows.spec import Input
from workflows.spec import Transition as T
from workflows.spec import Workflow

RECHECK = Workflow(
    key="recheck",
    title="成绩复核",
    initial="draft",
    states={"draft": "草稿", "awaiting_form": "待上传复核申请表", "district_review": "考区审核中",
            "provincial_review": "省级复核中", "rejected": "审核未通过", "kept": "维持原成绩", "corrected": "成绩已更正",
            "withdrawn": "已撤回"},
    final={"kept", "corrected", "withdrawn"},
    events={"submit": "提交申请", "upload_form": "上传盖章申请表", "approve": "审核通过", "reject": "审核不通过",
            "resubmit": "重新提交", "keep": "维持原成绩", "correct": "更正成绩", "withdraw": "撤回申请"},
    transitions=[
        T("submit", "draft", "awaiting_form", by="candidate",
          guards=["window_open", "form_complete", "recheck_window"], stamp="submitted_at", publish=True),
        T("upload_form", "awaiting_form", "district_review", by="candidate",
          guards=["form_complete", "recheck_window"], stamp="submitted_at", publish=True),
        T("approve", "district_review", "provincial_review", by="district_reviewer"),
        T("reject", "district_review", "rejected", by="district_reviewer", comment_required=True),
        # Once forwarded to the province, the district has no action left on it.
        T("reject", "provincial_review", "rejected", by="provincial_reviewer", comment_required=True),
        T("resubmit", "rejected", "district_review", by="candidate", guards=["form_complete", "resubmissions_left"],
          stamp="submitted_at", publish=True),
        T("keep", "provincial_review", "kept", by="provincial_reviewer", effects=["notify_recheck_result"]),
        T("correct", "provincial_review", "corrected", by="provincial_reviewer", comment_required=True,
          inputs=[Input("mark", "score_mark", "更正后的成绩", en={"label": "Corrected score"})],
          effects=["correct_recheck_score", "notify_recheck_result"]),
        T("withdraw", ["draft", "awaiting_form", "rejected"], "withdrawn", by="candidate"),
    ],
).with_english(
    title="Score recheck",
    states={
        "provincial_review": "Provincial recheck",
        "awaiting_form": "Awaiting the request form",
        "kept": "Score kept",
        "corrected": "Score corrected",
    },
    events={"upload_form": "Upload the stamped form", "keep": "Keep the score", "correct": "Correct the score"},
)
