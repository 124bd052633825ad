"""The workflow editor (业务配置 → 流程定义 → 编辑): a version's states, events and transitions as rows of one page,
roles, checks, follow-ups and input kinds chosen from those that exist, each with its description.

The page works without a script: each button posts the whole page (workflow_draft.Draft), 检查 shows each problem on
the row it concerns and draws the draft, and 保存为新版本 saves it through the versioned store as the JSON revision
does. Nothing is stored before that.
"""
from flask import abort, request
from flask_appbuilder import expose, has_access
from flask_babel import gettext as _

from app import roles
from app.errors import Refused
from app.services.definitions import DefinitionRefused
from workflows.diagram import mermaid
from workflows.engine import ALWAYS, PUBLISHING, placed_problems
from workflows.registry import EFFECT_LABELS, GUARD_LABELS, INPUT_LABELS
from workflows.spec import STAMPS

from .workflow_draft import Draft, Malformed


def _choices(labels):
    """What each list of the page offers: (name, description) pairs; the states and events are the draft's own
    rows. The checks every transition (or every publishing one) passes whatever it lists are not offered: the page
    says so instead."""
    return {**{section: [(code, f"{label}（{code}）") for code, label in named.items()]
               for section, named in labels.items()},
            "roles": list(roles.LABELS.items()), "effects": list(EFFECT_LABELS.items()),
            "guards": [(name, label) for name, label in GUARD_LABELS.items() if name not in (*ALWAYS, *PUBLISHING)],
            "inputs": list(INPUT_LABELS.items()), "stamps": list(STAMPS.items())}


def _on_rows(placed, draft):
    """(where, message) with where a row of the page (("transitions" | "states", row) or None) for each of `placed`
    (Workflow.placed_problems)."""
    codes, found = [row["code"] for row in draft.states], []
    for where, message in placed:
        if where is not None:
            kind, which = where
            where = ("transitions", which) if kind == "transition" else ("states", codes.index(which))
        found.append((where, message))
    return found


def _placed(messages, workflow, draft):
    """(where, message) of the store's refusal: each message on the row Workflow.placed_problems puts it on."""
    places = {}
    for where, message in _on_rows(placed_problems(workflow), draft):
        places.setdefault(message, []).append(where)
    return [(places[message].pop(0) if places.get(message) else None, message) for message in messages]


def _action(form):
    """The button pressed; 检查 when none was (Enter in a field)."""
    pressed = form.getlist("action")
    if len(pressed) > 1:
        raise Malformed(_("无法识别所按的按钮，请重新打开编辑页面。"))
    return pressed[0] if pressed else "check"


class WorkflowEditing:
    """The editor's route, for the workflow definitions' view (which supplies `store` and `_save_revision`)."""

    @expose("/edit/<pk>", methods=["GET", "POST"])
    @has_access
    def edit(self, pk):
        saved = self.datamodel.get(pk) or abort(404)
        if request.method == "GET":
            return self._editor(saved, Draft.of(self.store.get(saved.key, saved.version)))
        try:
            draft, action = Draft.read(request.form), _action(request.form)
            note = request.form.get("note", "").strip()
            if action not in ("check", "save"):
                return self._editor(saved, draft, note, message=draft.apply(action))
        except Malformed as malformed:
            raise Refused(str(malformed)) from malformed
        workflow, problems = draft.workflow(saved.key), draft.problems
        if problems:  # and what the definition's checks say, but on the rows still to complete
            marked = {where for where, _said in problems}
            problems = problems + [(where, said) for where, said in _on_rows(placed_problems(workflow), draft)
                                   if where is None or where not in marked]
        else:
            try:
                if action == "save":
                    return self._save_revision(saved, workflow.to_data(), note)
                self.store.check(workflow.to_data())
            except DefinitionRefused as refused:
                problems = _placed(refused.problems, workflow, draft)
        return self._editor(saved, draft, note, problems=problems, checked=True)

    def _editor(self, saved, draft, note="", problems=(), checked=False, message=None):
        """The page of `draft`, a draft of version `saved`, with `problems` ((where, message) pairs) on their rows."""
        shown = {}
        for where, said in problems:
            shown.setdefault(f"{where[0]}-{where[1]}" if where else "general", []).append(said)
        labels = {section: {row["code"]: row["label"] for row in getattr(draft, section) if row["code"]}
                  for section in ("states", "events")}
        return self.render_template(
            "admin/workflow_editor.html", saved=saved, latest=self.store.document.latest(saved.key), draft=draft,
            note=note, problems=shown, passed=checked and not problems, message=message, labels=labels,
            choices=_choices(labels), diagram=mermaid(draft.workflow(saved.key)),
            title=_("编辑流程：%(name)s", name=str(saved)))
