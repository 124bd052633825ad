"""Transfer in 转入 (seed 003 §6.1, seed 002 §7): where from, the courses passed there, proof images."""
from forms.spec import Field, FileRules, FormSpec, Step

TRANSFER_IN_FORM = FormSpec(
    key="transfer_in",
    title="转入申请",
    steps=(
        Step("source", "填写转出地信息", (
            Field("province", "province", "来源省", required=True),
            Field("exam_number", "text", "来源准考证号", required=True, max_length=20, pattern=r"^[0-9A-Za-z]{6,20}$",
                  pattern_message="来源准考证号为6至20位数字或字母。"),
            Field("major", "major", "转入专业", required=True),
        )),
        Step("courses", "填写转入课程", (
            Field("courses", "group", "转入课程", required=True, min_count=1, max_count=20,
                  help="逐门填写在外省已合格的课程；一门课程填写一项。",
                  fields=(
                      Field("course", "course", "课程", required=True),
                      Field("mark", "number", "成绩", required=True, min_value=60, max_value=100,
                            help="已合格课程的成绩，60–100。"),
                      Field("credits", "number", "学分", required=True, min_value=1, max_value=20),
                      Field("sitting", "month", "考试时间", required=True),
                  )),
        ), check="transfer_courses_valid"),
        Step("proof", "上传证明材料", (
            Field("proof", "image", "转出证明及成绩单", required=True,
                  help="外省考试机构出具的转出证明和成绩单，JPG 或 PNG 图片，每张不超过 1 MB，最多 4 张。"
                       "现场确认时请携带原件。",
                  rules=FileRules(formats=("JPEG", "PNG"), max_kb=1024, max_count=4)),
        )),
    ),
)
