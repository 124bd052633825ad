"""Majors 专业: a code such as 030101K, a level, and the university that sponsors it."""
from flask_babel import lazy_gettext as _l
from mongoengine import DENY, Document, ReferenceField, StringField

from .university import University

LEVEL_ZHUANKE = "专科"
LEVEL_BENKE = "本科"
LEVELS = ((LEVEL_ZHUANKE, _l("专科")), (LEVEL_BENKE, _l("本科(专升本)")))
STATUSES = (("open", _l("开考")), ("phase_out", _l("停考过渡期")), ("closed", _l("停考")))


class Major(Document):
    code = StringField(required=True, unique=True, regex=r"^[0-9A-Z]{6}[A-Z]{0,2}$", verbose_name=_l("专业代码"),
                       error_message=_l("专业代码为6位数字或字母，可带1–2位字母后缀，如 030101K。"))
    name = StringField(required=True, max_length=100, verbose_name=_l("专业名称"))
    level = StringField(required=True, choices=LEVELS, verbose_name=_l("层次"))
    university = ReferenceField(University, required=True, reverse_delete_rule=DENY, verbose_name=_l("主考院校"))
    status = StringField(required=True, choices=STATUSES, default="open", verbose_name=_l("状态"))

    # (status, code): the public major list 专业查询 reads the open and phasing-out majors in code order.
    meta = {"collection": "majors", "ordering": ["code"], "indexes": ["university", "name", ("status", "code")]}

    def __str__(self):
        return f"{self.code} {self.name}"
