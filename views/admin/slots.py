"""On-site review slots 现场审核批次: each district office keeps its own; the province keeps all."""
from flask import g
from flask_appbuilder.exceptions import DatabaseException
from flask_appbuilder.fields import QuerySelectField
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import validators

from app import roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.datamodel.interface import FieldErrors
from app.models import District
from app.models.slot import ReviewSlot
from app.scope import restrict, staff_scope
from app.services import slots

from .scope import scoped


def _districts_in_scope():
    return restrict(District.objects.only("code", "name"), staff_scope(g.user), district="id")


class ReviewSlotInterface(MongoEngineInterface):
    """Deletes a slot only while nobody holds a seat in it, checked in the delete itself."""

    def delete(self, item, commit=True):
        if not slots.remove(item):
            booked = len(ReviewSlot.objects(pk=item.pk).scalar("holders").first() or ())
            raise DatabaseException(_("本批次已有 %(booked)d 人预约，不能删除；可先取消“开放预约”。", booked=booked))


class ReviewSlotView(MongoModelView):
    """A district reviewer sees, adds and edits only their district's slots; capacity and seats follow the model."""

    noun = _l("现场审核批次")
    datamodel = ReviewSlotInterface(ReviewSlot)
    class_permission_name = roles.REVIEW_SLOTS
    base_permissions = list(roles.WRITE)
    base_filters = scoped()
    base_order = ("starts_at", "asc")
    list_columns = ["district", "place", "starts_at", "ends_at", "capacity", "seats_left", "enabled"]
    show_columns = list_columns
    add_columns = edit_columns = ["district", "place", "starts_at", "ends_at", "capacity", "enabled"]
    search_columns = ["district", "place", "starts_at", "enabled"]
    description_columns = {"place": _l("本区县自考办的地址及房间号。"),
                           "capacity": _l("每批次人数上限，默认60人；不能少于已预约人数。"),
                           "enabled": _l("取消后考生不能再选择本批次，已预约的不受影响。")}
    add_form_extra_fields = edit_form_extra_fields = {
        "district": QuerySelectField(_l("区县"), query_func=_districts_in_scope,
                                     get_pk_func=lambda district: str(district.pk), widget=Select2Widget(),
                                     validators=[validators.InputRequired()]),
    }

    def pre_add(self, item):
        self._check_district(item)

    def pre_update(self, item):
        self._check_district(item)

    def _check_district(self, item):
        """Only a district in the user's scope: the select offers no other, and this refuses a forged one."""
        if item.district is None or _districts_in_scope().filter(pk=item.district.pk).first() is None:
            raise FieldErrors({"district": _("您只能管理本区县的现场审核批次。")})


VIEWS = ((ReviewSlotView, "fa-clock-o"),)
