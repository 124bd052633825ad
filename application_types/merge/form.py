"""Record merge 成绩归一/合档: the other numbers under which the candidate holds scores."""
from forms.spec import Condition, Field, FormSpec, Step

EXAM_NUMBER = "exam_number"
FILE_NUMBER = "file_number"

MERGE_FORM = FormSpec(
    key="merge",
    title="成绩归一（合档）",
    steps=(
        Step("records", "填写其他准考证号或档案号", (
            Field("sources", "group", "需要合并的号码", required=True, min_count=1, max_count=5,
                  help="在本省有多个准考证号的，逐个填写；2003年以前入籍的，填写档案号（5位专业代码+5位考生号）。"
                       "核验时请携带本人身份证原件到考籍管理区县。",
                  fields=(
                      Field("kind", "select", "号码类型", required=True,
                            choices=((EXAM_NUMBER, "其他准考证号"), (FILE_NUMBER, "2003年以前的档案号"))),
                      Field("exam_number", "text", "准考证号", required_if=Condition("kind", EXAM_NUMBER),
                            visible_if=Condition("kind", EXAM_NUMBER), pattern=r"^\d{12}$",
                            pattern_message="准考证号为12位数字。"),
                      Field("file_number", "text", "档案号", required_if=Condition("kind", FILE_NUMBER),
                            visible_if=Condition("kind", FILE_NUMBER), pattern=r"^\d{10}$",
                            pattern_message="档案号为10位数字：5位专业代码加5位考生号。"),
                      Field("remark", "textarea", "说明", max_length=200),
                  )),
        )),
    ),
).with_english(
    title="Record merge",
    steps={"records": "Your other exam or file numbers"},
    fields={
        "sources": {
            "label": "Numbers to merge",
            "help": ("Enter each exam number you hold in this province; for records opened before 2003, the file "
                     "number (5-digit major code and 5-digit candidate number). Bring your original ID card to the "
                     "records district to be checked."),
        },
        "kind": {
            "label": "Kind of number",
            "choices": {"exam_number": "Another exam number", "file_number": "File number from before 2003"},
        },
        "exam_number": {"label": "Exam number", "pattern_message": "An exam number has 12 digits."},
        "file_number": {
            "label": "File number",
            "pattern_message": "A file number has 10 digits: the 5-digit major code and the 5-digit candidate number.",
        },
        "remark": {"label": "Remarks"},
    },
)
