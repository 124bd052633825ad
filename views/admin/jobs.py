"""Background jobs for staff: the list with live progress bars, a job's page with its result, a retry for a failed
one, and the batch graduation pre-audit that starts such a job."""
import io

import bson
from flask import abort, flash, g, jsonify, redirect, render_template, request, send_file, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.actions import action
from flask_appbuilder.models.filters import BaseFilter
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app import jobs, roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.models import AuditEntry, Job
from app.models.job import DONE, FAILED, FINISHED, KINDS, QUEUED, STATES
from app.models.preaudit import VERDICTS
from app.scope import staff_scope
from app.services import preaudit
from usecases import exports


SHOWN = 200  # findings of each verdict listed on a pre-audit's page; the export has them all
FINDING_COLUMNS = (_l("预审结果"), _l("准考证号"), _l("姓名"), _l("考籍管理区县"), _l("专业"), _l("尚缺"))


def is_admin(user):
    return roles.ADMIN in {role.name for role in getattr(user, "roles", None) or []}


def visible(queryset, user):
    """The jobs `user` may see: their own; an administrator's, every one."""
    return queryset if is_admin(user) else queryset.filter(requested_by_id=user.id)


class OwnJobs(BaseFilter):
    name = "own"

    def apply(self, query, value):
        return visible(query, g.user)


def _state_label(state):
    return str(dict(STATES).get(state, state))


def bar(progress):
    """The progress cell: a bar, the state and counts, and the outcome once finished (static/jobs.js keeps them
    current)."""
    return Markup(render_template("admin/_job_progress.html", progress=progress, state=_state_label(progress.state)))


class JobView(MongoModelView):
    datamodel = MongoEngineInterface(Job)
    class_permission_name = roles.JOBS
    noun = _l("后台任务")
    base_permissions = list(roles.WATCH_JOBS)
    method_permission_name = {"list": "list", "show": "show", "progress": "list", "retry": "retry",
                              "retry_selected": "retry", "exported": "show", "findings": "show"}
    exclude_route_methods = {"add", "edit", "delete", "download", "action"}
    base_filters = [["id", OwnJobs, None]]
    base_order = ("created_at", "desc")
    list_columns = ["title", "kind", "requested_by", "progress", "created_at", "finished_at"]
    search_columns = ["kind", "state", "title", "requested_by", "created_at"]
    label_columns = {"progress": _l("进度与结果")}
    formatters_columns = {"progress": bar}
    list_template = "admin/jobs.html"
    show_template = "admin/job.html"

    def _visible(self, pk):
        job = self.datamodel.get(pk, self._base_filters)
        if job is None:
            abort(404)
        return job

    @expose("/show/<pk>")
    @has_access
    def show(self, pk):
        job = self._visible(pk)
        findings = None
        if job.kind == "preaudit" and job.state == DONE:
            scope = staff_scope(g.user)
            findings = [(label, preaudit.findings(job, scope, verdict, limit=SHOWN)) for verdict, label in VERDICTS]
        exported = exports.available(job.result.file_id, g.user.id) if job.kind == "export" and job.result else None
        return self.render_template(self.show_template, job=job, findings=findings, shown=SHOWN,
                                    bar=bar(job.progress), exported=exported,
                                    kind=dict(KINDS)[job.kind],
                                    retryable=job.state == FAILED and jobs.KINDS[job.kind].retryable,
                                    title=self.show_title)

    @expose("/exported/<pk>")
    @has_access
    def exported(self, pk):
        """The file an export job wrote, for the user who asked (an administrator sees every job, not its file)."""
        job = self._visible(pk)
        found = exports.download(job.result.file_id if job.result else None, g.user.id)
        if found is None:
            abort(404)
        content, content_type, filename = found
        return send_file(io.BytesIO(content), mimetype=content_type, as_attachment=True, download_name=filename)

    @expose("/findings/<pk>")
    @has_access
    def findings(self, pk):
        """A finished pre-audit's findings, all of them, as an Excel file: the eligible, then the one course short."""
        job = self._visible(pk)
        if job.kind != "preaudit" or job.state != DONE:
            abort(404)
        scope = staff_scope(g.user)
        rows = [(str(label), *row) for verdict, label in VERDICTS for row in preaudit.findings(job, scope, verdict)]
        content = exports.table("xlsx", _("预审结果"), FINDING_COLUMNS, rows)
        return send_file(io.BytesIO(content), mimetype=exports.FORMATS["xlsx"], as_attachment=True,
                         download_name=f"preaudit-{job.created_at:%Y%m%d-%H%M}.xlsx")

    @expose("/progress")
    @has_access
    def progress(self):
        """The jobs' progress for the page's script: ?id=…&id=… (ids the user may not see are left out)."""
        ids = [bson.ObjectId(i) for i in request.args.getlist("id")[:100] if bson.ObjectId.is_valid(i)]
        found = visible(Job.objects(pk__in=ids), g.user).only("state", "done", "total", "kind", "result", "error")
        return jsonify(jobs=[{**job.progress._asdict(), "percent": job.progress.percent,
                              "state_label": _state_label(job.state), "finished": job.state in FINISHED}
                             for job in found])

    def _retry(self, job):
        if not jobs.retry(job):
            return False
        AuditEntry.record(g.user, "retry", job, {"state": {"old": _state_label(FAILED), "new": _state_label(QUEUED)}})
        return True

    @expose("/retry/<pk>", methods=["POST"])
    @has_access
    def retry(self, pk):
        job = self._visible(pk)
        try:
            if self._retry(job):
                flash(_("任务已重新加入队列。"), "success")
            else:
                flash(_("只有失败的任务可以重试。"), "warning")
        except jobs.NotQueued:
            flash(_("任务未能加入队列，请稍后重试。"), "danger")
        return redirect(url_for(".show", pk=pk))

    @action("retry_selected", _l("重试"), _l("确定重试所选的失败任务？"), "fa-repeat", single=False)
    def retry_selected(self, items):
        done = 0
        try:
            for item in items:
                done += self._retry(item)
        except jobs.NotQueued:  # the queue is down: the rest would be refused too
            flash(_("任务未能加入队列，请稍后重试。"), "danger")
        flash(_("已重试 %(done)d 个任务，共选择 %(total)d 个。", done=done, total=len(items)), "info")
        return redirect(url_for(".list"))


