"""Form definitions to WTForms: each step of a definition renders to a form class that also validates the POST.

A repeatable group renders all its slots (the page shows the filled ones and a
"新增" button for the next); its value is stored as {slot: entry}, so the
paths of uploaded files never shift when an entry is left blank or cleared.
"""
import dataclasses
import datetime
import json
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage
from wtforms import (BooleanField, DateField, DecimalField, FormField, MultipleFileField, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from flask_wtf.i18n import translations
from wtforms import Form
from wtforms import validators as v
from wtforms.widgets import CheckboxInput, ListWidget

from markupsafe import Markup
from wtforms import Field

from app.models import FormDefinition
from app.models.application import Item
from app.services import files
from app.services.definitions import Definitions
from app.wording import joined

from . import catalogue  # noqa: F401  (declares the catalogue's field kinds)
from . import kinds
from .checks import STEP_CHECKS
from .spec import REFUSED_UPLOADS, FormSpec, hidden, is_empty

form_definitions = Definitions(FormDefinition, FormSpec.from_data, lambda spec: spec.problems())

MONTH = r"^(19|20)\d\d-(0[1-9]|1[0-2])$"


@dataclass
class Context:
    """What a form's choices and file rules depend on: the definition, the candidate, the working copy."""

    spec: FormSpec
    candidate: object
    values: dict
    attachment_counts: dict = field(default_factory=dict)
    claimed: frozenset = frozenset()  # item keys the candidate's other open applications already ask for
    application: str | None = None  # the application's id, when the form belongs to one
    kind: str | None = None  # the application's business type key, when the form belongs to one
    cache: dict = field(default_factory=dict)  # what one request looked up once (e.g. the plan being audited)

    def with_values(self, values):
        return dataclasses.replace(self, values={**self.values, **(values or {})})

    def with_uploads(self, counts):
        """The context with more files counted ({path: count}), e.g. those accepted in this request."""
        merged = dict(self.attachment_counts)
        for path, count in counts.items():
            merged[path] = merged.get(path, 0) + count
        return dataclasses.replace(self, attachment_counts=merged)

    def count_refused(self, path, count):
        """Add uploads refused now to those the draft counted, for conditions read later in this request."""
        counts = self.values.get(REFUSED_UPLOADS) or {}
        self.values[REFUSED_UPLOADS] = {**counts, path: counts.get(path, 0) + count}

    def files_under(self, path):
        return sum(count for where, count in self.attachment_counts.items() if where.startswith(path + "."))

    def choices_of(self, name, describing=False):
        """(value, label) choices of the top-level field `name`."""
        spec_field = self.spec.field(name)
        return self.choices(spec_field, describing) if spec_field else []

    def choices(self, spec_field, describing=False):
        """(value, label) choices of a field: those the candidate may pick, or all when describing."""
        return kinds.of(spec_field).choices(self, spec_field, describing)


def _sibling_values(context, form):
    """The working copy under the form's answers; a field its condition hides counts as unanswered."""
    return {**context.values, **{name: None if name in form.hidden else f.data for name, f in form._fields.items()}}


class Answers:
    """The POST as one form's fields read it: a file field its files, every other field what was typed, so no
    validator is handed an uploaded file where it expects text."""

    def __init__(self, formdata, form):
        self.formdata = formdata.formdata if isinstance(formdata, Answers) else formdata
        self.file_fields = {f.name for f in form._fields.values() if isinstance(f, MultipleFileField)}

    def __contains__(self, name):
        return name in self.formdata

    def getlist(self, name):
        kind = FileStorage if name in self.file_fields else str
        return [value for value in self.formdata.getlist(name) if isinstance(value, kind)]


class BaseForm(Form):
    """Generated forms speak the user's language, as Flask-WTF's forms do. A form of definition fields
    (`spec_fields`) validates only the fields their conditions show with the answers given: a hidden one is neither
    read nor checked (`hidden` names them, so values_from keeps nothing of theirs), whatever the browser sent.

    It renders (iterates) the fields the page may show: a field that waits for refused uploads
    (Condition.refused_at_least), or whose condition names a field the page does not hold (one of another step), is
    shown only while its condition holds, this request's uploads counted: nothing on the page changes that, so what
    is shown is what is kept. The page's script decides the rest."""

    spec_fields = ()
    context = None
    hidden = frozenset()
    page_fields = frozenset()  # the step's top-level fields, which the page's script reads besides a form's own

    def __iter__(self):
        if not self.spec_fields:
            return super().__iter__()
        return iter([self[f.name] for f in self.spec_fields if self._shown(f)])

    def _shown(self, spec_field):
        """Whether the page shows the field: no condition, one the page's script decides (it names a field on the
        page), or one that holds."""
        condition = spec_field.visible_if
        here = self.page_fields | {f.name for f in self.spec_fields}
        return (condition is None or (condition.refused_at_least is None and condition.field in here)
                or condition.holds(self.context.values))

    def validate(self, extra_validators=None):
        if not self.spec_fields:
            return super().validate(extra_validators)
        self.hidden = frozenset(hidden(self.spec_fields, _sibling_values(self.context, self)))
        self._errors = None
        extra = extra_validators or {}
        return all([field.validate(self, extra.get(name, ())) for name, field in self._fields.items()
                    if name not in self.hidden])

    class Meta:
        def get_translations(self, form):
            return translations

        def wrap_formdata(self, form, formdata):
            return None if formdata is None else Answers(formdata, form)


class NumberField(DecimalField):
    """A decimal number, or None when left blank (Present says whether it may be); "NaN" and "Infinity", which
    Decimal reads, are not numbers anyone means."""

    def process_formdata(self, valuelist):
        if valuelist and is_empty(valuelist[0]):
            self.data = None
            return
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))


