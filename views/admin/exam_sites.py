"""Exam sites 考点 per exam district and their rooms 考场: administrators keep them, adding rooms many at a time; a
district office reads its own district's, the province every one."""
from flask import abort, flash, g, redirect, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.exceptions import DatabaseException
from flask_appbuilder.urltools import get_order_args, get_page_args, get_page_size_args
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, validators

from app import roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.datamodel.interface import FieldErrors
from app.models import AuditEntry, ExamRoom, ExamSite
from app.models.exam_site import DEFAULT_ROOM_CAPACITY
from app.services import exam_sites

from . import lookup
from .lookup import LookupField
from .scope import scoped

SITE_SOURCE = "/examroomview/lookup/site"


class ExamRoomInterface(MongoEngineInterface):
    def delete(self, item, commit=True):
        if exam_sites.seated(room=item):
            raise DatabaseException(_("已有考生编排在本考场，不能删除；可取消“启用”，不再编排新的考生。"))
        super().delete(item, commit)


class ExamRoomView(MongoModelView):
    noun = _l("考场")
    datamodel = ExamRoomInterface(ExamRoom)
    class_permission_name = roles.EXAM_ROOMS
    base_filters = scoped()
    method_permission_name = {"lookup": "list"}
    list_columns = ["site", "number", "capacity", "in_use"]
    show_columns = ["district", "site", "number", "capacity", "in_use"]
    add_columns = edit_columns = ["site", "number", "capacity", "in_use"]
    search_columns = ["district", "site", "number", "in_use"]
    description_columns = {"number": _l("1–4位数字，不足3位的前面补0，如 1 保存为 001。"),
                           "capacity": _l("本考场可编排的考生人数，默认30。"),
                           "in_use": _l("取消后不再向本考场编排考生。")}
    add_form_extra_fields = edit_form_extra_fields = {
        "site": LookupField(_l("考点"), SITE_SOURCE, ExamSite,
                            validators=[validators.DataRequired(message=_l("请选择考点。"))])}
    search_form_extra_fields = {"site": lookup.lookup_field(_l("考点"), SITE_SOURCE)}

    @expose("/lookup/<column>")
    @has_access
    def lookup(self, column):
        """The sites whose code or name starts with what the user typed."""
        return lookup.answer(ExamSite)

    def pre_add(self, item):
        self._number_free(item)

    def pre_update(self, item):
        self._number_free(item)

    def _number_free(self, item):
        item.clean()  # the number as stored (001)
        if ExamRoom.objects(site=item.site, number=item.number, pk__ne=item.pk).only("id").first():
            raise FieldErrors({"number": _("本考点已有第%(number)s考场。", number=item.number)})


class ExamSiteInterface(MongoEngineInterface):
    """A site's rooms and seats in use come with it, counted in one query for a page of sites; a site where
    candidates are seated stays."""

    def query(self, *args, **kwargs):
        count, items = super().query(*args, **kwargs)
        return count, self._counted(items)

    def get(self, pk, filter=None):
        found = super().get(pk, filter)
        return self._counted([found])[0] if found else found

    @staticmethod
    def _counted(sites):
        totals = exam_sites.totals(site.pk for site in sites)
        for site in sites:
            site.rooms_in_use, site.seats_in_use = totals.get(site.pk, (0, 0))
        return sites

    def delete(self, item, commit=True):
        if exam_sites.seated(site=item):
            raise DatabaseException(_("已有考生编排在本考点，不能删除；可取消“启用”。"))
        super().delete(item, commit)


def _room_limits():
    declared = ExamRoom._fields["capacity"]
    return validators.NumberRange(declared.min_value, declared.max_value, message=declared.error_message)


