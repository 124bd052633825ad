"""Reviewers' queues: every application type in one scoped list, a review page, bulk actions."""
import io

from bson import ObjectId
from flask import abort, flash, g, redirect, request, send_file, session, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.actions import action
from flask_appbuilder.urltools import get_filter_args, get_order_args
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from mongoengine import Q
from wtforms import SelectField

from app import roles
from app.datamodel import MongoModelView
from app import jobs
from app.models import Application, AuditEntry, BusinessType, District, Major
from app.models.export import MAX_ROWS
from app.scope import restrict, staff_scope
from app.services import files
from forms.present import changed_labels, compared, rows
from usecases import applications, exports, payment
from workflows import queues, types
from workflows.engine import (Actor, InputRefused, WorkflowError, available_events, controls, fire, nothing_to_do,
                              workflow_definitions, workflow_of)
from workflows.reach import reach

from . import lookup
from .lookup import lookup_field
from .queue import ALL, QueueInterface, Waiting
from .scope import ESCALATED, WAITING, reviewable

# The list's query string, kept so that after a decision the reviewer goes on in the queue they came from.
QUEUE_KEY = "review_queue"
# What the list's own links and the menu filter by: FAB's filter index of "equal to" for these text columns.
TYPE_ARG, STATE_ARG = "_flt_1_type", "_flt_1_state"


def _state_choices():
    """Each state the user's queues reach, named as its types' workflows name it."""
    named = {}
    for (key, version) in sorted(reach(g.user).counted):
        workflow = workflow_definitions.get(key, version)
        for state in workflow.states:
            if state in reach(g.user).counted[(key, version)]:
                named.setdefault(state, []).append(workflow.state_label(state))
    return [("", "")] + sorted((state, " / ".join(dict.fromkeys(labels))) for state, labels in named.items())


def _query_string():
    return request.query_string.decode("utf-8", "replace")


def _with_query(url, query):
    return f"{url}?{query}" if query else url


def _after(column, value, pk, direction):
    """What comes after the row (`value` in `column`, id `pk`) in the order (column, id) going `direction`; an
    empty value sorts first, as MongoDB sorts it."""
    if direction == "desc":
        if value is None:
            return Q(**{column: None, "pk__lt": pk})
        return Q(**{f"{column}__lt": value}) | Q(**{column: value, "pk__lt": pk}) | Q(**{column: None})
    if value is None:
        return Q(**{column: None, "pk__gt": pk}) | Q(**{f"{column}__ne": None})
    return Q(**{f"{column}__gt": value}) | Q(**{column: value, "pk__gt": pk})


