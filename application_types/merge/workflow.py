"""Record merge 成绩归一/合档 (seeds 001, 002): other exam numbers or an old file number; the district confirms
on site ("一人一号"), then the scores recorded under those numbers join the candidate's record."""
from workflows.spec import Transition as T
from workflows.spec import Workflow

MERGE = Workflow(
    key="merge",
    title="成绩归一（合档）",
    initial="draft",
    states={"draft": "草稿", "district_review": "考区核验中", "rejected": "核验未通过", "merged": "已合档",
            "withdrawn": "已撤回"},
    final={"merged", "withdrawn"},
    events={"submit": "提交申请", "update": "修改并重新提交", "approve": "核验通过并合档", "reject": "核验不通过",
            "resubmit": "重新提交", "withdraw": "撤回申请"},
    transitions=[
        T("submit", "draft", "district_review", by="candidate", guards=["window_open", "form_complete"],
          stamp="submitted_at", publish=True),
        T("update", "district_review", "district_review", by="candidate", guards=["window_open", "form_complete"],
          stamp="submitted_at", publish=True),
        T("approve", "district_review", "merged", by="district_reviewer", guards=["record_not_retired"],
          effects=["merge_records"]),
        T("reject", "district_review", "rejected", by="district_reviewer", comment_required=True),
        T("resubmit", "rejected", "district_review", by="candidate",
          guards=["window_open", "form_complete", "resubmissions_left"], stamp="submitted_at", publish=True),
        T("withdraw", ["draft", "district_review", "rejected"], "withdrawn", by="candidate"),
    ],
).with_english(
    title="Record merge",
    states={"district_review": "District verification", "rejected": "Not verified", "merged": "Merged"},
    events={"approve": "Verify and merge", "reject": "Do not verify"},
)
