"""Course exemption 免考 (seed 003 §4.3, seed 002 §9): a major, several courses, vouchers per course."""
from forms.spec import Field, FileRules, FormSpec, Step

VOUCHER_TYPES = ("PETS", "CET", "学历证书", "电子注册备案表", "学历认证报告", "职业资格证书", "其他")

VOUCHER = Field("vouchers", "group", "凭证", required=True, min_count=1, max_count=5,
                help="一门课程需要多种凭证时（如用毕业证书免考，还需电子注册备案表或学历认证报告），请新增凭证。",
                fields=(
                    Field("type", "select", "凭证类型", required=True, choices=tuple((t, t) for t in VOUCHER_TYPES)),
                    Field("number", "text", "凭证编号", required=True, max_length=60),
                    Field("obtained", "month", "获取凭证时间", required=True),
                    Field("province", "province", "获取凭证省份", required=True),
                    Field("remark", "textarea", "备注", max_length=200),
                    Field("images", "image", "凭证图片", required=True,
                          help="JPG 或 PNG 图片，每张不超过 1 MB，最多 4 张；图像清晰完整，文字方向朝上。",
                          rules=FileRules(formats=("JPEG", "PNG"), max_kb=1024, max_count=4)),
                ))

EXEMPTION_FORM = FormSpec(
    key="exemption",
    title="免考申请",
    items_from="courses",
    steps=(
        Step("major", "选择专业", (Field("major", "major", "专业", required=True),)),
        Step("courses", "选择要免考的课程", (
            Field("courses", "course_picker", "免考课程", required=True, source="major",
                  help="可以一次勾选多门课程。已通过的课程不再列出。"),
        )),
        Step("evidence", "填写凭证", (
            Field("evidence", "group", "各课程凭证", required=True, repeat_for="courses", fields=(VOUCHER,)),
        )),
    ),
).with_english(
    title="Course exemption",
    steps={"major": "Choose your major", "courses": "Choose the courses to be exempted", "evidence": "Vouchers"},
    fields={
        "major": {"label": "Major"},
        "courses": {
            "label": "Courses to be exempted",
            "help": "You may tick several courses. Courses already passed are not listed.",
        },
        "evidence": {"label": "Vouchers per course"},
        "vouchers": {
            "label": "Voucher",
            "help": ("If a course needs several vouchers (a diploma also needs its online registration record or "
                     "verification report), add another voucher."),
        },
        "type": {
            "label": "Voucher type",
            "choices": {
                "学历证书": "Diploma",
                "电子注册备案表": "Online diploma registration record",
                "学历认证报告": "Degree verification report",
                "职业资格证书": "Professional qualification certificate",
                "其他": "Other",
            },
        },
        "number": {"label": "Voucher number"},
        "obtained": {"label": "Month obtained"},
        "province": {"label": "Province issued"},
        "remark": {"label": "Remarks"},
        "images": {
            "label": "Voucher images",
            "help": "JPG or PNG images, up to 1 MB each, at most 4; clear and complete, text upright.",
        },
    },
)
