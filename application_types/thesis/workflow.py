"""Thesis / final project 本科论文与专科毕业设计 (seed 003 §5.1): within the window, a verified candidate who has
passed their major's courses but the thesis applies with their prior-education diploma; the sponsoring university
主考院校 of the major approves, naming the supervisor 指导教师, or rejects with a reason. The candidate may correct
the application or withdraw it until the university decides, and resubmit after a rejection within the window.
"""
from workflows.spec import Input
from workflows.spec import Transition as T
from workflows.spec import Workflow

_SUBMIT_GUARDS = ["identity_verified", "window_open", "form_complete", "thesis_qualified", "thesis_not_applied"]

THESIS = Workflow(
    key="thesis",
    title="本科论文与专科毕业设计",
    initial="draft",
    states={"draft": "草稿", "university_review": "主考院校审核中", "rejected": "审核未通过",
            "approved": "审核通过", "withdrawn": "已撤回"},
    final={"approved", "withdrawn"},
    events={"submit": "提交申请", "update": "修改并重新提交", "approve": "审核通过", "reject": "审核不通过",
            "resubmit": "重新提交", "withdraw": "撤回申请"},
    transitions=[
        T("submit", "draft", "university_review", by="candidate", guards=_SUBMIT_GUARDS, stamp="submitted_at",
          publish=True),
        T("update", "university_review", "university_review", by="candidate", guards=_SUBMIT_GUARDS,
          stamp="submitted_at", publish=True),
        T("approve", "university_review", "approved", by="university_reviewer",
          inputs=[Input("supervisor", "supervisor_name", "指导教师", en={"label": "Supervisor"})]),
        T("reject", "university_review", "rejected", by="university_reviewer", comment_required=True),
        T("resubmit", "rejected", "university_review", by="candidate", guards=[*_SUBMIT_GUARDS, "resubmissions_left"],
          stamp="submitted_at", publish=True),
        T("withdraw", ["draft", "university_review", "rejected"], "withdrawn", by="candidate"),
    ],
).with_english(
    title="Thesis and final project",
    states={"university_review": "University review"},
)
