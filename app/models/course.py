"""Courses 课程: a 5-digit national code, credits, and a kind."""
from flask_babel import lazy_gettext as _l
from mongoengine import Document, IntField, StringField

KINDS = (("theory", _l("理论")), ("practice", _l("实践")), ("thesis", _l("论文")))


class Course(Document):
    code = StringField(required=True, unique=True, regex=r"^\d{5}$", verbose_name=_l("课程代码"),
                       error_message=_l("课程代码为5位数字。"))
    name = StringField(required=True, max_length=100, verbose_name=_l("课程名称"))
    credits = IntField(required=True, min_value=0, max_value=30, verbose_name=_l("学分"),
                       error_message=_l("学分为0–30的整数（论文可为0，不计学分）。"))
    kind = StringField(required=True, choices=KINDS, default="theory", verbose_name=_l("类型"))
    textbook = StringField(max_length=200, verbose_name=_l("教材"))

    meta = {"collection": "courses", "ordering": ["code"]}

    def __str__(self):
        return f"{self.code} {self.name}"
