"""Managing districts 考籍管理区县: each candidate belongs to one; district reviewers serve one."""
from flask_babel import lazy_gettext as _l
from mongoengine import BooleanField, Document, StringField


class District(Document):
    code = StringField(required=True, unique=True, regex=r"^\d{6}$", verbose_name=_l("区县代码"),
                       error_message=_l("区县代码为6位数字。"))
    name = StringField(required=True, unique=True, max_length=50, verbose_name=_l("区县名称"))
    address = StringField(max_length=200, verbose_name=_l("办公地址"))
    phone = StringField(max_length=50, verbose_name=_l("咨询电话"))
    active = BooleanField(default=True, verbose_name=_l("受理中"))

    # (active, code): the public contact list reads the districts in use in code order.
    meta = {"collection": "districts", "ordering": ["code"], "indexes": [("active", "code")]}

    def __str__(self):
        return self.name
