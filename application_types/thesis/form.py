"""Thesis / final project 本科论文与专科毕业设计 (seed 003 §5.1): the 成绩列表 with the qualification, then the
上传材料 step (the prior-education diploma as a voucher: type, number, month, province, remark, images); the
generic preview is the 提交信息 step. Editable until the university decides, and after a rejection."""
from forms.spec import Field, FileRules, FormSpec, Step

OPEN = ("draft", "university_review", "rejected")
VOUCHER_TYPES = (("前置学历毕业证书", "前置学历毕业证书"),)

THESIS_FORM = FormSpec(
    key="thesis",
    title="本科论文与专科毕业设计",
    steps=(
        Step("qualification", "成绩列表", (
            Field("qualification", "thesis_qualification", "学习情况",
                  help="成绩有误的，请先联系考籍管理区县核实。"),
        ), states=OPEN, check="thesis_qualified"),
        Step("materials", "上传材料", (
            Field("voucher_type", "select", "凭证类型", required=True, choices=VOUCHER_TYPES),
            Field("voucher_number", "text", "凭证编号", required=True, max_length=30,
                  pattern=r"^[0-9A-Za-z]{6,30}$", pattern_message="凭证编号为6至30位数字或字母。"),
            Field("voucher_month", "month", "获取凭证时间", required=True),
            Field("voucher_province", "province", "获取凭证省份", required=True),
            Field("voucher_remark", "textarea", "备注", max_length=200, help="填写其他说明事项。"),
            Field("voucher_images", "image", "凭证图片", required=True,
                  rules=FileRules(formats=("JPEG", "PNG"), max_kb=1024, max_count=2),
                  help="图像应清晰完整，文字朝上；JPG或PNG格式，单个文件不超过1MB，最多2张。"),
        ), states=OPEN),
    ),
).with_english(
    title="Thesis and final project",
    steps={"qualification": "Scores", "materials": "Upload materials"},
    fields={
        "qualification": {"label": "Progress", "help": "If a score is wrong, contact your records district first."},
        "voucher_type": {"label": "Voucher type", "choices": {"前置学历毕业证书": "Prior-education diploma"}},
        "voucher_number": {
            "label": "Voucher number",
            "pattern_message": "A voucher number has 6 to 30 digits or letters.",
        },
        "voucher_month": {"label": "Month obtained"},
        "voucher_province": {"label": "Province issued"},
        "voucher_remark": {"label": "Remarks", "help": "Anything else to say."},
        "voucher_images": {
            "label": "Voucher images",
            "help": "Clear and complete, text upright; JPG or PNG, up to 1 MB each, at most 2.",
        },
    },
)
