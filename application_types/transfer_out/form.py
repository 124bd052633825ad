"""Transfer out 转出 (seed 003 §6.2): destination, contact, and the passed scores that go, decided one by one."""
from forms.spec import Field, FormSpec, Step

LEVELS = ("专科", "本科")
REASONS = ("工作调动", "户籍迁移", "随迁家属", "异地就业", "异地求学", "其他")

TRANSFER_OUT_FORM = FormSpec(
    key="transfer_out",
    title="转出申请",
    items_from="scores",
    steps=(
        Step("destination", "填写转入地信息", (
            Field("province", "province", "转入地", required=True),
            Field("exam_number", "text", "转入准考证号", required=True, max_length=20, pattern=r"^[0-9A-Za-z]{6,20}$",
                  pattern_message="转入准考证号为6至20位数字或字母。",
                  help="请先在转入地取得准考证号。"),
            Field("level", "select", "转入层次", required=True, choices=tuple((v, v) for v in LEVELS)),
            Field("major", "text", "转入专业", required=True, max_length=60),
            Field("reason", "select", "转出原因", required=True, choices=tuple((v, v) for v in REASONS)),
            Field("phone", "text", "联系电话", required=True, pattern=r"^1\d{10}$",
                  pattern_message="请填写11位手机号码。"),
        )),
        Step("scores", "勾选要转出的成绩", (
            Field("scores", "passed_scores", "转出成绩", required=True,
                  help="只列出已合格且尚未转出的成绩。审核通过后，转出的成绩不再计入本省。"),
        )),
    ),
).with_english(
    title="Transfer out",
    steps={"destination": "Where you transfer to", "scores": "Tick the scores to transfer"},
    fields={
        "province": {"label": "Destination"},
        "exam_number": {
            "label": "Destination exam number",
            "pattern_message": "A destination exam number has 6 to 20 digits or letters.",
            "help": "Get an exam number at the destination first.",
        },
        "level": {"label": "Level", "choices": {"专科": "Associate", "本科": "Bachelor"}},
        "major": {"label": "Major at the destination"},
        "reason": {
            "label": "Reason",
            "choices": {
                "工作调动": "Job transfer",
                "户籍迁移": "Household move",
                "随迁家属": "Accompanying family",
                "异地就业": "Work elsewhere",
                "异地求学": "Study elsewhere",
                "其他": "Other",
            },
        },
        "phone": {"label": "Phone", "pattern_message": "Enter an 11-digit mobile number."},
        "scores": {
            "label": "Scores to transfer",
            "help": ("Only passed scores not yet transferred are listed. Once approved, they no longer count in this "
                     "province."),
        },
    },
)