class PreauditView(BaseView):
    """批量毕业预审: a staff user chooses a major, or every major of a university; a job audits their candidates
    within the user's scope."""

    route_base = "/preaudit"
    class_permission_name = roles.PREAUDIT
    method_permission_name = {"start": "start"}
    default_view = "start"
    noun = _l("批量毕业预审")

    @expose("/", methods=["GET", "POST"])
    @has_access
    def start(self):
        scope = staff_scope(g.user)
        majors = list(preaudit.majors(scope))
        universities = preaudit.universities(majors)
        chosen = request.form.get("target", "")
        if request.method == "POST":
            kind, _sep, pk = chosen.partition(":")
            if kind == "university":
                university = next((u for u in universities if str(u.pk) == pk), None)
                picked = [m for m in majors if university and m.university.id == university.pk]
                named = university and _("%(university)s 的全部专业", university=f"{university.code} {university.name}")
            else:
                picked = [m for m in majors if kind == "major" and str(m.pk) == pk]
                named = picked and f"{picked[0].code} {picked[0].name}"
            if not picked:
                flash(_("请选择要预审的专业或主考院校。"), "danger")
            else:
                return self._submit(picked, named, scope) or redirect(url_for(".start"))
        return self.render_template("admin/preaudit.html", majors=majors, universities=universities, chosen=chosen,
                                    title=self.noun)

    def _submit(self, majors, named, scope):
        try:
            job = jobs.submit("preaudit", _("批量毕业预审：%(major)s", major=named), user=g.user,
                              params={"majors": [str(m.pk) for m in majors], "scope_kind": scope.kind,
                                      "scope_code": scope.code})
        except jobs.NotQueued:
            flash(_("任务未能加入队列，请稍后重试。"), "danger")
            return None
        AuditEntry.record(g.user, "start", job)
        flash(_("已开始预审 %(major)s 的考生，进度见下方。", major=named), "success")
        return redirect(url_for("JobView.show", pk=str(job.pk)))


VIEWS = ((PreauditView, "fa-graduation-cap"), (JobView, "fa-tasks"))