def _type_choices():
    return [("", "")] + sorted(reach(g.user).titles.items())


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
    datamodel = QueueInterface()
    class_permission_name = roles.APPLICATIONS
    noun = _l("申请")
    base_permissions = list(roles.REVIEW)
    method_permission_name = {"approve_selected": "review", "reject_selected": "review", "review": "review",
                              "bulk_reject": "review", "file": "show", "show": "show", "list": "list",
                              "next": "show", "lookup": "list", "export": "list"}
    base_filters = reviewable() + [["id", Waiting, None]]
    base_order = ("submitted_at", "asc")
    list_columns = ["type", "candidate_name", "exam_number", "district", "major", "state", "submitted_at",
                    "last_comment"]
    order_columns = ["submitted_at"]  # the order every queue index ends with
    search_columns = ["type", "state", "candidate_name", "exam_number", "id_number", "district", "major",
                      "submitted_at"]
    formatters_columns = {"type": lambda key: reach(g.user).titles.get(key, key)}
    search_form_extra_fields = {"state": SelectField(_l("状态"), choices=_state_choices),
                                "type": SelectField(_l("业务类型"), choices=_type_choices),
                                "district": lookup_field(_l("考籍管理区县"), "/applicationview/lookup/district"),
                                "major": lookup_field(_l("专业"), "/applicationview/lookup/major")}
    list_template = "admin/queue.html"
    show_template = "admin/application.html"
    # Applications change only through the engine: FAB's own add / edit / delete / single-row action
    # routes do not exist here, and action_post below only ever sees rows within the reviewer's scope.
    exclude_route_methods = {"add", "edit", "delete", "download", "action"}
    COMMENT_LIMIT = 500

    def _actor(self):
        return Actor.for_staff(g.user)

    @staticmethod
    def _view():
        """What a queue's list shows: what waits for the user, unless they asked for every state, for one state,
        or (a role overdue applications are escalated to) for those escalated to them."""
        if request.args.get("queue") == ESCALATED and reach(g.user).receives:
            return ESCALATED
        if request.args.get("queue") == "all" or any(
                arg.startswith("_flt_") and arg.endswith("_state") and value for arg, value in request.args.items()):
            return ALL
        return WAITING

    def _queue_url(self, endpoint=".list", **values):
        """`endpoint` with the query string of the queue the reviewer last listed."""
        return _with_query(url_for(endpoint, **values), session.get(QUEUE_KEY, ""))

    @expose("/list/")
    @has_access
    def list(self):
        """The queue: by default what waits for the user, oldest submission first, with its counts by state."""
        g.queue_view = self._view()
        kept = _query_string()
        if session.get(QUEUE_KEY) != kept:
            session[QUEUE_KEY] = kept
        widgets = self._list()
        return self.render_template(self.list_template, title=self.list_title, widgets=widgets,
                                    bar=self._bar())

    def _bar(self):
        """The counts above the list: what waits for the user and everything, then each type or, for one type,
        each state; each a link to its list."""
        rows = queues.tallies(g.user)
        kind = request.args.get(TYPE_ARG) or None
        mine = [row for row in rows if kind in (None, row.type)]
        typed = {TYPE_ARG: kind} if kind else {}
        tabs = [(_("待我办理"), sum(r.waiting_n for r in mine), url_for(".list", **typed), g.queue_view == WAITING),
                (_("全部"), sum(r.n for r in mine), url_for(".list", queue=ALL, **typed),
                 request.args.get("queue") == ALL)]
        if reach(g.user).receives:
            escalated = restrict(Application.objects(reach(g.user).escalated), staff_scope(g.user)).count()
            tabs.append((_("超时督办"), escalated, url_for(".list", queue=ESCALATED), g.queue_view == ESCALATED))
        if kind:
            chips = [(row.label, row.n, url_for(".list", **typed, **{STATE_ARG: row.state}),
                      request.args.get(STATE_ARG) == row.state)
                     for row in queues.summed(mine, "type", "state")]
        else:
            titles = reach(g.user).titles
            chips = [(titles.get(row.type, row.type), row.waiting_n, url_for(".list", **{TYPE_ARG: row.type}),
                      False) for row in queues.summed(mine, "type") if row.waiting_n]
        return {"tabs": tabs, "chips": chips,
                "export": {fmt: _with_query(url_for(".export", fmt=fmt), _query_string()) for fmt in exports.FORMATS}}

    LOOKUPS = {"district": District, "major": Major}

    @expose("/lookup/<column>")
    @has_access
    def lookup(self, column):
        """The districts or majors within the user's scope starting with what they typed, for the search form."""
        return lookup.answer(self.LOOKUPS.get(column) or abort(404))

    def _queryset(self):
        """The queue this request's query string asks for, in its order: what its list shows, all pages."""
        g.queue_view = self._view()
        get_filter_args(self._filters)
        column, direction = get_order_args().get(self.__class__.__name__) or self.base_order
        column = column if column in self.order_columns else self.base_order[0]
        joined = self._filters.get_joined_filters(self._base_filters)
        return self.datamodel.ordered(self.datamodel.filtered(joined), column, direction), joined, column, direction

    @expose("/export/<fmt>", methods=["POST"])
    @has_access
    def export(self, fmt):
        """The queue as listed, to Excel or CSV: written at once when small, else by a background job."""
        if fmt not in exports.FORMATS:
            abort(404)
        queryset, joined, _column, _direction = self._queryset()
        total = self.datamodel.count(queryset, joined)
        back = _with_query(url_for(".list"), _query_string())
        if total > MAX_ROWS:
            flash(_("当前队列共 %(n)d 件，一次最多导出 %(max)d 件，请缩小筛选范围后再导出。", n=total, max=MAX_ROWS),
                  "warning")
            return redirect(back)
        query = exports.Query.of(queryset)
        summary = _("导出审核队列 %(n)d 件（%(fmt)s）", n=total, fmt=fmt.upper())
        if total <= exports.INLINE:
            content = exports.write(fmt, exports.rows(query))
            AuditEntry.record(g.user, "export", Application, summary=summary)
            return send_file(io.BytesIO(content), mimetype=exports.FORMATS[fmt], as_attachment=True,
                             download_name=exports.filename(fmt))
        try:
            job = jobs.submit("export", summary, user=g.user,
                              params={"query": query.packed(), "format": fmt, "requested_by_id": g.user.id})
        except jobs.NotQueued:
            flash(_("任务未能加入队列，请稍后重试。"), "danger")
            return redirect(back)
        AuditEntry.record(g.user, "export", job, summary=summary)
        flash(_("共 %(n)d 件，正在后台导出，完成后可在本页下载。", n=total), "success")
        return redirect(url_for("JobView.show", pk=str(job.pk)))

    @expose("/next/<pk>")
    @has_access
    def next(self, pk):
        """The application after `pk` in the queue whose query string this request carries, in its order; past the
        end, the first one left; with none left, the queue itself."""
        current = self._scoped(pk)
        queryset, _joined, column, direction = self._queryset()
        others = queryset.filter(pk__ne=current.pk).only("id")
        following = others.filter(_after(column, getattr(current, column), current.pk, direction)).first() \
            or others.first()
        if following is None:
            flash(_("当前队列中已没有其他申请。"), "info")
            return redirect(_with_query(url_for(".list"), _query_string()))
        return redirect(url_for(".show", pk=following.pk))

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
            changes=[changed_labels(spec, h.changed) for h in application.history],
            queue_url=self._queue_url(), next_url=self._queue_url(".next", pk=application.pk))

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
            return redirect(self._queue_url(".next", pk=pk))
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
        return redirect(self._queue_url())

    @action("reject_selected", _l("审核不通过"), None, "fa-times", single=False)
    def reject_selected(self, items):
        """Rejection needs a reason: collect it on a page of its own, then reject them all with it."""
        return redirect(url_for(".bulk_reject", rowid=[str(item.pk) for item in items]))

    @expose("/bulk_reject", methods=["GET", "POST"])
    @has_access
    def bulk_reject(self):
        chosen = self.datamodel.get_many(request.values.getlist("rowid"), self._base_filters)
        if request.method == "POST":
            comment = request.form.get("comment", "").strip()
            if not comment or len(comment) > self.COMMENT_LIMIT:
                flash(_("请填写理由（不超过%(max)d个字）。", max=self.COMMENT_LIMIT), "danger")
            else:
                done = sum(self._fire(item, "reject", comment) for item in chosen)
                flash(_("已审核不通过 %(done)d 件，共选择 %(total)d 件。", done=done, total=len(chosen)), "info")
                return redirect(self._queue_url())
        # The reason templates of the chosen applications' types, in their order.
        kinds = {kind.key: kind for kind in BusinessType.objects(key__in=sorted({item.type for item in chosen}))}
        reasons = list(dict.fromkeys(r for key in sorted(kinds) for r in kinds[key].reasons()))
        return self.render_template("admin/bulk_reject.html", chosen=chosen, reasons=reasons,
                                    title=_("批量审核不通过"), back=self._queue_url())

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
