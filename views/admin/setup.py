"""What administrators configure without code: business types, and workflow and form definitions."""
import json

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape

from app import roles, rules
from app.datamodel import MongoEngineInterface, MongoModelView
from app.models import AuditEntry, BusinessType, FormDefinition, WorkflowDefinition
from app.models.definitions import ADOPTED, KEPT, SHIPPED_STATUSES, WAITING
from app.services.definitions import DefinitionRefused, UpdateDecided, changed_lines
from forms.builder import form_definitions
from workflows.changes import changes as compare_workflows
from workflows.diagram import mermaid
from workflows.engine import workflow_definitions

from .definition_changes import compare_forms, since_previous
from .form_builder import FormBuilder
from .message_templates import MessageTemplatesPage
from .type_making import TypeMaking
from .workflow_editor import WorkflowEditing


def _rule_help(name):
    """A rule field's help: its example, then every name and function a rule may use, with what each holds."""
    def shown():
        parts = [str(BusinessType._fields[name].help_text), str(_("可用的名称："))]
        parts += [f"{known}（{meaning}）" for known, meaning in {**rules.NAMES, **rules.FUNCTIONS}.items()]
        return " ".join(parts)

    return LazyString(shown)


class BusinessTypeView(TypeMaking, MessageTemplatesPage, MongoModelView):
    datamodel = MongoEngineInterface(BusinessType)
    class_permission_name = roles.BUSINESS_TYPES
    noun = _l("业务类型")
    list_columns = ["key", "title", "workflow_key", "form_key", "opens_at", "closes_at", "resubmission_limit", "fee",
                    "enabled"]
    description_columns = {"review_districts": _l("考生可选择本人考籍管理区县的现场审核批次，以及这里选择的区县的批次；"
                                                  "不选表示只能选择本人考籍管理区县的批次。"),
                           "offered_if": _rule_help("offered_if"), "submit_rule": _rule_help("submit_rule"),
                           "review_days": _l("申请在某一级审核停留超过这一工作日数（不计周末和节假日）即标记为超时，"
                                             "并提请上一级督办；留空表示不限。"),
                           "payment_days": _l("须在进入待支付后这一工作日数内缴费；逾期未缴的申请自动取消，所占的现场审核"
                                              "名额随即释放，并通知考生；留空表示不限。")}
    list_template = "admin/business_types.html"
    show_template = "admin/business_type.html"
    show_exclude_columns = ["message_templates"]  # edited and shown on a page of their own, 消息模板
    method_permission_name = {"copy": "add", "new": "add", "message_templates": "edit"}

    def render_template(self, template, **kwargs):
        """A type's page leads to the latest versions of its form and workflow, to edit them."""
        shown = self.datamodel.get(kwargs["pk"]) if template == self.show_template and "pk" in kwargs else None
        if shown is not None:
            kwargs["form_version"] = FormDefinition.latest(shown.form_key)
            kwargs["workflow_version"] = WorkflowDefinition.latest(shown.workflow_key)
        return super().render_template(template, **kwargs)


def _json_problem(message):
    """What Python's JSON reader says, in words an administrator reads."""
    said = {"Expecting value": _("此处缺少值（最后一项后面多了逗号？）"),
            "Expecting property name enclosed in double quotes": _("此处应为用双引号括起的名称（最后一项后面多了逗号？）"),
            "Expecting ',' delimiter": _("此处缺少逗号"), "Expecting ':' delimiter": _("此处缺少冒号"),
            "Unterminated string starting at": _("文字缺少结尾的双引号"), "Extra data": _("内容结束后还有多余的文字"),
            "Invalid control character at": _("文字中有控制字符")}
    return next((shown for start, shown in said.items() if message.startswith(start)), _("格式不正确"))


def newest_versions(document):
    """{"_id": key, "pk", "version", "title"} of the newest version of each key, in key order: one query."""
    return list(document.objects.aggregate([
        {"$sort": {"key": 1, "version": -1}},
        {"$group": {"_id": "$key", "pk": {"$first": "$_id"}, "version": {"$first": "$version"},
                    "title": {"$first": "$title"}}},
        {"$sort": {"_id": 1}}]))


