"""Candidates 考生: their own login, kept apart from staff users (there are hundreds of thousands)."""
import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from mongoengine import (DENY, BooleanField, DateField, DateTimeField, DictField, Document, EmailField, IntField,
                         ListField, ReferenceField, StringField)
from werkzeug.security import check_password_hash

from app.passwords import hash_password

from .district import District
from .major import Major

ID_TYPES = (("id_card", _l("居民身份证")), ("other", _l("其他证件")))
SEXES = (("M", _l("男")), ("F", _l("女")))
# Profile choices 个人信息: the 56 ethnic groups (GB 3304), political status (GB/T 4762, the eight
# democratic parties as one), and schooling before zikao.
ETHNICITIES = tuple(f"{name}族" for name in (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克",
    "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌",
    "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安",
    "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺")) + ("其他",)
POLITICAL_STATUSES = (("cpc", _l("中共党员")), ("cpc_probationary", _l("中共预备党员")), ("cyl", _l("共青团员")),
                      ("democratic_party", _l("民主党派成员")), ("independent", _l("无党派人士")), ("masses", _l("群众")))
EDUCATIONS = (("junior_high", _l("初中及以下")), ("senior_high", _l("高中、中专、职高、技校")), ("zhuanke", _l("专科")),
              ("benke", _l("本科")), ("postgraduate", _l("研究生")))
# The profile fields a candidate edits themselves; name, sex and ID change only through an application.
PROFILE_FIELDS = ("ethnicity", "political_status", "household_registration", "prior_education", "occupation",
                  "employer", "address", "postcode", "email", "landline", "emergency_contact", "emergency_phone",
                  "full_time_student", "disabilities")


class Candidate(Document):
    exam_number = StringField(required=True, unique=True, regex=r"^\d{12}$", verbose_name=_l("准考证号"),
                              error_message=_l("准考证号为12位数字。"))
    # Other exam numbers (or pre-2003 file numbers) whose scores a record merge brought here.
    other_exam_numbers = ListField(StringField(), verbose_name=_l("其他准考证号"))
    id_type = StringField(required=True, choices=ID_TYPES, default="id_card", verbose_name=_l("证件类型"))
    id_number = StringField(required=True, unique=True, max_length=18, regex=r"^[0-9A-Za-z]{6,18}$",
                            verbose_name=_l("证件号码"), error_message=_l("证件号码格式不正确。"))
    name = StringField(required=True, max_length=50, verbose_name=_l("姓名"))
    sex = StringField(choices=SEXES, verbose_name=_l("性别"))
    birth_date = DateField(verbose_name=_l("出生日期"))
    phone = StringField(required=True, unique=True, regex=r"^1\d{10}$", verbose_name=_l("手机号码"),
                        error_message=_l("手机号码为以1开头的11位数字。"))
    district = ReferenceField(District, required=True, reverse_delete_rule=DENY, verbose_name=_l("考籍管理区县"))
    major = ReferenceField(Major, reverse_delete_rule=DENY, verbose_name=_l("报考专业"))
    identity_verified = BooleanField(default=False, verbose_name=_l("已身份认证"))
    # Key-information changes 变更 approved so far: {application, old, new, at}, one entry per application.
    changes = ListField(DictField(), verbose_name=_l("关键信息变更记录"))
    # The GridFS id of the registration photo identity verification approved; reused as the graduation photo.
    verified_photo_id = StringField(regex=r"^[0-9a-f]{24}$", verbose_name=_l("认证照片编号"))
    active = BooleanField(default=True, verbose_name=_l("账号可用"))
    # Set by a record merge 合档: this record is retired into that one. It cannot sign in, and every score
    # recorded for it belongs to that record (Score.clean), whatever arrives later.
    merged_into = ReferenceField("self", reverse_delete_rule=DENY, verbose_name=_l("并入的准考证号"))
    registered_at = DateTimeField(default=datetime.datetime.now, verbose_name=_l("注册时间"))
    # Profile 个人信息: the candidate keeps these up to date on /profile; empty means not given.
    ethnicity = StringField(choices=ETHNICITIES, verbose_name=_l("民族"))
    political_status = StringField(choices=POLITICAL_STATUSES, verbose_name=_l("政治面貌"))
    household_registration = StringField(max_length=100, verbose_name=_l("户籍所在地"))
    prior_education = StringField(choices=EDUCATIONS, verbose_name=_l("参加自考前学历"))
    occupation = StringField(max_length=50, verbose_name=_l("职业"))
    employer = StringField(max_length=100, verbose_name=_l("工作单位"))
    address = StringField(max_length=200, verbose_name=_l("通讯地址"))
    postcode = StringField(regex=r"^\d{6}$", verbose_name=_l("邮政编码"), error_message=_l("邮政编码为6位数字。"))
    email = EmailField(max_length=100, verbose_name=_l("电子邮箱"),
                       error_message=_l("电子邮箱格式不正确，例如 name@example.com。"))
    landline = StringField(regex=r"^0\d{2,3}-?\d{7,8}$", verbose_name=_l("固定电话"),
                           error_message=_l("固定电话为区号加号码，如 022-23456789。"))
    emergency_contact = StringField(max_length=50, verbose_name=_l("紧急联系人"))
    emergency_phone = StringField(regex=r"^1\d{10}$", verbose_name=_l("紧急联系人手机号"),
                                  error_message=_l("手机号码为以1开头的11位数字。"))
    full_time_student = BooleanField(default=False, verbose_name=_l("目前是全日制在读学生"))
    disabilities = StringField(max_length=200, verbose_name=_l("视力、听力、行动等障碍情况"),
                               help_text=_l("如需考试时提供便利，请说明。"))
    password_hash = StringField(required=True)
    # Bumped when the password changes, ending every session opened before.
    session_version = IntField(default=1, min_value=1)
    # False for accounts imported from the old system: their first login checks the phone by SMS.
    phone_verified = BooleanField(default=True, verbose_name=_l("手机号已验证"))

    meta = {
        "collection": "candidates",
        "ordering": ["exam_number"],
        # other_exam_numbers: a number a merge brought here finds its record (sign-in help, imports).
        "indexes": ["district", "name", ("district", "registered_at"), "merged_into", "other_exam_numbers",
                    ("major", "district", "exam_number")],  # a major's candidates (within a district), pre-audited
    }

    def clean(self):
        """A profile field left blank is stored as absent, so its format rule does not apply to it."""
        for name in PROFILE_FIELDS:
            if isinstance(self[name], str) and not self[name].strip():
                self[name] = None

    @property
    def record_status(self):
        """How staff read the record: in use, retired by a merge (naming the number it joined), or closed."""
        if self.merged_into is not None:
            return _("已合档（并入 %(number)s）", number=self.merged_into.exam_number)
        return _("正常") if self.active else _("已停用")

    @property
    def change_log(self):
        """The approved key-information changes as staff read them: "姓名：张敏 → 张明（2024-05-01）"."""
        def shown(attribute, value):
            return str(dict(SEXES).get(value, value)) if attribute == "sex" else value

        def one(entry):
            changed = "、".join(f"{self._fields[attribute].verbose_name}：{shown(attribute, entry['old'].get(attribute))}"
                               f" → {shown(attribute, new)}" for attribute, new in entry["new"].items())
            return f"{changed}（{entry['at']:%Y-%m-%d}）"

        return "；".join(one(entry) for entry in self.changes)

    def set_password(self, password):
        self.password_hash = hash_password(password)
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password):
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def __str__(self):
        return f"{self.name}（{self.exam_number}）"
