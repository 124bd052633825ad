"""A filled form as labelled rows, for the candidate's preview and the reviewer's page, and what changed between
two submissions of it."""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import kinds
from .spec import REFUSED_UPLOADS
from app.wording import clauses

# Answers shown as typed; every other field's value is shown by its choice label.
FREE_TEXT = ("text", "textarea", "number", "date", "month")


@dataclass
class Row:
    label: str
    value: str = ""
    depth: int = 0
    files: list = field(default_factory=list)  # Attachment records, of a file field
    file: bool = False
    heading: bool = False
    path: str = ""  # where the answer is kept, e.g. "evidence.00261.vouchers"
    within: tuple = ()  # the labels of the group entries around it

    @property
    def named(self):
        """The label under the labels of the group entries around it."""
        return " · ".join(str(label) for label in (*self.within, self.label))

    def same_as(self, other):
        return (self.value, [a.sha256 for a in self.files]) == (other.value, [a.sha256 for a in other.files])


@dataclass
class Change:
    """One answer that differs between two submissions: the row each showed (None where it showed none)."""

    label: str
    old: Row | None
    new: Row | None


# Kept in an application's answers without a field of the form asking for them: what a draft starts with from the
# candidate's record, for conditions (usecases/applications.py start), and the draft's count of refused uploads
# (from applications submitted before a changed file was recorded as itself).
NOT_ASKED = {"major": _l("专业"), "major_level": _l("专业层次"), REFUSED_UPLOADS: _l("重新上传的文件")}


def rows(context, data, attachments):
    """Every visible field of the form with its value, groups as headings, files listed under their field."""
    by_path = {}
    for attachment in attachments or ():
        by_path.setdefault(attachment.field, []).append(attachment)
    found = []
    for step in context.spec.steps:
        _walk(step.fields, data or {}, "", (), context, by_path, found)
    return found


def changed_labels(spec, names):
    """The labels of what a submission changed (history's `changed`: answers and file fields by name), in the
    form's order: a value a field keeps beside its answer (a major's level) is named by that field, answers no
    field asks for by what they hold."""
    names = set(names)
    asked = [f for f in spec.all_fields() if {f.name, *(f"{f.name}{s}" for s in kinds.of(f).recorded)} & names]
    covered = {f"{f.name}{s}" for f in spec.all_fields() for s in ("", *kinds.of(f).recorded)}
    return [f.text("label") for f in asked] + [str(label) for key, label in NOT_ASKED.items()
                                       if key in names and key not in covered]


def compared(old_rows, new_rows):
    """The answers that differ between two submissions' rows, in the newer one's order, then those only the older
    one showed."""
    old = {row.path: row for row in old_rows if not row.heading}
    new = {row.path: row for row in new_rows if not row.heading}
    found = [Change(row.named, old.get(path), row) for path, row in new.items()
             if path not in old or not row.same_as(old[path])]
    return found + [Change(row.named, row, None) for path, row in old.items() if path not in new]


def _walk(fields, values, prefix, within, context, by_path, found):
    depth = len(within)
    for f in fields:
        shape = kinds.of(f).shape
        if not f.visible(values) or shape == "display":
            continue
        path = f"{prefix}{f.name}"
        if shape == "file":
            found.append(Row(f.text("label"), depth=depth, files=by_path.get(path, []), file=True, path=path,
                             within=within))
        elif f.type == "group":
            if f.repeat_for:
                labels = dict(context.choices_of(f.repeat_for, describing=True))
                entries = [(key, labels.get(key, key), entry) for key, entry in (values.get(f.name) or {}).items()]
            else:
                slots = sorted((values.get(f.name) or {}).items(), key=lambda s: int(s[0]))
                entries = [(slot, _("%(label)s %(n)d", label=f.text("label"), n=number), entry)
                           for number, (slot, entry) in enumerate(slots, start=1)]
            for key, label, entry in entries:
                found.append(Row(label, depth=depth, heading=True, path=f"{path}.{key}", within=within))
                _walk(f.fields, entry or {}, f"{path}.{key}.", (*within, label), context, by_path, found)
        else:
            found.append(Row(f.text("label"), _shown(f, values.get(f.name), context), depth, path=path, within=within))


def _shown(spec_field, value, context):
    if value in (None, "", []):
        return "—"
    shape = kinds.of(spec_field).shape
    if shape == "boolean":
        return _("是") if value else _("否")
    if shape not in FREE_TEXT:
        labels = dict(context.choices(spec_field, describing=True))
        values = value if isinstance(value, list) else [value]
        return clauses(labels.get(v, v) for v in values)
    return str(value)