def _pretty(body):
    return Markup('<pre style="max-height:60vh;overflow:auto">%s</pre>') % escape(
        json.dumps(body, ensure_ascii=False, indent=2))


class DefinitionView(MongoModelView):
    """Saved versions are read-only; "修订" saves an edited copy as the next version, after checking it. A shipped
    update waiting under an administrator's version is shown against it, to adopt or keep; deciding is revising."""

    store = None
    editor = None  # the endpoint of the view's editor, and what its button says
    editor_label = None
    compare = None  # (older parsed version, newer) -> the sentences saying what changed
    base_permissions = list(roles.REVISE)
    method_permission_name = {"revise": "revise", "shipped": "revise", "adopt": "revise", "keep": "revise"}
    list_template = "admin/definitions.html"
    show_template = "admin/definition.html"
    list_columns = ["key", "version", "title", "created_at", "created_by", "note"]
    show_columns = ["key", "version", "title", "created_at", "created_by", "note", "body"]
    search_columns = ["key", "title", "created_by", "created_at"]
    formatters_columns = {"body": _pretty}
    base_order = ("created_at", "desc")

    @expose("/revise/<pk>", methods=["GET", "POST"])
    @has_access
    def revise(self, pk):
        saved = self.datamodel.get(pk) or abort(404)
        text = request.form.get("body", json.dumps(saved.body, ensure_ascii=False, indent=2))
        note = request.form.get("note", "")
        problems = []
        if request.method == "POST":
            try:
                body = json.loads(text)
            except json.JSONDecodeError as error:
                problems = [_("不是有效的 JSON（第 %(line)d 行第 %(column)d 列）：%(detail)s", line=error.lineno,
                              column=error.colno, detail=_json_problem(error.msg))]
            except (ValueError, RecursionError):  # a number too long to read, or nesting too deep
                problems = [_("不是有效的 JSON：其中的数字过长或嵌套过深。")]
            else:
                try:
                    return self._save_revision(saved, body, note)
                except DefinitionRefused as refused:
                    problems = refused.problems
        return self.render_template("admin/revise.html", saved=saved, text=text, note=note, problems=problems,
                                    title=_("修订 %(name)s", name=str(saved)))

    def _save_revision(self, saved, body, note):
        """Save `body` as the next version of `saved`'s key, audited, and show it; DefinitionRefused when refused."""
        revised = self.store.save(saved.key, body, g.user.username, note=note or None)
        AuditEntry.record(g.user, "revise", revised, {"version": str(revised.version), "note": note})
        flash(_("已保存为第 %(version)d 版；已在办理中的申请仍按原版本进行。", version=revised.version), "success")
        return redirect(url_for(".show", pk=revised.pk))

    def render_template(self, template, **kwargs):
        """Every page of the versions names the keys whose shipped update waits for a decision; a version's page
        says what changed since the version before it. For those who may revise, a version's page leads to its
        editor and to the JSON revision, and the list to the editor of each key's newest version."""
        saved = self.datamodel.get(kwargs["pk"]) if template == self.show_template and "pk" in kwargs else None
        if saved is not None:
            kwargs["changes"] = since_previous(self.store, self.compare, saved)
        if self.appbuilder.sm.has_access("can_revise", self.class_permission_name):
            if saved is not None:
                kwargs["editing"] = (self.editor, self.editor_label)
            if template == self.list_template:
                kwargs["newest"], kwargs["editing"] = newest_versions(self.datamodel.obj), (self.editor,
                                                                                            self.editor_label)
        return super().render_template(template, shipped_updates=self.store.waiting(), **kwargs)

    def _update(self, pk):
        """The waiting shipped update `pk`, as its page showed it when a decision is posted (the page names the
        revision it showed); None when it was decided or replaced since; 404 when there is no such update."""
        update = self.store.shipped_update(pk) or abort(404)
        shown = request.method == "GET" or request.form.get("revision") == str(update.revision)
        return update if update.status == WAITING and shown else None

    def _gone(self):
        flash(_("这项内置版本更新已经处理，或在您打开页面后又有新的内置版本；请查看最新情况。"), "warning")
        return redirect(url_for(".list"))

    @expose("/shipped/<pk>")
    @has_access
    def shipped(self, pk):
        update = self._update(pk)
        return self._gone() if update is None else self._compared(update)

    def _compared(self, update, problems=()):
        """The page of a shipped update: the version in effect and the shipped body, line by line."""
        current = self.store.document.latest(update.key)
        return self.render_template("admin/shipped_update.html", update=update, current=current, problems=problems,
                                    lines=changed_lines(current.body, update.body),
                                    changes=self.compare(self.store.parse(current.body), self.store.parse(update.body)),
                                    title=_("内置版本更新：%(noun)s %(key)s", noun=self.noun, key=update.key))

    @expose("/shipped/<pk>/adopt", methods=["POST"])
    @has_access
    def adopt(self, pk):
        update = self._update(pk)
        if update is None:
            return self._gone()
        current = self.store.document.latest(update.key)
        try:
            adopted = self.store.adopt(update, g.user.username)
        except UpdateDecided:
            return self._gone()
        except DefinitionRefused as refused:
            return self._compared(update, refused.problems)
        self._audit("adopt", update, ADOPTED, current.version, adopted.version)
        flash(_("已采用内置版本，保存为第 %(version)d 版；已在办理中的申请仍按原版本进行。", version=adopted.version),
              "success")
        return redirect(url_for(".show", pk=adopted.pk))

    @expose("/shipped/<pk>/keep", methods=["POST"])
    @has_access
    def keep(self, pk):
        update = self._update(pk)
        if update is None:
            return self._gone()
        current = self.store.document.latest(update.key)
        try:
            self.store.keep(update, g.user.username)
        except UpdateDecided:
            return self._gone()
        self._audit("keep", update, KEPT, current.version, current.version)
        flash(_("已保留当前的第 %(version)d 版；内置版本再次变化前不再提示。", version=current.version), "success")
        return redirect(url_for(".list"))

    def _audit(self, action, update, status, old_version, new_version):
        statuses = dict(SHIPPED_STATUSES)
        AuditEntry.record(g.user, action, update, {
            "status": {"old": str(statuses[WAITING]), "new": str(statuses[status])},
            "in_effect": {"old": old_version, "new": new_version}},
            summary=_("%(noun)s %(key)s 的内置版本更新", noun=self.noun, key=update.key))


