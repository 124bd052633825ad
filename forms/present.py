"""A filled form as labelled rows, for the candidate's preview and the reviewer's page."""
from dataclasses import dataclass, field

from flask_babel import gettext as _

from . import kinds

# Answers shown as typed; every other field's value is shown by its choice label.
FREE_TEXT = ("text", "textarea", "number", "date", "month")


@dataclass
class Row:
    label: str
    value: str = ""
    depth: int = 0
    files: list = field(default_factory=list)  # Attachment records
    heading: bool = False


def rows(context, data, attachments):
    """Every visible field of the form with its value, groups as headings, files listed under their field."""
    by_path = {}
    for attachment in attachments or ():
        by_path.setdefault(attachment.field, []).append(attachment)
    found = []
    for step in context.spec.steps:
        _walk(step.fields, data or {}, "", 0, context, by_path, found)
    return found


def changed_labels(spec, names):
    """The labels of the fields a submission changed, in the form's order; values the form does not ask for
    (e.g. the major's level, kept for conditions) are left out."""
    return [f.label for step in spec.steps for f in step.fields if f.name in names]


def _walk(fields, values, prefix, depth, context, by_path, found):
    for f in fields:
        shape = kinds.of(f).shape
        if not f.visible(values) or shape == "display":
            continue
        path = f"{prefix}{f.name}"
        if shape == "file":
            found.append(Row(f.label, depth=depth, files=by_path.get(path, [])))
        elif f.type == "group" and f.repeat_for:
            labels = dict(context.choices_of(f.repeat_for, describing=True))
            for key, entry in (values.get(f.name) or {}).items():
                found.append(Row(labels.get(key, key), depth=depth, heading=True))
                _walk(f.fields, entry or {}, f"{path}.{key}.", depth + 1, context, by_path, found)
        elif f.type == "group":
            for number, (slot, entry) in enumerate(sorted((values.get(f.name) or {}).items(), key=lambda s: int(s[0])),
                                                   start=1):
                found.append(Row(_("%(label)s %(n)d", label=f.label, n=number), depth=depth, heading=True))
                _walk(f.fields, entry or {}, f"{path}.{slot}.", depth + 1, context, by_path, found)
        else:
            found.append(Row(f.label, _shown(f, values.get(f.name), context), depth))


def _shown(spec_field, value, context):
    if value in (None, "", []):
        return "—"
    shape = kinds.of(spec_field).shape
    if shape == "boolean":
        return _("是") if value else _("否")
    if shape not in FREE_TEXT:
        labels = dict(context.choices(spec_field, describing=True))
        values = value if isinstance(value, list) else [value]
        return "；".join(str(labels.get(v, v)) for v in values)
    return str(value)
