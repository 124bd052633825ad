"""Sponsoring universities 主考院校: they set majors' plans and review graduations."""
from flask_babel import lazy_gettext as _l
from mongoengine import Document, StringField


class University(Document):
    code = StringField(required=True, unique=True, regex=r"^\d{5}$", verbose_name=_l("院校代码"),
                       error_message=_l("院校代码为5位数字。"))
    name = StringField(required=True, unique=True, max_length=100, verbose_name=_l("院校名称"))
    contact = StringField(max_length=100, verbose_name=_l("联系方式"))

    meta = {"collection": "universities", "ordering": ["code"]}

    def __str__(self):
        return self.name
