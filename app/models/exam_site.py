"""Exam sites 考点 and their rooms 考场: each site belongs to an exam district 考区, where candidates who chose
that district sit; each room seats up to its capacity."""
from flask_babel import lazy_gettext as _l
from mongoengine import CASCADE, DENY, BooleanField, Document, IntField, ReferenceField, StringField

from .district import District

DEFAULT_ROOM_CAPACITY = 30


class ExamSite(Document):
    district = ReferenceField(District, required=True, reverse_delete_rule=DENY, verbose_name=_l("考区"))
    code = StringField(required=True, unique=True, regex=r"^\d{2,8}$", verbose_name=_l("考点代码"),
                       error_message=_l("考点代码为2–8位数字。"))
    name = StringField(required=True, max_length=100, verbose_name=_l("考点名称"))
    address = StringField(max_length=200, verbose_name=_l("考点地址"))
    in_use = BooleanField(default=True, verbose_name=_l("启用"))

    meta = {"collection": "exam_sites", "ordering": ["code"], "indexes": [("district", "code")]}

    def __str__(self):
        return self.name


class ExamRoom(Document):
    site = ReferenceField(ExamSite, required=True, reverse_delete_rule=CASCADE, verbose_name=_l("考点"))
    # Copied from the site, so a district's rooms are read in one query.
    district = ReferenceField(District, reverse_delete_rule=DENY, verbose_name=_l("考区"))
    number = StringField(required=True, regex=r"^\d{1,4}$", verbose_name=_l("考场号"),
                         error_message=_l("考场号为1–4位数字。"))
    capacity = IntField(required=True, min_value=1, max_value=500, default=DEFAULT_ROOM_CAPACITY,
                        verbose_name=_l("座位数"), error_message=_l("座位数为1–500的整数。"))
    in_use = BooleanField(default=True, verbose_name=_l("启用"))

    meta = {"collection": "exam_rooms", "ordering": ["site", "number"],
            "indexes": [{"fields": ("site", "number"), "unique": True}, ("district", "in_use")]}

    def clean(self):
        if self.site is not None and hasattr(self.site, "district"):
            self.district = self.site.district
        if self.number and self.number.isdigit():
            self.number = f"{int(self.number):03d}" if len(self.number) <= 3 else self.number

    def __str__(self):
        return f"{self.site} 第{self.number}考场"
