"""业务类型 → 消息模板: the site message each decision on a type's applications sends the candidate, as rows an
administrator edits without code (a decision from a list, a title, a body), with the placeholders and a preview."""
from dataclasses import dataclass, field

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_babel import gettext as _

from app import placeholders, roles
from app.datamodel.interface import FieldErrors
from app.models import AuditEntry
from app.models.business import template_problems
from app.models.message import MessageTemplate, sms_text
from workflows import messages
from workflows.engine import workflow_definitions

# More rows than any workflow has decisions; a longer post is cut here.
MAX_ROWS = 60


@dataclass(frozen=True)
class Step:
    """A decision a template may answer: `event` taking an application to `state`, as the drop-down names it."""

    event: str
    state: str
    label: str
    state_label: str

    @property
    def value(self):
        return f"{self.event}:{self.state}"


def steps(workflow_key):
    """{value: Step} of every decision of the workflow: the latest version's in its order, then those only older
    versions have (applications keep the version they started with, so those still happen); and the reminder the
    day before an on-site review."""
    versions = [workflow for (key, _version), workflow in reversed(workflow_definitions.every_version())
                if key == workflow_key]
    found = {}
    for age, workflow in enumerate(versions):
        by = {}
        for transition in workflow.transitions:
            by.setdefault((transition.event, transition.target), []).extend(transition.by)
        for (event, state), who in by.items():
            label = _("%(event)s（%(by)s，转为“%(state)s”）", event=workflow.event_label(event),
                      by="、".join(str(roles.LABELS.get(role, role)) for role in dict.fromkeys(who)),
                      state=workflow.state_label(state))
            step = Step(event, state, label + (_("（仅旧版本流程）") if age else ""), workflow.state_label(state))
            found.setdefault(step.value, step)
    event, state = messages.REMINDER
    found[f"{event}:{state}"] = Step(event, state, _("现场审核前一天提醒（系统发送，适用于预约了现场审核的申请）"),
                                     _("已预约现场审核"))
    return found


@dataclass
class Row:
    """A template as the page shows it: the chosen decision's value, the texts, and what is wrong with it."""

    step: str = ""
    title: str = ""
    body: str = ""
    sms: bool = False  # an SMS goes too
    problems: dict = field(default_factory=dict)
    preview: tuple = None  # (title, body) as a made-up candidate would read them

    @property
    def sms_preview(self):
        return sms_text(self.preview[0]) if self.preview and self.sms else ""


def _posted(form):
    """The rows posted, without those ticked for removal and those left entirely blank."""
    count = min(max(form.get("rows", 0, type=int), 0), MAX_ROWS)
    rows = [Row(form.get(f"rows-{i}-step", ""), form.get(f"rows-{i}-title", "").strip(),
                form.get(f"rows-{i}-body", "").replace("\r\n", "\n").strip(), bool(form.get(f"rows-{i}-sms")))
            for i in range(count)
            if not form.get(f"rows-{i}-remove")]
    return [row for row in rows if row.step or row.title or row.body]


def _template(row, found):
    step = found.get(row.step)
    return MessageTemplate(event=step.event if step else "", state=step.state if step else "", title=row.title,
                           body=row.body, sms=row.sms)


def _check(rows, found):
    """Put on each row what is wrong with it; True when every row can be saved."""
    problems = template_problems([_template(row, found) for row in rows])
    for index, row in enumerate(rows):
        row.problems = {name: str(problem) for name, problem in problems.get(index, {}).items()}
        if row.step and row.step not in found:
            row.problems["event"] = _("流程中没有这一办理事项，请重新选择。")
    return not any(row.problems for row in rows)


def _shown(templates, found):
    """The templates as the audit trail shows them, one line each."""
    return [_("%(step)s：%(title)s——%(body)s", step=getattr(found.get(f"{t.event}:{t.state}"), "label",
                                                           f"{t.event} → {t.state}"), title=t.title, body=t.body)
            + (_("（同时发送短信）") if t.sms else "") for t in templates]


class MessageTemplatesPage:
    """The page of a business type's message templates, part of BusinessTypeView (its permission to edit)."""

    @expose("/messages/<pk>", methods=["GET", "POST"])
    @has_access
    def message_templates(self, pk):
        kind = self.datamodel.get(pk) or abort(404)
        found = steps(kind.workflow_key)
        if request.method == "GET":
            rows = [Row(f"{t.event}:{t.state}", t.title, t.body, t.sms) for t in kind.message_templates]
        else:
            rows = _posted(request.form)
        valid = _check(rows, found)  # a stored template for a decision the workflow no longer has says so too
        action = request.form.get("do")
        if request.method == "POST" and action == "save" and valid and self._save(
                kind, [_template(row, found) for row in rows], found):
            return redirect(url_for(".message_templates", pk=pk))
        if action == "add" and len(rows) < MAX_ROWS:
            rows.append(Row())
        for row in rows:
            step = found.get(row.step)
            if step is not None:
                row.preview = messages.preview(_template(row, found), kind.title, step.state_label)
        return self.render_template("admin/message_templates.html", kind=kind, rows=rows, steps=list(found.values()),
                                    placeholders=placeholders.PLACEHOLDERS, max_rows=MAX_ROWS,
                                    limits={name: MessageTemplate._fields[name].max_length for name in ("title", "body")},
                                    page_title=_("消息模板：%(title)s", title=kind.title))

    def _save(self, kind, templates, found):
        """Save the templates and audit them, old → new; False (with the reason shown) when the store refuses."""
        old = _shown(kind.message_templates, found)
        kind.message_templates = templates
        try:
            self.datamodel.edit(kind)
        except FieldErrors as refused:  # another setting of the type no longer passes: say which, to fix it first
            fields = type(kind)._fields
            flash(_("未保存：%(reasons)s", reasons="；".join(
                f"{getattr(fields.get(name), 'verbose_name', None) or _('业务类型')}：{reason}"
                for name, reason in refused.errors.items())), "danger")
            return False
        new = _shown(templates, found)
        if new != old:
            AuditEntry.record(g.user, "edit", kind, {"message_templates": {"old": old, "new": new}})
            flash(_("已保存消息模板。此后的办理按新的模板发送站内消息。"), "success")
        else:
            flash(_("消息模板没有变化。"), "info")
        return True
