"""Feedback 反馈建议: a candidate's question or suggestion, and the staff answer."""
import datetime

from flask_babel import lazy_gettext as _l
from mongoengine import CASCADE, DENY, DateTimeField, Document, ReferenceField, StringField

from .candidate import Candidate
from .district import District


class Feedback(Document):
    candidate = ReferenceField(Candidate, required=True, reverse_delete_rule=CASCADE, verbose_name=_l("考生"))
    # The candidate's managing district, kept here so district reviewers list their own in one query.
    district = ReferenceField(District, reverse_delete_rule=DENY, verbose_name=_l("考籍管理区县"))
    title = StringField(required=True, max_length=100, verbose_name=_l("标题"))
    content = StringField(required=True, max_length=2000, multiline=True, verbose_name=_l("意见或建议"))
    contact = StringField(max_length=50, verbose_name=_l("联系人"))
    phone = StringField(regex=r"^(1\d{10}|0\d{2,3}-?\d{7,8})$", verbose_name=_l("联系电话"),
                        error_message=_l("联系电话为11位手机号码，或区号加号码，如 022-23456789。"))
    submitted_at = DateTimeField(default=datetime.datetime.now, verbose_name=_l("提交时间"))
    answer = StringField(max_length=2000, multiline=True, verbose_name=_l("答复"))
    answered_at = DateTimeField(verbose_name=_l("答复时间"))
    answered_by = StringField(max_length=100, verbose_name=_l("答复人"))

    meta = {"collection": "feedback", "ordering": ["-submitted_at"],
            "indexes": [("candidate", "-submitted_at"), ("district", "-submitted_at")]}

    def clean(self):
        if self.candidate is not None:
            self.district = self.candidate.district
        for name in ("contact", "phone"):
            if isinstance(self[name], str) and not self[name].strip():
                self[name] = None

    def __str__(self):
        return self.title
