"""Reviewers' queues: every application type in one scoped list, a review page, bulk actions."""
import io

from bson import ObjectId
from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.actions import action
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from app import roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.models import Application, AuditEntry, BusinessType, WorkflowDefinition
from workflows.reach import reach
from app.services import files
from forms.present import changed_labels, compared, rows
from usecases import applications, payment
from workflows import types
from workflows.engine import (Actor, InputRefused, WorkflowError, available_events, controls, fire, nothing_to_do,
                              workflow_definitions, workflow_of)

from .scope import reviewable


def _state_labels():
    """State -> label across the latest workflow versions, once per request."""
    if "state_labels" not in g:
        labels = {}
        for key in WorkflowDefinition.objects.distinct("key"):
            labels.update(workflow_definitions.latest(key)[1].states)
        g.state_labels = labels
    return g.state_labels


def _type_labels():
    if "type_labels" not in g:
        g.type_labels = {kind.key: kind.title for kind in BusinessType.objects.only("key", "title")}
    return g.type_labels


def _state_choices():
    return [("", "")] + list(_state_labels().items())


# Review form fields of a transition's inputs are named "input-<event>-<input name>".
INPUT_PREFIX = "input-"


def _asks(application, transitions, posted, errors):
    """What the review page asks for each available transition's inputs: the control, the current value shown
    beside it, and after a refusal the value typed and the reason."""
    return [{"event": t.event, "field": f"{INPUT_PREFIX}{t.event}-{spec.name}", "spec": spec, "control": control,
             "value": (posted or {}).get(f"{INPUT_PREFIX}{t.event}-{spec.name}", ""),
             "error": errors.get((t.event, spec.name))}
            for t in transitions for spec, control in controls(application, t)]


def _rows(application, data, attachments):
    return rows(applications.context_for(application, data), data, attachments)


def _since(application, shown):
    """What changed since the submission before the one shown: (the history entries of that submission and of this
    one, the changes), or None when there was none (or it was made before submissions were kept)."""
    if len(application.submissions) < 2:
        return None
    before, now = application.submissions[-2:]
    return (application.history[before.entry], application.history[now.entry],
            compared(_rows(application, before.data, before.attachments), shown))


