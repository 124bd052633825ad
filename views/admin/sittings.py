"""Exam sittings 考次 and their timetables 考试安排: an administrator sets a sitting up (windows, fee, limits, brochure
and rules) and keeps its timetable, row by row or from an Excel sheet."""
import io

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.exceptions import DatabaseException
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField, validators, widgets

from app import roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.datamodel.interface import FieldErrors
from app.inputs import takes_uploads
from app.models import AuditEntry, Course, Major, Sitting, TimetableEntry
from app.services import timetable_sheet

from . import lookup
from .lookup import LookupField, lookup_field

COURSE_SOURCE, MAJOR_SOURCE = "/timetableview/lookup/course", "/timetableview/lookup/major"


class TimetableInterface(MongoEngineInterface):
    """Deletes an entry only while no candidate has registered for its course in its sitting."""

    def delete(self, item, commit=True):
        if timetable_sheet.registered(item.sitting, [item.course.code]):
            raise DatabaseException(_("已有考生报考课程 %(course)s，不能删除它的考试安排；可修改考试时间。",
                                      course=item.course))
        super().delete(item, commit)


class TimetableView(MongoModelView):
    """A sitting's timetable: which course is examined on which half-day, from when to when, for which majors."""

    noun = _l("考试安排")
    datamodel = TimetableInterface(TimetableEntry)
    class_permission_name = roles.TIMETABLE
    base_permissions = list(roles.IMPORT)
    method_permission_name = {"import_sheet": "import", "template": "import", "lookup": "list"}
    list_columns = ["sitting", "course", "day", "half", "starts", "ends", "majors"]
    add_columns = edit_columns = show_columns = list_columns
    search_columns = ["sitting", "course", "day", "half", "majors"]
    label_columns = {"half": _l("上午/下午")}
    description_columns = {
        "day": _l("须在本考次所在的月份内。"),
        "half": _l("上午场次须在12:00前开始，下午场次须在12:00及以后开始。"),
        "starts": _l("如 09:00。"), "ends": _l("如 11:30，须晚于开始时间。"),
        "majors": _l("开考此课程的专业；输入专业代码或名称的开头查找，可选多个。"),
    }
    add_form_extra_fields = edit_form_extra_fields = {
        "course": LookupField(_l("课程"), COURSE_SOURCE, Course,
                              validators=[validators.DataRequired(message=_l("请选择课程。"))]),
        "majors": LookupField(_l("开考专业"), MAJOR_SOURCE, Major, multiple=True),
    }
    search_form_extra_fields = {"course": lookup_field(_l("课程"), COURSE_SOURCE),
                                "majors": lookup_field(_l("开考专业"), MAJOR_SOURCE)}
    list_template = "admin/timetable.html"

    LOOKUPS = {"course": Course, "major": Major}

    def pre_add(self, item):
        self._course_once(item)

    def pre_update(self, item):
        self._course_once(item)

    def _course_once(self, item):
        """A course is examined once a sitting."""
        if TimetableEntry.objects(sitting=item.sitting, course=item.course, pk__ne=item.pk).only("id").first():
            raise FieldErrors({"course": _("本考次已有课程 %(course)s 的考试安排。", course=item.course)})

    @expose("/lookup/<column>")
    @has_access
    def lookup(self, column):
        """The courses or majors starting with what the user typed, for the forms and the search."""
        return lookup.answer(self.LOOKUPS.get(column) or abort(404))

    @expose("/template/")
    @has_access
    def template(self):
        """The timetable of the sitting ?sitting= names, as the sheet to fill in and import."""
        sitting = MongoEngineInterface(Sitting).get(request.args.get("sitting", ""))
        if sitting is None:
            flash(_("请先选择考次，再下载模板。"), "warning")
            return redirect(url_for(".import_sheet"))
        return send_file(io.BytesIO(timetable_sheet.template(sitting)), as_attachment=True,
                         download_name=_("考试安排_%(code)s.xlsx", code=sitting.code),
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @expose("/import/", methods=["GET", "POST"])
    @has_access
    @takes_uploads
    def import_sheet(self):
        """Upload a filled-in sheet for a sitting: every bad row named with its reasons and nothing saved, or the
        whole sheet saved, added to or replacing the sitting's timetable."""
        sittings = list(Sitting.objects.only("code"))
        chosen = request.values.get("sitting", "")
        sitting = next((each for each in sittings if str(each.pk) == chosen), None)
        mode = request.form.get("mode", "merge")
        errors, problems = {}, []
        if request.method == "POST":
            upload = request.files.get("sheet")
            if sitting is None:
                errors["sitting"] = _("请选择考次。")
            if mode not in dict(timetable_sheet.MODES):
                errors["mode"] = _("请选择导入方式。")
            if upload is None or not upload.filename:
                errors["sheet"] = _("请选择要导入的 .xlsx 文件。")
            if not errors:
                try:
                    problems = self._imported(sitting, upload, mode)
                except timetable_sheet.Unreadable as refused:
                    errors["sheet"] = str(refused)
                else:
                    if not problems:
                        return redirect(url_for(".list", _flt_0_sitting=str(sitting.pk)))
        return self.render_template("admin/timetable_import.html", title=_("导入考试安排"), sittings=sittings,
                                    chosen=chosen, mode=mode, modes=timetable_sheet.MODES, errors=errors,
                                    problems=problems, limits=(timetable_sheet.MAX_ROWS,
                                                               timetable_sheet.MAX_BYTES // (1024 * 1024)))

    def _imported(self, sitting, upload, mode):
        """The problems that stopped the sheet, or none once it is saved, audited and the counts flashed."""
        filled = timetable_sheet.rows(upload.read(timetable_sheet.MAX_BYTES + 1), upload.filename)
        checked = timetable_sheet.check(sitting, filled)
        outcome = None if checked.problems else timetable_sheet.save(sitting, checked, mode)
        if outcome is None:
            return checked.problems
        how = str(timetable_sheet.MODE_NAMES[mode])
        AuditEntry.record(g.user, "import", sitting, {"file": upload.filename[:100], "mode": how,
                                                      **vars(outcome)}, summary=_("%(code)s 考试安排", code=sitting.code))
        counts = _("新增 %(added)d 条，更新 %(updated)d 条，未变 %(unchanged)d 条", **vars(outcome))
        if mode == "replace":
            counts += _("，删除 %(removed)d 条", removed=outcome.removed)
        flash(_("已导入%(sitting)s考试安排（%(how)s）：%(counts)s。", sitting=sitting.title, how=how, counts=counts),
              "success")
        return []


class LongText(widgets.TextArea):
    """A text area tall enough to read a brochure in."""

    def __call__(self, field, **kwargs):
        kwargs.update({"class": "form-control", "rows": 12})
        return super().__call__(field, **kwargs)


def _long_text(name):
    declared = Sitting._fields[name]
    return TextAreaField(declared.verbose_name, widget=LongText(), validators=[validators.Length(
        max=declared.max_length, message=_l("不能超过 %(max)d 个字。", max=declared.max_length))])


FIELDSETS = [
    (_l("考次"), {"fields": ["code", "scores_published_at"]}),
    (_l("报考"), {"fields": ["registration_opens_at", "registration_closes_at", "requires_verified", "district_review"]}),
    (_l("打印"), {"fields": ["print_opens_at", "print_closes_at"]}),
    (_l("费用与限制"), {"fields": ["course_fee", "max_courses", "paid_courses_droppable"]}),
    (_l("简章与规则"), {"fields": ["brochure", "exam_rules"]}),
]


class SittingView(MongoModelView):
    """Exam sittings: the windows for registering and printing, the fee and limits, the brochure and rules; a
    sitting's page lists its timetable."""

    datamodel = MongoEngineInterface(Sitting)
    class_permission_name = roles.SITTINGS
    noun = _l("考次")
    list_columns = ["code", "registration_opens_at", "registration_closes_at", "print_opens_at", "print_closes_at",
                    "scores_published_at", "course_fee", "max_courses"]
    search_columns = ["code", "registration_opens_at", "scores_published_at"]
    add_fieldsets = edit_fieldsets = FIELDSETS
    # The page also says when the candidates were told their scores are out; only the announcing job sets it.
    show_fieldsets = [(FIELDSETS[0][0], {"fields": [*FIELDSETS[0][1]["fields"], "scores_announced_at"]}),
                      *FIELDSETS[1:]]
    description_columns = {
        "code": _l("考试的年份和月份，如 2027-04。"),
        "scores_published_at": _l("到此时考生才能查询本考次的考试成绩，并收到成绩已公布的站内消息；成绩复核自这一天起按"
                                  "工作日计算。不填写则考生看不到本考次的考试成绩。"),
        "registration_opens_at": _l("考生自此时起可以网上报考。"),
        "registration_closes_at": _l("此时以后考生不能再报考或修改报考信息，以最后一次提交的为准。"),
        "requires_verified": _l("勾选后，基本信息（建档）经考区审核通过的考生才能报考。"),
        "district_review": _l("勾选后，考生提交的报考信息须经报考考区网上审核通过才能缴费。"),
        "print_opens_at": _l("考生自此时起可以打印准考证和考场座次通知单。"),
        "print_closes_at": _l("此时以后不能再打印。"),
        "course_fee": _l("每门课程的报考费，单位为元，如 30 或 30.00。"),
        "max_courses": _l("每位考生本考次最多报考的课程门数。"),
        "paid_courses_droppable": _l("勾选后，报考截止前考生可以退选已缴费的课程，已缴费用不退还。"),
        "brochure": _l("考生报考前须阅读并确认的报考简章。"),
        "exam_rules": _l("随考场座次通知单一并打印的考场规则。"),
    }
    add_form_extra_fields = edit_form_extra_fields = {name: _long_text(name) for name in ("brochure", "exam_rules")}
    related_views = [TimetableView]
    show_template = "admin/sitting.html"


VIEWS = ((SittingView, "fa-calendar"), (TimetableView, "fa-table"))