class RoomsForm(FlaskForm):
    """批量添加考场: how many rooms, numbered from which, each seating how many."""

    count = IntegerField(_l("考场数量"), default=10, validators=[
        validators.InputRequired(message=_l("请填写考场数量。")),
        validators.NumberRange(1, exam_sites.MAX_BATCH, message=_l("一次可添加1–%(max)d间考场。",
                                                                  max=exam_sites.MAX_BATCH))])
    first = IntegerField(_l("起始考场号"), validators=[
        validators.InputRequired(message=_l("请填写起始考场号。")),
        validators.NumberRange(1, exam_sites.LAST_NUMBER, message=_l("考场号为1–%(last)d的整数。",
                                                                   last=exam_sites.LAST_NUMBER))])
    capacity = IntegerField(_l("每间座位数"), default=DEFAULT_ROOM_CAPACITY, validators=[
        validators.InputRequired(message=_l("请填写每间座位数。")), _room_limits()])


class ExamSiteView(MongoModelView):
    noun = _l("考点")
    datamodel = ExamSiteInterface(ExamSite)
    class_permission_name = roles.EXAM_SITES
    base_filters = scoped()
    method_permission_name = {"add_rooms": "add"}
    list_columns = ["district", "code", "name", "address", "rooms_in_use", "seats_in_use", "in_use"]
    show_columns = list_columns
    add_columns = edit_columns = ["district", "code", "name", "address", "in_use"]
    search_columns = ["district", "code", "name", "in_use"]
    label_columns = {"rooms_in_use": _l("启用考场数"), "seats_in_use": _l("座位总数")}
    description_columns = {"district": _l("考生报考时选择的考区；在此考区报考的考生编排在本考区的考点。"),
                           "in_use": _l("取消后不再向本考点编排考生。")}
    related_views = [ExamRoomView]
    show_template = "admin/exam_site.html"

    def render_template(self, template, **kwargs):
        """A site's page offers an administrator the form adding rooms in a batch."""
        if template == self.show_template and "rooms_form" not in kwargs and self._may_add_rooms():
            site = self.datamodel.get(kwargs["pk"], self._base_filters)
            kwargs["rooms_form"] = RoomsForm(formdata=None, first=exam_sites.next_number(site)) if site else None
        return super().render_template(template, **kwargs)

    def _may_add_rooms(self):
        return self.appbuilder.sm.has_access("can_add", self.class_permission_name)

    def post_update(self, item):
        """Rooms carry their site's district: moved with it."""
        ExamRoom.objects(site=item).update(set__district=item.district)

    @expose("/rooms/<pk>", methods=["POST"])
    @has_access
    def add_rooms(self, pk):
        site = self.datamodel.get(pk, self._base_filters)
        if site is None:
            abort(404)
        form = RoomsForm()
        if form.validate():
            try:
                rooms = exam_sites.add_rooms(site, form.count.data, form.first.data, form.capacity.data)
            except exam_sites.Refused as refused:
                form.first.errors = [str(refused)]
            else:
                numbers = f"{rooms[0].number}–{rooms[-1].number}" if len(rooms) > 1 else rooms[0].number
                AuditEntry.record(g.user, "add", ExamRoom, {"site": site.name, "number": numbers,
                                                            "capacity": form.capacity.data},
                                  summary=_("%(site)s 批量添加考场 %(count)d 间", site=site.name, count=len(rooms)))
                flash(_("已添加考场 %(numbers)s，共 %(count)d 间，每间 %(capacity)d 座。", numbers=numbers,
                        count=len(rooms), capacity=form.capacity.data), "success")
                return redirect(url_for(".show", pk=pk))
        widgets = self._get_related_views_widgets(site, orders=get_order_args(), pages=get_page_args(),
                                                  page_sizes=get_page_size_args(),
                                                  widgets=self._get_show_widget(pk, site))
        return self.render_template(self.show_template, pk=pk, title=self.show_title, widgets=widgets,
                                    related_views=self._related_views, rooms_form=form)


VIEWS = ((ExamSiteView, "fa-building"), (ExamRoomView, "fa-th"))