class DateAnswer(DateField):
    """A date, kept in the working copy as its ISO text (values_from): read back from that text when the step is
    opened again. Left blank it is None, for Present to say whether it may be."""

    def process_formdata(self, valuelist):
        if valuelist and all(is_empty(value) for value in valuelist):
            self.data = None
            return
        super().process_formdata(valuelist)

    def process_data(self, value):
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                value = None
        super().process_data(value)


class ChoiceField(SelectField):
    """One choice; an unanswered (or hidden) one is left to the Present check rather than refused as invalid. A
    value not offered is refused with `refusal` when the field's kind says why it is not."""

    def __init__(self, *args, refusal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.refusal = refusal

    def pre_validate(self, form):
        if is_empty(self.data):
            return
        if self.refusal and str(self.data) not in {str(value) for value, *_rest in self.choices or ()}:
            raise v.ValidationError(self.refusal)
        super().pre_validate(form)


class ChoicesField(SelectMultipleField):
    """Several choices, refusing any value the list does not offer with a message in the user's language."""

    def process_formdata(self, valuelist):
        super().process_formdata(list(dict.fromkeys(valuelist)))

    def pre_validate(self, form):
        offered = {str(value) for value, _label in self.choices or ()}
        unknown = [value for value in self.data or () if str(value) not in offered]
        if unknown:
            raise v.ValidationError(_("所选的 %(values)s 不在可选范围内，请刷新页面后重新选择。",
                                      values=joined(unknown)))


class Present:
    """Required (or required when its condition holds); a blank optional answer is not checked further. (A field
    its condition hides is not validated at all: BaseForm.validate.)"""

    field_flags = {}

    def __init__(self, spec_field, context):
        self.spec_field = spec_field
        self.context = context

    def __call__(self, form, field):
        if field.process_errors:  # what was typed could not be read (not a number): that message says it
            raise v.StopValidation()
        if is_empty(field.data):
            if self.spec_field.is_required(_sibling_values(self.context, form)):
                raise v.StopValidation(_("请填写%(label)s。", label=self.spec_field.text("label")))
            raise v.StopValidation()


class MinLength:
    """At least `count` characters, not counting spaces; the message says how many there are."""

    field_flags = {}

    def __init__(self, count):
        self.count = count

    def __call__(self, form, field):
        typed = len("".join((field.data or "").split()))
        if typed < self.count:
            raise v.ValidationError(_("至少%(min)d个字，当前%(count)d个字。", min=self.count, count=typed))


class OfferedRequired:
    """Required whenever the field offers anything to choose (e.g. the extra-exam options of some majors)."""

    field_flags = {}

    def __call__(self, form, field):
        if is_empty(field.data) and any(value for value, *_rest in field.choices or ()):
            raise v.StopValidation(_("请选择%(label)s。", label=field.label.text))


class FileRulesCheck:
    """Decode each upload and hold it to the field's rules; accepted files wait on `field.checked`."""

    field_flags = {}

    def __init__(self, spec_field, path, context):
        self.spec_field = spec_field
        self.path = path
        self.context = context

    def __call__(self, form, field):
        uploads = [f for f in (field.data or []) if getattr(f, "filename", "")]
        field.checked = []
        rules = self.spec_field.rules
        kept = self.context.attachment_counts.get(self.path, 0)
        if kept + len(uploads) > rules.max_count:
            raise v.StopValidation(_("%(label)s最多%(count)d个文件。", label=self.spec_field.text("label"),
                                     count=rules.max_count))
        for upload in uploads:
            try:
                field.checked.append(files.check_upload(upload, rules))
            except files.UploadRefused as refused:
                field.errors.append(str(refused))
        if field.errors:
            field.checked = []
            field.refused = len(field.errors)
            self.context.count_refused(self.path, field.refused)
            raise v.StopValidation()
        if self.spec_field.is_required(_sibling_values(self.context, form)) and kept + len(field.checked) == 0:
            raise v.StopValidation(_("请上传%(label)s。", label=self.spec_field.text("label")))


class EntryForm(BaseForm):
    """One slot of a repeatable group: a slot left blank is not validated and not kept."""

    path = ""

    def is_blank(self):
        typed = any(not is_empty(f.data) for f in self if not isinstance(f, MultipleFileField))
        uploaded = any(getattr(u, "filename", "") for f in self if isinstance(f, MultipleFileField) for u in f.data or [])
        return not typed and not uploaded and not self.context.files_under(self.path)

    def validate(self, extra_validators=None):
        return True if self.is_blank() else super().validate(extra_validators)


class SlotsForm(BaseForm):
    """The slots of a repeatable group, with the group's minimum count."""

    spec_field = None

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        filled = sum(1 for slot in self if not slot.form.is_blank())
        values = _sibling_values(self.context, self)
        if self.spec_field.is_required(values) and filled < self.spec_field.min_count:
            self.form_errors.append(_("请至少填写%(count)d项%(label)s。", count=self.spec_field.min_count,
                                      label=self.spec_field.text("label")))
            return False
        return valid


def _shown_if(spec_field, path, siblings):
    """The attributes by which the page's script shows a field (or group) only while the input its condition names
    holds a value that shows it (e.g. the mailing address once 邮寄 is chosen): a sibling in `siblings`, else a
    top-level field. Without script every field is shown; the server ignores a hidden one (BaseForm.validate)."""
    condition = spec_field.visible_if
    if condition is None or condition.refused_at_least is not None:
        return {}
    within = path.split(".")[:-1] if condition.field in siblings else []
    sibling = ".".join((*within, condition.field))
    values = list(condition.any_of) if condition.any_of else [condition.equals]
    return {"data-shown-if": sibling.replace(".", "-"), "data-shown-values": json.dumps(values, ensure_ascii=False)}


class DisplayField(Field):
    """Shown, never answered: its kind renders what the system found (e.g. the plan audit so far)."""

    def __init__(self, label=None, context=None, render=None, **kwargs):
        super().__init__(label, widget=lambda field, **attributes: Markup(render(field)), **kwargs)
        self.context = context

    def process_formdata(self, valuelist):
        self.data = None


def _description(kind, spec_field, context):
    """The field's help, after what the candidate's own record says about it (their details to confirm, why a
    choice is not offered)."""
    facts = kind.facts(context, spec_field) if kind.facts else None
    return " ".join(filter(None, (facts, spec_field.text("help"))))


def _range(spec_field):
    """What a number out of the field's range is told: the range itself."""
    low, high = spec_field.min_value, spec_field.max_value
    if low is not None and high is not None:
        return _l("请填写 %(min)s 到 %(max)s 之间的数。", min=low, max=high)
    if low is not None:
        return _l("请填写不小于 %(min)s 的数。", min=low)
    return _l("请填写不大于 %(max)s 的数。", max=high) if high is not None else _l("数值超出允许范围。")


def _wtforms_field(spec_field, context, path, siblings, page):
    label, kind = spec_field.text("label"), kinds.of(spec_field)
    shape = kind.shape
    checks = [Present(spec_field, context)]
    shown_if = _shown_if(spec_field, path, siblings)
    options = {"description": _description(kind, spec_field, context), "render_kw": shown_if}

    def rendered_with(**attributes):
        return {**options, "render_kw": {**shown_if, **attributes}}

    if shape in ("text", "textarea"):
        if spec_field.min_length:
            checks.append(MinLength(spec_field.min_length))
        if spec_field.max_length:
            checks.append(v.Length(max=spec_field.max_length,
                                   message=_l("不能超过%(max)d个字。", max=spec_field.max_length)))
        if spec_field.pattern:
            checks.append(v.Regexp(spec_field.pattern, message=spec_field.text("pattern_message") or _l("格式不正确。")))
        return (TextAreaField if shape == "textarea" else StringField)(label, checks, **options)
    if shape == "number":
        checks.append(v.NumberRange(spec_field.min_value, spec_field.max_value, message=_range(spec_field)))
        return NumberField(label, checks, places=None, **options)
    if shape == "date":
        return DateAnswer(label, checks, **rendered_with(type="date"))
    if shape == "month":
        checks.append(v.Regexp(MONTH, message=_l("请按 年-月 填写，如 2024-04。")))
        return StringField(label, checks, **rendered_with(type="month", placeholder="2024-04"))
    if shape == "boolean":
        return BooleanField(label, checks, **options)
    if shape == "display":
        return DisplayField(label, context=context, render=kind.render, **options)
    if kind.required_when_offered:
        checks.insert(0, OfferedRequired())
    if shape == "choice":
        return ChoiceField(label, checks, choices=[("", _("请选择"))] + context.choices(spec_field),
                           refusal=kind.refusal(context, spec_field) if kind.refusal else None, **options)
    if shape == "choices":
        return ChoicesField(label, checks, choices=context.choices(spec_field),
                            default=kind.default(context, spec_field) if kind.default else None,
                            widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), **options)
    if shape == "file":
        accept = ",".join(f".{f.lower()}" for f in spec_field.rules.formats).replace(".jpeg", ".jpg,.jpeg")
        return MultipleFileField(label, [FileRulesCheck(spec_field, path, context)],
                                 **rendered_with(accept=accept, multiple=spec_field.rules.max_count > 1))
    return _group_field(spec_field, context, path, shown_if, page)


