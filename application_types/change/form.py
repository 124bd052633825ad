"""Key-information change 变更: what to change, the new values, the handling district, the proof."""
from forms.spec import Condition, Field, FileRules, FormSpec, Step

NAME, SEX, ID_NUMBER = "name", "sex", "id_number"

CHANGE_FORM = FormSpec(
    key="change",
    title="关键信息变更",
    steps=(
        Step("change", "填写变更信息", (
            Field("changes", "multiselect", "需要变更的信息", required=True,
                  choices=((NAME, "姓名"), (SEX, "性别"), (ID_NUMBER, "身份证号（15位升18位）"))),
            Field("new_name", "text", "新姓名", max_length=50, visible_if=Condition("changes", any_of=(NAME,)),
                  required_if=Condition("changes", any_of=(NAME,))),
            Field("new_sex", "select", "新性别", choices=(("M", "男"), ("F", "女")),
                  visible_if=Condition("changes", any_of=(SEX,)), required_if=Condition("changes", any_of=(SEX,))),
            Field("new_id_number", "text", "新身份证号", pattern=r"^\d{17}[\dXx]$",
                  pattern_message="身份证号码应为18位，前17位为数字，最后一位为数字或X。",
                  visible_if=Condition("changes", any_of=(ID_NUMBER,)),
                  required_if=Condition("changes", any_of=(ID_NUMBER,))),
            Field("district", "district", "办理考区", required=True,
                  help="审核通过前，请携带本人身份证原件和证明材料到办理考区现场核验。"),
            Field("proof", "file", "证明材料", required=True,
                  help="户籍证明、身份证等，JPG、PNG 图片或 PDF 文件，每个不超过 2 MB，最多 3 个。",
                  rules=FileRules(formats=("JPEG", "PNG", "PDF"), max_kb=2048, max_count=3)),
        )),
    ),
).with_english(
    title="Key information change",
    steps={"change": "What to change"},
    fields={
        "changes": {
            "label": "Information to change",
            "choices": {"name": "Name", "sex": "Sex", "id_number": "ID number (15 digits to 18)"},
        },
        "new_name": {"label": "New name"},
        "new_sex": {"label": "New sex", "choices": {"M": "Male", "F": "Female"}},
        "new_id_number": {
            "label": "New ID number",
            "pattern_message": "An ID number has 18 characters: 17 digits, then a digit or X.",
        },
        "district": {
            "label": "Handling district",
            "help": ("Before approval, bring your original ID card and the proof to the handling district to be "
                     "checked in person."),
        },
        "proof": {
            "label": "Proof",
            "help": ("Household register, ID card and the like: JPG or PNG images or PDF files, up to 2 MB each, at "
                     "most 3."),
        },
    },
)
