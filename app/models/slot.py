"""On-site review slots 现场审核批次 (seed 001): a time at a district's self-study office, with a seat limit.

Seats are taken and given back only by conditional updates (app/services/slots.py), so a slot is never
overbooked: `seats_left` is always `capacity` minus the number of `holders`.
"""
from flask_babel import lazy_gettext as _l
from mongoengine import (DENY, BooleanField, DateTimeField, Document, IntField, ListField, ReferenceField,
                         StringField, ValidationError)
from mongoengine.base.document import NON_FIELD_ERRORS
from mongoengine.errors import SaveConditionError

from .district import District

DEFAULT_CAPACITY = 60  # seed 001: 每个时间批次人数上限为60人


class ReviewSlot(Document):
    district = ReferenceField(District, required=True, reverse_delete_rule=DENY, verbose_name=_l("区县"))
    place = StringField(required=True, max_length=200, verbose_name=_l("审核地点"))
    starts_at = DateTimeField(required=True, verbose_name=_l("开始时间"))
    ends_at = DateTimeField(required=True, verbose_name=_l("结束时间"))
    capacity = IntField(required=True, min_value=1, default=DEFAULT_CAPACITY, verbose_name=_l("人数上限"),
                        error_message=_l("人数上限至少为1人。"))
    seats_left = IntField(verbose_name=_l("剩余名额"))
    holders = ListField(StringField(), verbose_name=_l("已预约的申请"))  # application ids
    enabled = BooleanField(default=True, verbose_name=_l("开放预约"))

    meta = {"collection": "review_slots", "ordering": ["starts_at"],
            "indexes": [("district", "starts_at"), "holders", "starts_at"]}  # starts_at: tomorrow's, to remind

    def clean(self):
        """Ends after it starts; the limit is not below the seats already taken; seats_left follows from both."""
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = ValidationError(_l("结束时间须晚于开始时间。"))
        booked = len(self.holders)
        if self.capacity is not None and self.capacity < booked:
            errors["capacity"] = ValidationError(
                _l("本批次已有 %(booked)d 人预约，人数上限不能少于 %(booked)d。", booked=booked))
        if errors:
            raise ValidationError(errors=errors)
        if self.capacity is not None:
            self.seats_left = self.capacity - booked

    def save(self, *args, **kwargs):
        """Save; an edit applies only while the store holds as many bookings as this copy, from which clean()
        computed seats_left. A booking made or given back meanwhile refuses the edit (a ValidationError)."""
        kwargs.setdefault("save_condition", {"holders__size": len(self.holders)})
        try:
            return super().save(*args, **kwargs)
        except SaveConditionError as error:
            raise ValidationError(errors={NON_FIELD_ERRORS: ValidationError(
                _l("保存期间本批次的预约有了变化或已被删除，请重新打开后再修改。"))}) from error

    def when(self):
        """The date and time span, e.g. 2024-01-05 09:00–11:30."""
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"

    def seats_text(self):
        return str(_l("已满")) if not self.seats_left else str(_l("剩余%(n)d", n=self.seats_left))

    def __str__(self):
        return f"{self.district.name} {self.when()}（{self.seats_text()}）"
