"""Candidates 考生: their own login, kept apart from staff users (there are hundreds of thousands)."""
import datetime

from flask_babel import lazy_gettext as _l
from mongoengine import (DENY, BooleanField, DateField, DateTimeField, Document, IntField, ListField,
                         ReferenceField, StringField)
from werkzeug.security import check_password_hash, generate_password_hash

from .district import District
from .major import Major

ID_TYPES = (("id_card", _l("居民身份证")), ("other", _l("其他证件")))
SEXES = (("M", _l("男")), ("F", _l("女")))


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
    active = BooleanField(default=True, verbose_name=_l("账号可用"))
    registered_at = DateTimeField(default=datetime.datetime.now, verbose_name=_l("注册时间"))
    password_hash = StringField(required=True)
    # Bumped when the password changes, ending every session opened before.
    session_version = IntField(default=1, min_value=1)

    meta = {
        "collection": "candidates",
        "ordering": ["exam_number"],
        "indexes": ["district", "name", ("district", "registered_at")],
    }

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password):
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def __str__(self):
        return f"{self.name}（{self.exam_number}）"