class WorkflowDefinitionView(WorkflowEditing, DefinitionView):
    """Besides the JSON revision, "编辑" opens a version in the workflow editor (workflow_editor.py)."""

    datamodel = MongoEngineInterface(WorkflowDefinition)
    class_permission_name = roles.WORKFLOW_DEFINITIONS
    noun = _l("流程定义")
    store = workflow_definitions
    method_permission_name = {**DefinitionView.method_permission_name, "edit": "revise"}
    editor, editor_label = "edit", _l("编辑流程")
    compare = staticmethod(compare_workflows)

    def render_template(self, template, **kwargs):
        """A version's page draws its workflow (states and transitions) below the definition."""
        saved = self.datamodel.get(kwargs["pk"]) if template == self.show_template and "pk" in kwargs else None
        if saved is not None:
            kwargs["diagram"] = mermaid(workflow_definitions.get(saved.key, saved.version))
        return super().render_template(template, **kwargs)


class FormDefinitionView(FormBuilder, DefinitionView):
    datamodel = MongoEngineInterface(FormDefinition)
    class_permission_name = roles.FORM_DEFINITIONS
    noun = _l("表单定义")
    store = form_definitions
    method_permission_name = {**DefinitionView.method_permission_name, "build": "revise", "preview": "revise"}
    editor, editor_label = "build", _l("编辑表单")
    compare = staticmethod(compare_forms)


VIEWS = ((BusinessTypeView, "fa-calendar"), (WorkflowDefinitionView, "fa-random"), (FormDefinitionView, "fa-wpforms"))
