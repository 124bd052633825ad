"""The staff audit trail: who changed what, and when, with each changed field's old and new value."""
import datetime

from flask_babel import lazy_gettext as _l
from mongoengine import DateTimeField, DictField, Document, IntField, StringField
from mongoengine.base import get_document
from mongoengine.errors import NotRegistered
from mongoengine.fields import GridFSProxy

ACTIONS = (("add", _l("新增")), ("edit", _l("修改")), ("delete", _l("删除")), ("review", _l("审核")),
           ("revise", _l("修订定义")), ("start", _l("发起任务")), ("retry", _l("重试任务")),
           ("adopt", _l("采用内置版本")), ("keep", _l("保留当前版本")), ("copy", _l("复制为新业务")),
           ("create", _l("新建业务")), ("export", _l("导出")), ("import", _l("导入")))
# The names of what the trail records besides the business documents' fields (which declare their own labels):
# the staff tables' columns, what a review decided, and the definition version a decision left in effect.
LABELS = {"username": _l("用户名"), "first_name": _l("名"), "last_name": _l("姓"), "email": _l("电子邮箱"),
          "active": _l("启用"), "roles": _l("角色"), "district_code": _l("所属区县"), "university_code": _l("所属院校"),
          "password": _l("密码"), "name": _l("名称"), "permissions": _l("权限"), "label": _l("标签"),
          "description": _l("说明"), "users": _l("用户"), "event": _l("操作"), "comment": _l("意见"),
          "state": _l("状态"), "inputs": _l("填写项"), "in_effect": _l("在用版本"),
          "copied_from": _l("复制自"), "reviewer": _l("由谁审核"),
          # An import: how the file was applied, and how many rows it added, updated, left as they were or removed.
          "file": _l("文件"), "mode": _l("导入方式"), "added": _l("新增"), "updated": _l("更新"), "unchanged": _l("未变"),
          "removed": _l("删除")}
# What the trail shows of a secret (a password or its hash): only that it was set or changed.
HIDDEN = "***"


class AuditEntry(Document):
    at = DateTimeField(default=datetime.datetime.now, verbose_name=_l("时间"))
    actor_id = IntField(verbose_name=_l("操作人编号"))
    actor_name = StringField(max_length=128, verbose_name=_l("操作人"))
    action = StringField(required=True, choices=ACTIONS, verbose_name=_l("操作"))
    model = StringField(required=True, max_length=64, verbose_name=_l("对象类型"))
    object_id = StringField(required=True, max_length=64, verbose_name=_l("对象编号"))
    summary = StringField(max_length=200, verbose_name=_l("对象"))
    # An add, edit or delete: {field: {"old": value, "new": value}} (changes()); a review: what was decided.
    changes = DictField(verbose_name=_l("修改内容"))

    meta = {"collection": "audit_log", "ordering": ["-at"], "indexes": [("model", "object_id"), "-at"]}

    @property
    def labelled_changes(self):
        """The changes under the names a person reads: each field's declared label where its model has one."""
        try:
            fields = get_document(self.model)._fields
        except NotRegistered:  # a staff table, not a document
            fields = {}
        return {str(getattr(fields.get(name), "verbose_name", None) or LABELS.get(name, name)): change
                for name, change in (self.changes or {}).items()}

    @property
    def details(self):
        """The entry itself, as the column its page draws the changes from (it needs the model and the object)."""
        return self

    @classmethod
    def record(cls, user, action, item, changes=None, summary=None):
        """`user` did `action` to `item` (a MongoEngine document, a row of the staff tables, or a document class
        for what concerned many of them, e.g. an export of applications, told by `summary`)."""
        many = isinstance(item, type)
        key = "" if many else item.pk if hasattr(item, "pk") else item.id
        cls._entry(user, action, item.__name__ if many else type(item).__name__, key, summary or str(item),
                   changes).save()

    @classmethod
    def record_many(cls, user, action, model, done):
        """`user` did `action` to many `model` documents, `done` being (id, summary, changes) of each: one insert."""
        entries = [cls._entry(user, action, model.__name__, key, summary, changes).to_mongo() for key, summary, changes
                   in done]
        if entries:
            cls._get_collection().insert_many(entries, ordered=False)

    @classmethod
    def _entry(cls, user, action, model, key, summary, changes):
        return cls(actor_id=getattr(user, "id", None), actor_name=getattr(user, "username", None), action=action,
                   model=model, object_id=str(key), summary=summary[:200], changes=changes or {})


def is_secret(name):
    return "password" in name


def shown(name, value):
    """A field's value as the trail keeps it: empty as None, secrets hidden, records by their name, lists sorted."""
    if value is None or value == "" or value == []:
        return None
    if is_secret(name):
        return HIDDEN
    if isinstance(value, (list, tuple, set)):
        return sorted(str(shown(name, each)) for each in value)
    if isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, GridFSProxy):  # a file: by its name, and its id, which a replacement changes
        stored = value.get()
        return None if stored is None else f"{stored.filename} ({value.grid_id})"
    return getattr(value, "username", None) or str(value)


def changes(before, after):
    """{field: {"old": ..., "new": ...}} for every field whose shown value differs between two snapshots."""
    return {name: {"old": before.get(name), "new": after.get(name)}
            for name in sorted(before.keys() | after.keys()) if before.get(name) != after.get(name)}


def snapshot(document):
    """A MongoEngine document's fields as shown(), to compare before and after an edit."""
    key = document._meta["id_field"]
    return {name: shown(name, getattr(document, name)) for name in document._fields if name != key}
