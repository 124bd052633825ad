"""Score recheck 成绩复核: the score and the reason first; after submitting, the district-stamped request form."""
from forms.spec import Field, FileRules, FormSpec, Step

RECHECK_FORM = FormSpec(
    key="recheck",
    title="成绩复核",
    steps=(
        Step("score", "填写复核成绩及原因", (
            Field("score", "latest_score", "复核成绩", required=True,
                  help="只能对最近一次考试的成绩申请复核，须在成绩公布后3个工作日内提出。"),
            Field("reason", "textarea", "复核原因", required=True, max_length=500),
        ), states=("draft",)),
        Step("stamped_form", "上传盖章的复核申请表", (
            Field("request_form", "file", "成绩复核申请表（考区盖章）", required=True,
                  help="到报考考区领取并填写《高等教育自学考试成绩复核申请表》，经考区确认盖章后拍照或扫描上传。",
                  rules=FileRules(formats=("JPEG", "PNG", "PDF"), max_kb=5120, max_count=3)),
        ), states=("awaiting_form", "rejected")),
    ),
).with_english(
    title="Score recheck",
    steps={"score": "The score and the reason", "stamped_form": "Upload the stamped request form"},
    fields={
        "score": {
            "label": "Score to recheck",
            "help": "Only scores of the latest sitting, within 3 working days after they were published.",
        },
        "reason": {"label": "Reason"},
        "request_form": {
            "label": "Recheck request form (stamped by the district)",
            "help": ("Get the score recheck request form from your exam district, fill it in, have the district "
                     "stamp it, then photograph or scan it."),
        },
    },
)
