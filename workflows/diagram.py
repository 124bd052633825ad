"""A workflow drawn from its definition: the text of a Mermaid state diagram (the admin pages render it with the
vendored Mermaid, app/static/vendor/), one box per state, one arrow per transition naming its event and who fires
it."""
from flask_babel import gettext as _

from app import roles


def _text(value):
    """A label Mermaid reads as plain text: no quotes, colons or line breaks of its own."""
    return " ".join(str(value).replace('"', "'").replace(":", "：").replace(";", "；").split())


def mermaid(workflow):
    ids = {state: f"s{number}" for number, state in enumerate(workflow.states)}  # no name Mermaid reads otherwise

    def _id(state):
        return ids.get(state, "unknown")

    lines = ["stateDiagram-v2", f"    [*] --> {_id(workflow.initial)}"]
    # A state not named yet (a row being added in the editor) shows its code, or a mark: Mermaid refuses "".
    lines += [f'    state "{_text(label) or _text(state) or "？"}" as {_id(state)}' for state, label in workflow.states.items()]
    for t in workflow.transitions:
        who = "、".join(str(roles.LABELS.get(role, role)) for role in t.by)
        label = _("%(event)s（%(who)s）", event=workflow.event_label(t.event), who=who)
        if t.auto:
            label = _("%(label)s，自动", label=label)
        lines += [f"    {_id(source)} --> {_id(t.target)} : {_text(label)}" for source in t.source]
    lines += [f"    {_id(state)} --> [*]" for state in sorted(workflow.final)]
    return "\n".join(lines)