def _fields_form(fields, context, path, base=BaseForm, extra=None, page=None):
    """The form of `fields`, part of a step whose top-level fields are `page` (these fields when None)."""
    names = {f.name for f in fields}
    page = frozenset(names if page is None else page)
    attrs = {f.name: _wtforms_field(f, context, f"{path}.{f.name}" if path else f.name, names, page) for f in fields}
    return type("StepPart", (base,), {**attrs, "spec_fields": fields, "context": context, "page_fields": page,
                                      **(extra or {})})


def _group_field(spec_field, context, path, shown_if, page):
    if spec_field.repeat_for:
        labels = dict(context.choices_of(spec_field.repeat_for))
        chosen = context.values.get(spec_field.repeat_for) or []
        saved = context.values.get(spec_field.name) or {}
        per_choice = {key: FormField(_fields_form(spec_field.fields, context.with_values(saved.get(key)),
                                                  f"{path}.{key}", page=page), label=labels.get(key, key))
                      for key in (chosen if isinstance(chosen, list) else [chosen])}
        return FormField(type("PerChoice", (BaseForm,), per_choice), label=spec_field.text("label"),
                         render_kw=shown_if)
    slots = {str(slot): FormField(_fields_form(spec_field.fields, context, f"{path}.{slot}", EntryForm,
                                               {"path": f"{path}.{slot}"}, page),
                                  label=_("第%(n)d项", n=slot + 1))
             for slot in range(spec_field.max_count)}
    return FormField(type("Slots", (SlotsForm,), {**slots, "spec_field": spec_field, "context": context}),
                     label=spec_field.text("label"), render_kw=shown_if)


