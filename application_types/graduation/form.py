"""Graduation 毕业申请 (seed 000 §10, 001, 003 §5.2, 004): the wizard, then, once paid, the registration form
毕业生登记表 (seed 004 §七).

The wizard's steps are open until the district has pre-reviewed; the registration form only once the fee is paid.
Step checks (forms.checks) hold what fields alone cannot: a major not applied for already, the plan audit, and
prior education that agrees with itself.
"""
from forms.spec import Condition, Field, FileRules, FormSpec, Step

WIZARD = ("draft", "district_review", "rejected")
BENKE = Condition("major_level", equals="本科")
AFTER_2002, BEFORE_2002 = "2002年及以后毕业", "2002年以前毕业"
PRIOR_LEVELS = ("专科", "本科", "研究生")
POLITICAL = ("中共党员", "中共预备党员", "共青团员", "民主党派成员", "群众")
HEALTH = ("健康", "良好", "一般", "较差")
IMAGE_1MB = FileRules(formats=("JPEG", "PNG"), max_kb=1024, max_count=2)


def _choices(values):
    return tuple((value, value) for value in values)


GRADUATION_FORM = FormSpec(
    key="graduation",
    title="毕业申请",
    steps=(
        Step("profile", "确认个人信息", (
            Field("profile_confirmed", "profile_confirm", "我已核对以上个人信息，确认无误", required=True,
                  help="姓名、性别、身份证号将印在毕业证书上。如有错误请勿继续，先办理关键信息变更。"),
        ), states=WIZARD),
        Step("major", "选择毕业专业", (
            Field("major", "major", "毕业专业", required=True,
                  help="可先在“毕业条件预判”中查看各专业的完成情况。同时申请另一专业请在本申请提交后再次申请。"),
        ), states=WIZARD, check="graduation_major_free"),
        Step("scores", "确认成绩与毕业条件", (
            Field("audit", "audit_report", "毕业条件审核"),
            Field("scores", "graduation_scores", "本次使用的成绩", required=True,
                  help="同一课程有多个合格成绩时，只能勾选其中一个。"),
            Field("extra_option", "extra_exam", "加考选项",
                  help="所选专业有加考要求时，请选择符合本人情况的一项。"),
            Field("substitutions", "substitution_scores", "顶替课程",
                  help="用未使用的合格课程顶替计划中的课程，顶替课程总学分不能小于规定学分。"),
            Field("explanation", "textarea", "缺少课程情况说明", max_length=1000,
                  help="经系统检测缺少部分课程成绩、但确实满足毕业条件的，请如实说明情况。"),
        ), states=WIZARD, check="graduation_audit"),
        Step("prior", "前置学历", (
            Field("prior_name", "text", "前置学历姓名", max_length=30, required=True, visible_if=BENKE),
            Field("prior_id_number", "text", "前置学历身份证号", required=True, visible_if=BENKE,
                  pattern=r"^\d{17}[\dXx]$|^\d{15}$", pattern_message="身份证号为18位（或旧证15位）。"),
            Field("prior_level", "select", "前置学历层次", required=True, visible_if=BENKE,
                  choices=_choices(PRIOR_LEVELS)),
            Field("prior_school", "text", "毕业院校", max_length=60, required=True, visible_if=BENKE),
            Field("prior_major", "text", "所学专业", max_length=60, required=True, visible_if=BENKE),
            Field("diploma_number", "text", "毕业证书编号", required=True, visible_if=BENKE,
                  pattern=r"^[0-9A-Za-z]{6,30}$", pattern_message="毕业证书编号为6至30位数字或字母。"),
            Field("diploma_month", "month", "取得毕业证书年月", required=True, visible_if=BENKE),
            Field("diploma_province", "province", "取得毕业证书省份", required=True, visible_if=BENKE),
            Field("prior_era", "select", "毕业时间", required=True, visible_if=BENKE,
                  choices=_choices((AFTER_2002, BEFORE_2002))),
            Field("chsi_code", "text", "学历证书电子注册备案表在线验证码", visible_if=BENKE,
                  required_if=Condition("prior_era", equals=AFTER_2002),
                  pattern=r"^[0-9A-Za-z]{12,20}$", pattern_message="在线验证码为12至20位数字或字母。",
                  help="2002年及以后毕业的填写（学信网《教育部学历证书电子注册备案表》）。"),
            Field("report_number", "text", "中国高等教育学历认证报告编号", visible_if=BENKE,
                  required_if=Condition("prior_era", equals=BEFORE_2002),
                  pattern=r"^[0-9A-Za-z]{6,30}$", pattern_message="认证报告编号为6至30位数字或字母。",
                  help="2002年以前毕业的填写。"),
            Field("diploma_images", "image", "前置学历毕业证书照片", required=True, visible_if=BENKE, rules=IMAGE_1MB,
                  help="图像应清晰完整，文字方向朝上；JPG或PNG，单个不超过1MB。"),
            Field("register_images", "image", "电子注册备案表或学历认证报告照片", required=True, visible_if=BENKE,
                  rules=IMAGE_1MB),
            Field("name_change_proof", "image", "姓名更改证明", visible_if=BENKE, rules=IMAGE_1MB,
                  help="现用名与前置学历姓名不一致的，上传公安机关出具的姓名更改证明。"),
        ), states=WIZARD, check="prior_education"),
        Step("photo", "毕业照片", (
            Field("photo_source", "photo_source", "毕业照片", required=True,
                  choices=(("verified", "使用身份认证照片"), ("new", "上传新照片")),
                  help="身份认证照片即身份认证时审核通过的报名照片。"),
            Field("photo", "image", "新的毕业照片", visible_if=Condition("photo_source", equals="new"),
                  required_if=Condition("photo_source", equals="new"),
                  rules=FileRules(formats=("JPEG", "PNG"), max_kb=2048, check="graduation_photo"),
                  help="近期正面免冠彩色头像，浅蓝色、白色或浅灰色背景；JPG或PNG，小于2MB；不得镜像、旋转或修饰。"),
        ), states=WIZARD, check="graduation_photo_source"),
        Step("assessment", "自我鉴定", (
            Field("self_assessment", "textarea", "自我鉴定", required=True, min_length=400, max_length=3000,
                  help="政治思想、工作、学习等方面的总结，将打印到《毕业生登记表》放入个人档案。"),
        ), states=WIZARD),
        Step("proofs", "证明材料", (
            Field("proofs", "image", "证明材料", rules=FileRules(formats=("JPEG",), min_kb=50, max_kb=500, max_count=4),
                  help="根据本人情况上传（如顶替课程的证书、姓名更改证明），最多4张，JPG格式，50–500KB。"),
        ), states=WIZARD),
        Step("review", "现场审核与登记表领取", (
            Field("review_slot", "review_slot", "现场审核地点与时间", required=True,
                  help="每个批次人数有上限，报满请选择其他批次。"),
            Field("delivery", "select", "《毕业生登记表》领取方式", required=True,
                  choices=(("pickup", "现场领取"), ("mail", "邮寄"))),
            Field("mail_recipient", "text", "收件人", max_length=30, visible_if=Condition("delivery", equals="mail"),
                  required_if=Condition("delivery", equals="mail")),
            Field("mail_phone", "text", "收件电话", pattern=r"^1\d{10}$", pattern_message="请填写11位手机号码。",
                  visible_if=Condition("delivery", equals="mail"), required_if=Condition("delivery", equals="mail")),
            Field("mail_address", "textarea", "邮寄地址", max_length=200,
                  visible_if=Condition("delivery", equals="mail"), required_if=Condition("delivery", equals="mail")),
        ), states=WIZARD),
        Step("register", "填写《毕业生登记表》", (
            Field("ethnicity", "text", "民族", required=True, max_length=10),
            Field("political_status", "select", "政治面貌", required=True, choices=_choices(POLITICAL)),
            Field("native_place", "text", "籍贯", required=True, max_length=30, help="格式：××省××市"),
            Field("health", "select", "健康状况", required=True, choices=_choices(HEALTH)),
            Field("work_started", "month", "参加工作时间", help="未参加工作的不填。"),
            Field("occupation", "text", "职业", required=True, max_length=30),
            Field("employer", "text", "工作单位", max_length=60),
            Field("address", "text", "详细住址", required=True, max_length=100),
            Field("education_attained", "text", "已取得学历", required=True, max_length=30),
            Field("overseas_relative", "select", "是否华侨、港澳、台属", required=True, choices=_choices(("否", "是"))),
            Field("resume", "group", "本人主要简历", required=True, min_count=1, max_count=8,
                  help="学习或工作经历至少填写一栏。", fields=(
                      Field("start", "month", "自何年何月", required=True),
                      Field("end", "month", "至何年何月", required=True),
                      Field("place", "text", "在何地何单位学习或工作", required=True, max_length=60),
                  )),
            Field("family", "group", "家庭主要成员", max_count=6, fields=(
                Field("name", "text", "姓名", required=True, max_length=30),
                Field("relation", "text", "关系", required=True, max_length=10),
                Field("employer", "text", "工作单位", max_length=60),
                Field("position", "text", "职务", max_length=30),
            )),
            Field("rewards", "textarea", "参加自学考试期间受到过何种奖励或处分", required=True, max_length=500,
                  help="没有的填“无”。"),
            Field("works", "textarea", "有何发明创造和著作", max_length=500),
        ), states=("final_review",), check="resume_in_order"),
    ),
).with_english(
    title="Graduation",
    steps={
        "profile": "Confirm your details",
        "major": "Choose the major to graduate in",
        "scores": "Confirm scores and requirements",
        "prior": "Prior education",
        "photo": "Graduation photo",
        "assessment": "Self-assessment",
        "proofs": "Supporting documents",
        "review": "On-site review and the registration form",
        "register": "Graduate registration form",
    },
    fields={
        "profile_confirmed": {
            "label": "I have checked the details above and they are correct",
            "help": ("Your name, sex and ID number are printed on the diploma. If any is wrong, do not go on: apply "
                     "for a key information change first."),
        },
        "major": {
            "label": "Major to graduate in",
            "help": ("The graduation pre-check shows how far you are in each major. To graduate in another major as "
                     "well, apply again after submitting this application."),
        },
        "audit": {"label": "Graduation requirements"},
        "scores": {
            "label": "Scores used",
            "help": "Where a course has several passing scores, tick only one of them.",
        },
        "extra_option": {
            "label": "Extra exam option",
            "help": "Where the major asks for extra exams, choose the option that fits you.",
        },
        "substitutions": {
            "label": "Substitute courses",
            "help": ("Unused passed courses may replace courses of the plan; their credits together must reach those "
                     "required."),
        },
        "explanation": {
            "label": "Explanation of missing courses",
            "help": "If the check finds courses missing but you do meet the requirements, explain why.",
        },
        "prior_name": {"label": "Name on the prior diploma"},
        "prior_id_number": {
            "label": "ID number on the prior diploma",
            "pattern_message": "An ID number has 18 characters (15 on an old card).",
        },
        "prior_level": {
            "label": "Prior education level",
            "choices": {"专科": "Associate", "本科": "Bachelor", "研究生": "Postgraduate"},
        },
        "prior_school": {"label": "School graduated from"},
        "prior_major": {"label": "Major studied"},
        "diploma_number": {
            "label": "Diploma number",
            "pattern_message": "A diploma number has 6 to 30 digits or letters.",
        },
        "diploma_month": {"label": "Month the diploma was awarded"},
        "diploma_province": {"label": "Province the diploma was awarded in"},
        "prior_era": {"label": "Graduated", "choices": {"2002年及以后毕业": "In 2002 or later", "2002年以前毕业": "Before 2002"}},
        "chsi_code": {
            "label": "Online verification code of the diploma registration record",
            "pattern_message": "The verification code has 12 to 20 digits or letters.",
            "help": "For graduates of 2002 or later (the Ministry of Education's online diploma registration record).",
        },
        "report_number": {
            "label": "Number of the China higher education degree verification report",
            "pattern_message": "The report number has 6 to 30 digits or letters.",
            "help": "For graduates before 2002.",
        },
        "diploma_images": {
            "label": "Photo of the prior diploma",
            "help": "Clear and complete, text upright; JPG or PNG, up to 1 MB each.",
        },
        "register_images": {"label": "Photo of the registration record or verification report"},
        "name_change_proof": {
            "label": "Proof of name change",
            "help": ("If your name now differs from the one on the prior diploma, upload the police's proof of the "
                     "change."),
        },
        "photo_source": {
            "label": "Graduation photo",
            "choices": {"verified": "Use the identity verification photo", "new": "Upload a new photo"},
            "help": ("The identity verification photo is the registration photo approved when your identity was "
                     "verified."),
        },
        "photo": {
            "label": "New graduation photo",
            "help": ("A recent front-facing bareheaded colour photo on light blue, white or light grey; JPG or PNG "
                     "under 2 MB; not mirrored, rotated or retouched."),
        },
        "self_assessment": {
            "label": "Self-assessment",
            "help": ("A summary of your conduct, work and study, printed on the graduate registration form and kept "
                     "in your file."),
        },
        "proofs": {
            "label": "Supporting documents",
            "help": ("As your case needs (certificates for substitute courses, proof of a name change): at most 4, "
                     "JPG, 50–500 KB."),
        },
        "review_slot": {
            "label": "Place and time of the on-site review",
            "help": "Each session has a limited number of places; if one is full, choose another.",
        },
        "delivery": {
            "label": "How to receive the registration form",
            "choices": {"pickup": "Collect on site", "mail": "By post"},
        },
        "mail_recipient": {"label": "Recipient"},
        "mail_phone": {"label": "Recipient's phone", "pattern_message": "Enter an 11-digit mobile number."},
        "mail_address": {"label": "Postal address"},
        "ethnicity": {"label": "Ethnicity"},
        "political_status": {
            "label": "Political status",
            "choices": {
                "中共党员": "CPC member",
                "中共预备党员": "CPC probationary member",
                "共青团员": "CYL member",
                "民主党派成员": "Member of a democratic party",
                "群众": "None",
            },
        },
        "native_place": {"label": "Native place", "help": "As: province, city"},
        "health": {"label": "Health", "choices": {"健康": "Healthy", "良好": "Good", "一般": "Fair", "较差": "Poor"}},
        "work_started": {"label": "Started work", "help": "Leave blank if you have not worked."},
        "occupation": {"label": "Occupation"},
        "employer": {"label": "Employer"},
        "address": {"label": "Home address"},
        "education_attained": {"label": "Education attained"},
        "overseas_relative": {
            "label": "Overseas Chinese, or family in Hong Kong, Macao or Taiwan",
            "choices": {"否": "No", "是": "Yes"},
        },
        "resume": {"label": "Main résumé", "help": "Fill in at least one period of study or work."},
        "resume.start": {"label": "From (month)"},
        "resume.end": {"label": "To (month)"},
        "resume.place": {"label": "Where and at which organisation"},
        "family": {"label": "Main family members"},
        "family.name": {"label": "Name"},
        "family.relation": {"label": "Relationship"},
        "family.employer": {"label": "Employer"},
        "family.position": {"label": "Position"},
        "rewards": {"label": "Rewards or penalties received while taking the exams", "help": "Write “None” if none."},
        "works": {"label": "Inventions and publications"},
    },
)
