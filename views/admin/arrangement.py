"""Exam-room arrangement for staff: an administrator starts 编排考场 for a sitting (a job, app/services/arrangement.py);
the seating lists 考场座次表 show each room's seats, to the districts their own."""
from flask import flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import jobs, roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.models import AuditEntry, Job, Seat, Sitting
from app.models.job import QUEUED, RUNNING

from .scope import scoped


def under_way(sitting):
    """The sitting's arrangement job still queued or running, if any."""
    return Job.objects(kind="arrange", state__in=[QUEUED, RUNNING], params__sitting=str(sitting.pk)).first()


class ArrangementView(BaseView):
    """编排考场: choose a sitting (?sitting=code, or its id as a sitting's page links here, preselects one) and
    start."""

    route_base = "/arrangement"
    class_permission_name = roles.ARRANGEMENT
    method_permission_name = {"start": "start"}
    default_view = "start"
    noun = _l("编排考场")

    @expose("/", methods=["GET", "POST"])
    @has_access
    def start(self):
        sittings = list(Sitting.objects.only("code", "registration_closes_at"))
        chosen = request.form.get("sitting") or request.args.get("sitting") or (sittings[0].code if sittings else "")
        sitting = next((each for each in sittings if chosen in (each.code, str(each.pk))), None)
        if request.method == "POST":
            if sitting is None:
                flash(_("请选择要编排的考次。"), "danger")
            elif under_way(sitting):
                flash(_("%(sitting)s考次的考场编排正在进行，请等它完成后再编排。", sitting=sitting.title), "warning")
            else:
                return self._submit(sitting) or redirect(url_for(".start", sitting=sitting.code))
        return self.render_template("admin/arrangement.html", sittings=sittings, sitting=sitting,
                                    registering=bool(sitting and sitting.registering()), title=self.noun)

    def _submit(self, sitting):
        try:
            job = jobs.submit("arrange", _("编排考场：%(sitting)s考次", sitting=sitting.title), user=g.user,
                              params={"sitting": str(sitting.pk)})
        except jobs.NotQueued:
            flash(_("任务未能加入队列，请稍后重试。"), "danger")
            return None
        AuditEntry.record(g.user, "start", job)
        flash(_("已开始编排%(sitting)s考次的考场，进度见下方。", sitting=sitting.title), "success")
        return redirect(url_for("JobView.show", pk=str(job.pk)))


class SeatInterface(MongoEngineInterface):
    """Seats ordered by seat number are a room's seating list: by half-day, site and room, then seat."""

    def ordered(self, queryset, column, direction):
        if column != "number":
            return super().ordered(queryset, column, direction)
        sign = "-" if direction == "desc" else "+"
        return queryset.order_by("+day", "+half", "+site", "+room_number", f"{sign}number")


def _name(registration):
    """The candidate's name; a registration that is gone reads as such (datamodel Missing)."""
    return getattr(registration, "candidate_name", str(registration)) if registration else ""


class SeatView(MongoModelView):
    """考场座次表: choose the sitting, district, day, half-day, site and room to read a room's seats in order."""

    datamodel = SeatInterface(Seat)
    class_permission_name = roles.SEATS
    noun = _l("考场座次")
    list_title = _l("考场座次表")
    base_permissions = list(roles.READ)
    exclude_route_methods = {"add", "edit", "delete", "download", "action", "action_post"}
    base_filters = scoped()
    base_order = ("number", "asc")
    list_columns = ["sitting", "district", "day", "half", "site", "room_number", "number", "exam_number",
                    "registration", "course"]
    show_columns = list_columns
    search_columns = ["sitting", "district", "day", "half", "site", "room_number", "exam_number", "course"]
    label_columns = {"registration": _l("姓名")}
    formatters_columns = {"registration": _name}


VIEWS = ((ArrangementView, "fa-th"), (SeatView, "fa-table"))
