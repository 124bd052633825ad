"""What administrators configure without code: business types, and workflow and form definitions."""
import json

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from app import roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.models import AuditEntry, BusinessType, FormDefinition, WorkflowDefinition
from app.services.definitions import DefinitionRefused
from forms.builder import form_definitions
from workflows.engine import workflow_definitions


class BusinessTypeView(MongoModelView):
    datamodel = MongoEngineInterface(BusinessType)
    class_permission_name = roles.BUSINESS_TYPES
    noun = _l("业务类型")
    list_columns = ["key", "title", "workflow_key", "form_key", "opens_at", "closes_at", "resubmission_limit", "fee",
                    "enabled"]
    description_columns = {"review_districts": _l("考生可选择本人考籍管理区县的现场审核批次，以及这里选择的区县的批次；"
                                                  "不选表示只能选择本人考籍管理区县的批次。")}


def _pretty(body):
    return Markup('<pre style="max-height:60vh;overflow:auto">%s</pre>') % escape(
        json.dumps(body, ensure_ascii=False, indent=2))


class DefinitionView(MongoModelView):
    """Saved versions are read-only; "修订" saves an edited copy as the next version, after checking it."""

    store = None
    base_permissions = ["can_list", "can_show", "can_revise"]
    method_permission_name = {"revise": "revise"}
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
                              column=error.colno, detail=error.msg)]
            except (ValueError, RecursionError):  # a number too long to read, or nesting too deep
                problems = [_("不是有效的 JSON：其中的数字过长或嵌套过深。")]
            else:
                try:
                    revised = self.store.save(saved.key, body, g.user.username, note=note or None)
                except DefinitionRefused as refused:
                    problems = refused.problems
                else:
                    AuditEntry.record(g.user, "revise", revised, {"version": str(revised.version), "note": note})
                    flash(_("已保存为第 %(version)d 版；已在办理中的申请仍按原版本进行。", version=revised.version),
                          "success")
                    return redirect(url_for(".show", pk=revised.pk))
        return self.render_template("admin/revise.html", saved=saved, text=text, note=note, problems=problems,
                                    title=_("修订 %(name)s", name=str(saved)))


class WorkflowDefinitionView(DefinitionView):
    datamodel = MongoEngineInterface(WorkflowDefinition)
    class_permission_name = roles.WORKFLOW_DEFINITIONS
    noun = _l("流程定义")
    store = workflow_definitions


class FormDefinitionView(DefinitionView):
    datamodel = MongoEngineInterface(FormDefinition)
    class_permission_name = roles.FORM_DEFINITIONS
    noun = _l("表单定义")
    store = form_definitions


VIEWS = ((BusinessTypeView, "fa-calendar"), (WorkflowDefinitionView, "fa-random"), (FormDefinitionView, "fa-wpforms"))