class ApplicationView(MongoModelView):
    datamodel = MongoEngineInterface(Application)
    class_permission_name = roles.APPLICATIONS
    noun = _l("申请")
    base_permissions = list(roles.REVIEW)
    method_permission_name = {"approve_selected": "review", "reject_selected": "review", "review": "review",
                              "bulk_reject": "review", "file": "show", "show": "show", "list": "list"}
    base_filters = reviewable()
    base_order = ("submitted_at", "asc")
    list_columns = ["type", "candidate_name", "exam_number", "district", "major", "state", "submitted_at",
                    "last_comment"]
    search_columns = ["type", "state", "candidate_name", "exam_number", "id_number", "district", "major",
                      "submitted_at"]
    formatters_columns = {"state": lambda state: _state_labels().get(state, state),
                          "type": lambda key: _type_labels().get(key, key)}
    search_form_extra_fields = {"state": SelectField(_l("状态"), choices=_state_choices),
                                "type": SelectField(_l("业务类型"), choices=lambda: [("", "")] + sorted(
                                    (key, title) for key, title in _type_labels().items()
                                    if key in reach(g.user).types))}
    show_template = "admin/application.html"
    # Applications change only through the engine: FAB's own add / edit / delete / single-row action
    # routes do not exist here, and action_post below only ever sees rows within the reviewer's scope.
    exclude_route_methods = {"add", "edit", "delete", "download", "action"}
    COMMENT_LIMIT = 500

    def _actor(self):
        return Actor.for_staff(g.user)

    def _scoped(self, pk):
        application = self.datamodel.get(pk, self._base_filters)
        if application is None:
            abort(404)
        return application

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        return self._page(self._scoped(pk))

    def _page(self, application, posted=None, errors=None):
        """The review page; after a refused input, with what was typed and each reason beside its input."""
        kind = BusinessType.objects(key=application.type).first()
        actor = self._actor()
        transitions = available_events(application, actor)
        spec = applications.spec_of(application)
        shown = _rows(application, application.data, application.attachments)
        return self.render_template(
            self.show_template, application=application, workflow=workflow_of(application), rows=shown,
            since=_since(application, shown), idle=nothing_to_do(application, actor),
            events=[t.event for t in transitions], asks=_asks(application, transitions, posted, errors or {}),
            comment=(posted or {}).get("comment", ""), reasons=kind.reasons() if kind else [],
            title=self.show_title, panels=types.panels(application, actor.scope), fee=payment.summary(application),
            changes=[changed_labels(spec, h.changed) for h in application.history])

    @expose("/review/<pk>", methods=["POST"])
    @has_access
    def review(self, pk):
        application = self._scoped(pk)
        event = request.form.get("event", "")
        comment = request.form.get("comment", "").strip()
        if len(comment) > self.COMMENT_LIMIT:
            flash(_("审核意见不能超过%(max)d个字。", max=self.COMMENT_LIMIT), "danger")
            return redirect(url_for(".show", pk=pk))
        decisions = {}
        for item in application.items:
            decision = request.form.get(f"decision-{item.key}")
            reason = request.form.get(f"reason-{item.key}", "").strip()[:self.COMMENT_LIMIT]
            if decision == "rejected" and not reason:
                flash(_("“%(item)s”不通过，请填写原因。", item=item.label), "danger")
                return redirect(url_for(".show", pk=pk))
            if decision in ("approved", "rejected"):
                decisions[item.key] = (decision, reason or None)
        if event == "approve" and application.items and all(d == "rejected" for d, _r in decisions.values()) \
                and len(decisions) == len(application.items):
            flash(_("所有项目均不通过，请选择“审核不通过”并填写理由。"), "danger")
            return redirect(url_for(".show", pk=pk))
        seen = request.form.get("version", -1, type=int)
        prefix = f"{INPUT_PREFIX}{event}-"
        inputs = {key[len(prefix):]: value for key, value in request.form.items() if key.startswith(prefix)}
        try:
            done = self._fire(application, event, comment, decisions, seen, inputs)
        except InputRefused as refused:
            return self._page(application, request.form, {(event, name): reason
                                                          for name, reason in refused.errors.items()})
        if done:
            flash(_("已办理：%(event)s。", event=workflow_of(application).event_label(event)), "success")
            return redirect(url_for(".list"))
        return redirect(url_for(".show", pk=pk))

    def _fire(self, application, event, comment, decisions=None, seen_version=None, inputs=None):
        """Fire and audit; on refusal flash the reason and return False. Refused inputs are raised for the
        review page to show beside them. Without `inputs` (a bulk action) no transition that asks for them fires."""
        try:
            fire(application, event, self._actor(), comment=comment, decisions=decisions, seen_version=seen_version,
                 inputs=inputs)
        except InputRefused:
            raise
        except WorkflowError as refused:
            flash(f"{application.candidate_name}（{application.exam_number}）：{refused}", "danger")
            return False
        given = {entry.name: entry.shown for entry in application.history[-1].inputs}
        AuditEntry.record(g.user, "review", application, {"event": event, "comment": comment,
                                                          "state": application.state,
                                                          **({"inputs": given} if given else {})})
        return True

    @action("approve_selected", _l("审核通过"), _l("确定通过所选申请？"), "fa-check", single=False)
    def approve_selected(self, items):
        done = sum(self._fire(item, "approve", "") for item in items)
        flash(_("已审核通过 %(done)d 件，共选择 %(total)d 件。", done=done, total=len(items)), "info")
        return redirect(url_for(".list"))

    @action("reject_selected", _l("审核不通过"), None, "fa-times", single=False)
    def reject_selected(self, items):
        """Rejection needs a reason: collect it on a page of its own, then reject them all with it."""
        return redirect(url_for(".bulk_reject", rowid=[str(item.pk) for item in items]))

    @expose("/bulk_reject", methods=["GET", "POST"])
    @has_access
    def bulk_reject(self):
        chosen = [self.datamodel.get(pk, self._base_filters) for pk in request.values.getlist("rowid")]
        chosen = [item for item in chosen if item is not None]
        if request.method == "POST":
            comment = request.form.get("comment", "").strip()
            if not comment or len(comment) > self.COMMENT_LIMIT:
                flash(_("请填写理由（不超过%(max)d个字）。", max=self.COMMENT_LIMIT), "danger")
            else:
                done = sum(self._fire(item, "reject", comment) for item in chosen)
                flash(_("已审核不通过 %(done)d 件，共选择 %(total)d 件。", done=done, total=len(chosen)), "info")
                return redirect(url_for(".list"))
        reasons = sorted({r for kind in BusinessType.objects for r in kind.reasons()})
        return self.render_template("admin/bulk_reject.html", chosen=chosen, reasons=reasons,
                                    title=_("批量审核不通过"))

    @expose("/file/<pk>/<file_id>")
    @has_access
    def file(self, pk, file_id):
        application = self._scoped(pk)
        if file_id not in {str(a.file_id) for a in application.attachments} | {
                str(a.file_id) for submitted in application.submissions for a in submitted.attachments}:
            abort(404)
        content, content_type = files.read(ObjectId(file_id)) or abort(404)  # a file the store lost
        return send_file(io.BytesIO(content), mimetype=content_type, max_age=3600)


VIEWS = ((ApplicationView, "fa-inbox"),)
