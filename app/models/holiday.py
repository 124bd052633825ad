"""Holidays 节假日: the days besides weekends that review limits in working days do not count (app/services/
working_days.py). An administrator lists them (业务配置 → 节假日)."""
from flask_babel import lazy_gettext as _l
from mongoengine import DateField, Document, StringField


class Holiday(Document):
    day = DateField(required=True, unique=True, verbose_name=_l("日期"))
    name = StringField(required=True, max_length=50, verbose_name=_l("名称"))

    meta = {"collection": "holidays", "ordering": ["day"]}

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.name}"
