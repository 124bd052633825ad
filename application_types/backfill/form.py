"""Score back-registration 成绩补登: one course's old exam score, exemption or transfer-in, with its proof."""
from forms.spec import Condition, Field, FileRules, FormSpec, Step

EXAM, EXEMPTION, TRANSFER_IN = "exam", "exemption", "transfer_in"

BACKFILL_FORM = FormSpec(
    key="backfill",
    title="成绩补登",
    steps=(
        Step("score", "填写补登成绩", (
            Field("kind", "select", "补登类型", required=True,
                  choices=((EXAM, "理论与实践（2002年及以前的考试成绩）"),
                           (EXEMPTION, "免考（2020年以前已办理）"),
                           (TRANSFER_IN, "转入（2020年以前已办理）"))),
            Field("course", "course", "课程", required=True),
            Field("sitting", "month", "通过或办理时间", required=True,
                  help="考试成绩填写考试年月（2002年12月及以前）；"
                       "免考、转入填写办理年月（2020年以前）。"),
            Field("mark", "number", "成绩", min_value=0, max_value=100,
                  visible_if=Condition("kind", any_of=(EXAM, TRANSFER_IN)),
                  required_if=Condition("kind", any_of=(EXAM, TRANSFER_IN))),
            Field("grade", "select", "免考结果", choices=(("通过", "通过"), ("合格", "合格")),
                  visible_if=Condition("kind", EXEMPTION), required_if=Condition("kind", EXEMPTION)),
            Field("from_province", "province", "来源省", visible_if=Condition("kind", TRANSFER_IN),
                  required_if=Condition("kind", TRANSFER_IN)),
            Field("remark", "textarea", "说明", max_length=200),
            Field("proof", "image", "成绩凭证", required=True,
                  help="JPG 或 PNG 图片，每张不超过 1 MB，最多 3 张；文字方向朝上，图片清晰完整。",
                  rules=FileRules(formats=("JPEG", "PNG"), max_kb=1024, max_count=3)),
        ), check="backfill_in_time"),
    ),
).with_english(
    title="Score back-registration",
    steps={"score": "The score to register"},
    fields={
        "kind": {
            "label": "Kind of score",
            "choices": {
                "exam": "Theory and practice (exam scores of 2002 or earlier)",
                "exemption": "Exemption (granted before 2020)",
                "transfer_in": "Transfer in (granted before 2020)",
            },
        },
        "course": {"label": "Course"},
        "sitting": {
            "label": "Month passed or granted",
            "help": ("For an exam score, the month of the exam (December 2002 or earlier); for an exemption or "
                     "transfer, the month it was granted (before 2020)."),
        },
        "mark": {"label": "Score"},
        "grade": {"label": "Exemption result", "choices": {"通过": "Passed", "合格": "Qualified"}},
        "from_province": {"label": "Source province"},
        "remark": {"label": "Remarks"},
        "proof": {
            "label": "Proof of the score",
            "help": "JPG or PNG images, up to 1 MB each, at most 3; text upright, clear and complete.",
        },
    },
)
