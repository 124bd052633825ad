"""Data imports 数据导入 for administrators: the list, a new import (its kind's columns and rules, the templates, the
upload), and an import's page: the check's progress, the counts, the report paged, the choice and the commit, the
commit's progress, and the refused rows to download."""
import io

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import jobs, roles
from app.datamodel import MongoEngineInterface
from app.inputs import takes_uploads
from app.models import AuditEntry, DataImport, Job
from app.models.data_import import CHECKED, KINDS, MODES, VALID
from app.services import imports
from app.services.imports import sheets

from .jobs import bar, is_admin

PAGE_SIZE = 50


def _visible(user):
    """The imports `user` sees: their own; an administrator's, every one."""
    found = DataImport.objects
    return found if is_admin(user) else found(uploaded_by_id=user.id)


def _bar(job_id):
    """A job's progress bar, or nothing before the job exists."""
    job = Job.objects(pk=job_id).first() if job_id else None
    return bar(job.progress) if job else ""


def _page():
    """The page of a paged list the link asks for (the first where it asks none a list has)."""
    page = request.args.get("page", "0")
    return int(page) if page.isdigit() and len(page) < 7 else 0


class ImportView(BaseView):
    route_base = "/imports"
    class_permission_name = roles.IMPORTS
    method_permission_name = {"list": "list", "new": "add", "template": "add", "show": "show", "refused": "show",
                              "commit": "commit"}
    default_view = "list"
    noun = _l("数据导入")

    @expose("/")
    @has_access
    def list(self):
        page = _page()
        found = _visible(g.user).order_by("-uploaded_at")
        total = found.count()
        shown = found.skip(page * PAGE_SIZE).limit(PAGE_SIZE).only(
            "kind", "filename", "uploaded_by", "state", "rows", "new", "changed", "unchanged", "refused", "uploaded_at")
        return self.render_template("admin/imports.html", imports=list(shown), total=total, page=page,
                                    pages=(total + PAGE_SIZE - 1) // PAGE_SIZE, title=self.noun)

    @expose("/new", methods=["GET", "POST"])
    @has_access
    @takes_uploads
    def new(self):
        kind = request.values.get("kind", "scores")
        errors = {}
        if request.method == "POST":
            upload = request.files.get("file")
            if kind not in imports.KINDS:
                errors["kind"] = _("请选择导入类型。")
            if upload is None or not upload.filename:
                errors["file"] = _("请选择要导入的文件（.xlsx 或 .csv）。")
            if not errors:
                content = upload.read(sheets.limits()[0] + 1)
                try:
                    sheets.screen(upload.filename, len(content))
                except sheets.Unreadable as refused:
                    errors["file"] = str(refused)
                else:
                    return self._uploaded(kind, content, upload.filename)
        module = imports.KINDS.get(kind) or imports.KINDS["scores"]
        max_bytes, max_rows = sheets.limits()
        return self.render_template("admin/import_new.html", kinds=[(key, label) for key, label in KINDS
                                                                    if key in imports.KINDS],
                                    kind=kind if kind in imports.KINDS else "scores", columns=module.COLUMNS,
                                    notes=module.NOTES, errors=errors, mb=max_bytes // (1024 * 1024),
                                    max_rows=max_rows, title=_("新建导入"))

    def _uploaded(self, kind, content, filename):
        data_import = imports.upload(kind, content, filename, g.user)
        try:
            job = jobs.submit("import_check", _("校验导入文件：%(name)s", name=str(data_import)[:150]), user=g.user,
                              params={"data_import": str(data_import.pk), "kind": kind})
        except jobs.NotQueued:
            flash(_("任务未能加入队列，请稍后重试。"), "danger")
            return redirect(url_for(".show", pk=str(data_import.pk)))
        DataImport.objects(pk=data_import.pk).update(set__check_job=job.pk)
        AuditEntry.record(g.user, "start", job)
        flash(_("文件已上传，正在逐行校验，进度见下方。"), "success")
        return redirect(url_for(".show", pk=str(data_import.pk)))

    @expose("/template/<kind>.<fmt>")
    @has_access
    def template(self, kind, fmt):
        module = imports.KINDS.get(kind)
        if module is None or fmt not in sheets.FORMATS:
            abort(404)
        content = sheets.template(module.COLUMNS, module.NOTES, fmt)
        return send_file(io.BytesIO(content), as_attachment=True, mimetype=sheets.FORMATS[fmt],
                         download_name=_("%(kind)s导入模板.%(fmt)s", kind=dict(KINDS)[kind], fmt=fmt))

    def _import(self, pk):
        found = MongoEngineInterface(DataImport).get(pk)
        if found is None or not (is_admin(g.user) or found.uploaded_by_id == g.user.id):
            abort(404)
        return found

    @expose("/<pk>")
    @has_access
    def show(self, pk):
        data_import = self._import(pk)
        page = _page()
        total, problems = imports.problems(data_import, page, PAGE_SIZE)
        return self.render_template("admin/import.html", item=data_import, problems=problems, total=total,
                                    page=page, pages=(total + PAGE_SIZE - 1) // PAGE_SIZE, modes=MODES,
                                    mode=data_import.mode or VALID, committable=data_import.state == CHECKED,
                                    columns=imports.KINDS[data_import.kind].COLUMNS,
                                    check_bar=_bar(data_import.check_job), commit_bar=_bar(data_import.commit_job),
                                    title=str(data_import))

    @expose("/<pk>/commit", methods=["POST"])
    @has_access
    def commit(self, pk):
        data_import = self._import(pk)
        try:
            imports.start_commit(data_import, request.form.get("mode", ""))
        except imports.Refused as refused:
            flash(str(refused), "danger")
            return redirect(url_for(".show", pk=pk))
        try:
            job = jobs.submit("import_commit", _("导入数据：%(name)s", name=str(data_import)[:150]), user=g.user,
                              params={"data_import": pk, "kind": data_import.kind})
        except jobs.NotQueued:
            imports.back_to_checked(pk)
            flash(_("任务未能加入队列，请稍后重试。"), "danger")
            return redirect(url_for(".show", pk=pk))
        DataImport.objects(pk=data_import.pk).update(set__commit_job=job.pk)
        AuditEntry.record(g.user, "start", job, {"mode": {"old": None, "new": str(dict(MODES)[data_import.mode])}})
        flash(_("已开始导入，进度见下方。"), "success")
        return redirect(url_for(".show", pk=pk))

    @expose("/<pk>/refused")
    @has_access
    def refused(self, pk):
        data_import = self._import(pk)
        content = imports.refused_rows(data_import)
        if content is None:
            flash(_("此文件没有被拒绝的行。"), "info")
            return redirect(url_for(".show", pk=pk))
        return send_file(io.BytesIO(content), as_attachment=True, mimetype=sheets.FORMATS["xlsx"],
                         download_name=_("被拒绝的行_%(name)s.xlsx", name=data_import.filename.rsplit(".", 1)[0]))


VIEWS = ((ImportView, "fa-upload"),)
