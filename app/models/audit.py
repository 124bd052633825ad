"""The staff audit trail: who changed what, and when."""
import datetime

from flask_babel import lazy_gettext as _l
from mongoengine import DateTimeField, DictField, Document, IntField, StringField

ACTIONS = (("add", _l("新增")), ("edit", _l("修改")), ("delete", _l("删除")), ("review", _l("审核")),
           ("revise", _l("修订定义")))


class AuditEntry(Document):
    at = DateTimeField(default=datetime.datetime.now, verbose_name=_l("时间"))
    actor_id = IntField(verbose_name=_l("操作人编号"))
    actor_name = StringField(max_length=128, verbose_name=_l("操作人"))
    action = StringField(required=True, choices=ACTIONS, verbose_name=_l("操作"))
    model = StringField(required=True, max_length=64, verbose_name=_l("对象类型"))
    object_id = StringField(required=True, max_length=64, verbose_name=_l("对象编号"))
    summary = StringField(max_length=200, verbose_name=_l("对象"))
    changes = DictField(verbose_name=_l("修改内容"))

    meta = {"collection": "audit_log", "ordering": ["-at"], "indexes": [("model", "object_id"), "-at"]}

    @classmethod
    def record(cls, user, action, item, changes=None):
        cls(actor_id=getattr(user, "id", None), actor_name=getattr(user, "username", None), action=action,
            model=type(item).__name__, object_id=str(item.pk), summary=str(item)[:200],
            changes=changes or {}).save()
