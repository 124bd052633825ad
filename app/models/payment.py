"""Payment orders 支付订单: one per attempt to pay an application's fee, or a registration's course fees (seed 004
§五: 商户订单号, 订单金额).

An order is paid only by a payment gateway's verified callback (app/services/payment.py); nothing refunds it.
"""
import datetime

from flask_babel import lazy_gettext as _l
from mongoengine import (DENY, DateTimeField, Document, IntField, ListField, ObjectIdField, ReferenceField,
                         StringField, ValidationError)

from .application import Application
from .candidate import Candidate
from .district import District
from .major import Major
from .registration import COURSE_CODE, Registration

CREATED, PAID, CLOSED = "created", "paid", "closed"
STATUSES = ((CREATED, _l("待支付")), (PAID, _l("已支付")), (CLOSED, _l("已关闭")))


def yuan(fen):
    """An amount in fen as 元 with two places, without passing through a float: 30000 -> "300.00"."""
    return f"{fen // 100}.{fen % 100:02d}"


class PaymentOrder(Document):
    order_no = StringField(required=True, unique=True, verbose_name=_l("商户订单号"))
    # What the order pays: an application's fee, or the fees of a registration's courses as of one version of it.
    application = ReferenceField(Application, reverse_delete_rule=DENY, verbose_name=_l("申请"))
    registration = ReferenceField(Registration, reverse_delete_rule=DENY, verbose_name=_l("报考"))
    registration_version = IntField(min_value=1, verbose_name=_l("报考信息版本"))
    courses = ListField(StringField(regex=COURSE_CODE), verbose_name=_l("缴费课程"))
    candidate = ReferenceField(Candidate, required=True, reverse_delete_rule=DENY, verbose_name=_l("考生"))
    # Copied from the application so reviewers' lists filter by their scope in one query.
    district = ReferenceField(District, required=True, reverse_delete_rule=DENY, verbose_name=_l("考籍管理区县"))
    major = ReferenceField(Major, reverse_delete_rule=DENY, verbose_name=_l("专业"))
    candidate_name = StringField(verbose_name=_l("姓名"))
    exam_number = StringField(verbose_name=_l("准考证号"))
    subject = StringField(required=True, verbose_name=_l("订单名称"))
    amount_fen = IntField(required=True, min_value=1, verbose_name=_l("订单金额（分）"))
    status = StringField(required=True, choices=STATUSES, default=CREATED, verbose_name=_l("支付状态"))
    # The application's (or registration's) id while this order is open: a unique index keeps one open order each.
    open_for = ObjectIdField(unique=True, sparse=True)
    gateway = StringField(required=True, verbose_name=_l("支付渠道"))
    gateway_trade_no = StringField(verbose_name=_l("支付流水号"))
    created_at = DateTimeField(required=True, default=datetime.datetime.now, verbose_name=_l("下单时间"))
    paid_at = DateTimeField(verbose_name=_l("支付时间"))
    notifications = IntField(required=True, default=0, verbose_name=_l("支付通知次数"))
    last_notified_at = DateTimeField(verbose_name=_l("最近通知时间"))

    meta = {
        "collection": "payment_orders",
        "ordering": ["-created_at"],
        "indexes": [("application", "status"), ("registration", "status"), ("district", "created_at"), ("major", "created_at"), "exam_number", "candidate_name",
                    "gateway_trade_no"],
    }

    def clean(self):
        if (self.application is None) == (self.registration is None):
            raise ValidationError(_l("订单须对应一项申请或一次报考。"))

    @property
    def amount(self):
        return yuan(self.amount_fen)

    def __str__(self):
        return self.order_no
