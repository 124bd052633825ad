"""Versioned workflow and form definitions. A saved version never changes: an edit is a new version."""
import datetime

from flask_babel import lazy_gettext as _l
from mongoengine import DateTimeField, DictField, Document, IntField, StringField


class _Versioned:
    key = StringField(required=True, regex=r"^[a-z_]{2,40}$", verbose_name=_l("代码"))
    version = IntField(required=True, min_value=1, verbose_name=_l("版本"))
    title = StringField(max_length=100, verbose_name=_l("名称"))
    body = DictField(required=True, verbose_name=_l("定义"))
    note = StringField(max_length=500, verbose_name=_l("修改说明"))
    created_at = DateTimeField(default=datetime.datetime.now, verbose_name=_l("保存时间"))
    created_by = StringField(max_length=128, verbose_name=_l("保存人"))

    @classmethod
    def latest(cls, key):
        return cls.objects(key=key).order_by("-version").first()

    def __str__(self):
        return f"{self.title or self.key} v{self.version}"


class WorkflowDefinition(_Versioned, Document):
    meta = {"collection": "workflow_definitions", "ordering": ["key", "-version"],
            "indexes": [{"fields": ["key", "version"], "unique": True}]}


class FormDefinition(_Versioned, Document):
    meta = {"collection": "form_definitions", "ordering": ["key", "-version"],
            "indexes": [{"fields": ["key", "version"], "unique": True}]}