class StepForm(BaseForm):
    """A step: it shows what BaseForm shows but an optional choice with nothing to choose. The step's check, if it
    names one, runs once every field is valid; its messages land on the fields they name."""

    check = None

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not valid or not self.check:
            return valid
        values = values_from(self.spec_fields, self)
        uploaded = {}
        for path, _checked in uploads_from(self.spec_fields, self):
            uploaded[path] = uploaded.get(path, 0) + 1
        context = self.context.with_values(values).with_uploads(uploaded)
        problems = STEP_CHECKS[self.check](context, values)
        for name, messages in problems.items():
            if not name or name not in self._fields:
                self.form_errors.extend(messages)
            elif isinstance(self[name], FormField):  # a group's messages show above its entries
                self[name].form.form_errors.extend(messages)
            else:
                self[name].errors.extend(messages)
        return not any(problems.values())

    def _shown(self, spec_field):
        return not self._offers_nothing(spec_field) and super()._shown(spec_field)

    def _offers_nothing(self, spec_field):
        """An optional choice with nothing to choose (a major without extra-exam options) is not shown."""
        choices = getattr(self[spec_field.name], "choices", None)
        return not spec_field.required and choices is not None and not any(c[0] for c in choices)


def step_form(step, context):
    """The WTForms class of one step, for this candidate and working copy."""
    return _fields_form(step.fields, context, "", StepForm, {"check": step.check})


def messages(form):
    """Every message a validated step shows: the step's own, its fields', and those within its groups."""
    found = list(form.form_errors)
    for f in form:
        found += messages(f.form) if isinstance(f, FormField) else list(f.errors)
    return found


def values_from(spec_fields, form):
    """JSON-ready values of a validated step; blank slots of repeatable groups, and fields their conditions hide,
    are left out."""
    values = {}
    for f in spec_fields:
        kind = kinds.of(f)
        if kind.shape in ("file", "display") or f.name in form.hidden:
            continue
        part = form[f.name]
        if f.type == "group" and f.repeat_for:
            values[f.name] = {key: values_from(f.fields, sub.form) for key, sub in part.form._fields.items()}
        elif f.type == "group":
            values[f.name] = {slot: values_from(f.fields, sub.form) for slot, sub in part.form._fields.items()
                              if not sub.form.is_blank()}
        else:
            values[f.name] = _plain(part.data)
        if kind.records:  # kept for conditions (e.g. prior education for 本科 only)
            values.update({f"{f.name}{suffix}": value for suffix, value in kind.records(values[f.name]).items()})
    return values


def _plain(value):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "as_tuple"):  # Decimal
        return int(value) if value == int(value) else float(value)
    return value


def uploads_from(spec_fields, form, path=""):
    """(path, CheckedFile) of every accepted upload in a validated step."""
    found = []
    for f in spec_fields:
        where = f"{path}{f.name}"
        if f.name in form.hidden:
            continue
        if kinds.of(f).shape == "file":
            found += [(where, checked) for checked in getattr(form[f.name], "checked", [])]
        elif f.type == "group":
            for key, sub in form[f.name].form._fields.items():
                found += uploads_from(f.fields, sub.form, f"{where}.{key}.")
    return found


def refused_from(spec_fields, form):
    """{field name: uploads refused} of the step's top-level file fields in a validated step."""
    return {f.name: form[f.name].refused for f in spec_fields
            if kinds.of(f).shape == "file" and getattr(form[f.name], "refused", 0)}


def items_for(context, data):
    """The items decided one by one: the values chosen in the form's `items_from` field, with their labels."""
    spec = context.spec
    if not spec.items_from:
        return []
    labels = dict(context.with_values(data).choices_of(spec.items_from, describing=True))
    chosen = data.get(spec.items_from) or []
    return [Item(key=key, label=labels.get(key, key)) for key in (chosen if isinstance(chosen, list) else [chosen])]
