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

from app.models import Course, District, ElectiveGroup, FormDefinition, Major, MajorPlan, PlanModule, Score
from app.models.application import Item
from app.services import holds
from app.services.definitions import Definitions

from . import files, graduation
from .checks import STEP_CHECKS
from .spec import DISPLAY_TYPES, FILE_TYPES, REFUSED_UPLOADS, FormSpec, is_empty

form_definitions = Definitions(FormDefinition, FormSpec.from_data, lambda spec: spec.problems())

PROVINCES = ("北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
             "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
             "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省",
             "宁夏回族自治区", "新疆维吾尔自治区", "台湾省", "香港特别行政区", "澳门特别行政区")
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

    def majors(self):
        return [(m.code, str(m)) for m in Major.objects(status__ne="closed").only("code", "name")]

    def courses(self, major_code, include_passed=False):
        """(code, label) of the courses in the major's plan; those already passed or claimed only if asked for."""
        plan = MajorPlan.objects(major=Major.objects(code=major_code).only("id").first()).first()
        if plan is None:
            return []
        modules = list(PlanModule.objects(plan=plan))
        codes = [c.code for m in modules for c in m.required_courses]
        codes += [c.code for g in ElectiveGroup.objects(module__in=modules) for c in g.courses]
        passed = set()
        if not include_passed:
            passed_ids = Score.objects(candidate=self.candidate, passed=True).distinct("course")
            passed = {c.code for c in Course.objects(id__in=[getattr(p, "id", p) for p in passed_ids]).only("code")}
            passed |= self.claimed
        catalogue = {c.code: c for c in Course.objects(code__in=codes)}
        ordered = dict.fromkeys(c for c in codes if c not in passed and c in catalogue)
        return [(code, _("%(name)s（%(code)s），%(credits)d学分", name=catalogue[code].name, code=code,
                         credits=catalogue[code].credits)) for code in ordered]

    def choices_of(self, name, describing=False):
        """(value, label) choices of the top-level field `name`."""
        spec_field = self.spec.field(name)
        return self.choices(spec_field, describing) if spec_field else []

    def choices(self, spec_field, describing=False):
        """(value, label) choices of a field: those the candidate may pick, or all when describing."""
        if spec_field.type == "course_picker":
            major = self.values.get(spec_field.source)
            return self.courses(major, include_passed=describing) if spec_field.source else []
        if spec_field.type == "major":
            return self.majors()
        if spec_field.type == "province":
            return [(p, p) for p in PROVINCES]
        if spec_field.type == "district":
            return [(d.code, d.name) for d in District.objects(active=True).only("code", "name")]
        if spec_field.type == "course":
            return [(c.code, f"{c.name}（{c.code}）") for c in Course.objects.only("code", "name").order_by("code")]
        if spec_field.type == "passed_scores":
            return self.passed_scores(include_gone=describing)
        if spec_field.type == "latest_score":
            return self.latest_scores(describing)
        if spec_field.type in graduation.CHOICES:
            return graduation.CHOICES[spec_field.type](self, spec_field, describing)
        return list(spec_field.choices)

    def latest_scores(self, describing=False):
        """(score id, label) of the candidate's exam scores of their latest sitting; every exam score when
        describing, so a filled form still reads after a later sitting."""
        scores = Score.objects(candidate=self.candidate, source="exam").order_by("-sitting")
        if not describing:
            latest = scores.first()
            scores = scores.filter(sitting=latest.sitting) if latest else []
        return [(str(s.pk), _("%(course)s（%(code)s）%(sitting)s 考次：%(mark)s", course=s.course.name,
                               code=s.course.code, sitting=s.sitting, mark=s.display_mark)) for s in scores]

    def passed_scores(self, include_gone=False):
        """(score id, label) of the candidate's passed scores not transferred out, nor claimed by another open
        application, nor used by a standing graduation; every passed score when describing."""
        scores = Score.objects(candidate=self.candidate, passed=True).order_by("-sitting")
        if not include_gone:
            held = holds.held_by(self.candidate.pk)
            scores = [s for s in scores if not s.transferred_out and str(s.pk) not in self.claimed
                      and str(s.pk) not in held]
        return [(str(s.pk), _("%(course)s，成绩%(mark)s，%(sitting)s", course=f"{s.course.name}（{s.course.code}）",
                              mark=s.display_mark, sitting=s.sitting)) for s in scores]


def _sibling_values(context, form):
    return {**context.values, **{name: f.data for name, f in form._fields.items()}}


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
    """Generated forms speak the user's language, as Flask-WTF's forms do."""

    class Meta:
        def get_translations(self, form):
            return translations

        def wrap_formdata(self, form, formdata):
            return None if formdata is None else Answers(formdata, form)


class NumberField(DecimalField):
    """A decimal number; "NaN" and "Infinity", which Decimal reads, are not numbers anyone means."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))


class ChoiceField(SelectField):
    """One choice; an unanswered (or hidden) one is left to the Present check rather than refused as invalid. A
    value not offered is refused with `refusal` when the field type says why it is not (forms.graduation)."""

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
                                      values="、".join(unknown)))


class Present:
    """Required (or required when its condition holds); a hidden field is never required and never kept."""

    field_flags = {}

    def __init__(self, spec_field, context):
        self.spec_field = spec_field
        self.context = context

    def __call__(self, form, field):
        values = _sibling_values(self.context, form)
        if not self.spec_field.visible(values):
            field.data = None
            raise v.StopValidation()
        if is_empty(field.data):
            if self.spec_field.is_required(values):
                raise v.StopValidation(_("请填写%(label)s。", label=self.spec_field.label))
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
            raise v.StopValidation(_("%(label)s最多%(count)d个文件。", label=self.spec_field.label,
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
            raise v.StopValidation(_("请上传%(label)s。", label=self.spec_field.label))


class EntryForm(BaseForm):
    """One slot of a repeatable group: a slot left blank is not validated and not kept."""

    path = ""
    context = None

    def is_blank(self):
        typed = any(not is_empty(f.data) for f in self if not isinstance(f, MultipleFileField))
        uploaded = any(getattr(u, "filename", "") for f in self if isinstance(f, MultipleFileField) for u in f.data or [])
        return not typed and not uploaded and not self.context.files_under(self.path)

    def validate(self, extra_validators=None):
        return True if self.is_blank() else super().validate(extra_validators)


class SlotsForm(BaseForm):
    """The slots of a repeatable group, with the group's minimum count."""

    spec_field = None
    context = None

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        filled = sum(1 for slot in self if not slot.form.is_blank())
        values = _sibling_values(self.context, self)
        if self.spec_field.is_required(values) and filled < self.spec_field.min_count:
            self.form_errors.append(_("请至少填写%(count)d项%(label)s。", count=self.spec_field.min_count,
                                      label=self.spec_field.label))
            return False
        return valid


def _shown_if(spec_field, path):
    """The attributes by which the page's script shows a field only while its sibling has a value that shows it
    (e.g. the mailing address once 邮寄 is chosen). Without script every field is shown; Present drops a hidden
    one."""
    condition = spec_field.visible_if
    if condition is None or condition.refused_at_least is not None:
        return {}
    sibling = ".".join((*path.split(".")[:-1], condition.field))
    values = list(condition.any_of) if condition.any_of else [condition.equals]
    return {"data-shown-if": sibling.replace(".", "-"), "data-shown-values": json.dumps(values, ensure_ascii=False)}


def _wtforms_field(spec_field, context, path):
    label, kind = spec_field.label, spec_field.type
    checks = [Present(spec_field, context)]
    shown_if = _shown_if(spec_field, path)
    options = {"description": graduation.description(spec_field, context), "render_kw": shown_if}

    def rendered_with(**attributes):
        return {**options, "render_kw": {**shown_if, **attributes}}

    if kind in ("text", "textarea"):
        if spec_field.min_length:
            checks.append(MinLength(spec_field.min_length))
        if spec_field.max_length:
            checks.append(v.Length(max=spec_field.max_length,
                                   message=_l("不能超过%(max)d个字。", max=spec_field.max_length)))
        if spec_field.pattern:
            checks.append(v.Regexp(spec_field.pattern, message=spec_field.pattern_message or _l("格式不正确。")))
        return (TextAreaField if kind == "textarea" else StringField)(label, checks, **options)
    if kind == "number":
        checks.append(v.NumberRange(spec_field.min_value, spec_field.max_value, message=_l("数值超出允许范围。")))
        return NumberField(label, checks, **options)
    if kind == "date":
        return DateField(label, checks, **rendered_with(type="date"))
    if kind == "month":
        checks.append(v.Regexp(MONTH, message=_l("请按 年-月 填写，如 2024-04。")))
        return StringField(label, checks, **rendered_with(type="month", placeholder="2024-04"))
    if kind == "checkbox":
        return BooleanField(label, checks, **options)
    if kind == "profile_confirm":
        return BooleanField(label, checks, **options)
    if kind in DISPLAY_TYPES:
        return graduation.ReportField(label, context=context, **options)
    if kind == "extra_exam":
        checks.insert(0, OfferedRequired())
    if kind in ("select", "province", "major", "district", "course", "latest_score", "extra_exam", "review_slot",
                "photo_source"):
        return ChoiceField(label, checks, choices=[("", _("请选择"))] + context.choices(spec_field),
                           refusal=graduation.refusal(spec_field, context), **options)
    if kind in ("multiselect", "course_picker", "passed_scores", "graduation_scores", "substitution_scores"):
        return ChoicesField(label, checks, choices=context.choices(spec_field), default=graduation.default(
            spec_field, context), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), **options)
    if kind in FILE_TYPES:
        accept = ",".join(f".{f.lower()}" for f in spec_field.rules.formats).replace(".jpeg", ".jpg,.jpeg")
        return MultipleFileField(label, [FileRulesCheck(spec_field, path, context)],
                                 **rendered_with(accept=accept, multiple=spec_field.rules.max_count > 1))
    if kind == "group":
        return _group_field(spec_field, context, path)
    raise ValueError(f"unsupported field type {kind}")


def _fields_form(fields, context, path, base=BaseForm, extra=None):
    attrs = {f.name: _wtforms_field(f, context, f"{path}.{f.name}" if path else f.name) for f in fields}
    return type("StepPart", (base,), {**attrs, **(extra or {})})


def _group_field(spec_field, context, path):
    if spec_field.repeat_for:
        labels = dict(context.choices_of(spec_field.repeat_for))
        chosen = context.values.get(spec_field.repeat_for) or []
        saved = context.values.get(spec_field.name) or {}
        per_choice = {key: FormField(_fields_form(spec_field.fields, context.with_values(saved.get(key)),
                                                  f"{path}.{key}"), label=labels.get(key, key))
                      for key in (chosen if isinstance(chosen, list) else [chosen])}
        return FormField(type("PerChoice", (BaseForm,), per_choice), label=spec_field.label)
    slots = {str(slot): FormField(_fields_form(spec_field.fields, context, f"{path}.{slot}", EntryForm,
                                               {"path": f"{path}.{slot}", "context": context}),
                                  label=_("第%(n)d项", n=slot + 1))
             for slot in range(spec_field.max_count)}
    return FormField(type("Slots", (SlotsForm,), {**slots, "spec_field": spec_field, "context": context}),
                     label=spec_field.label)


class StepForm(BaseForm):
    """A step. A field that waits for refused uploads (Condition.refused_at_least) is shown once enough were
    counted, this request's included: nothing else on the page changes that count. The step's check, if it
    names one, runs once every field is valid; its messages land on the fields they name."""

    spec_fields = ()
    context = None
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

    def __iter__(self):
        values = self.context.values
        return iter([self[f.name] for f in self.spec_fields if not self._offers_nothing(f) and (
            f.visible_if is None or f.visible_if.refused_at_least is None or f.visible_if.holds(values))])

    def _offers_nothing(self, spec_field):
        """An optional choice with nothing to choose (a major without extra-exam options) is not shown."""
        choices = getattr(self[spec_field.name], "choices", None)
        return not spec_field.required and choices is not None and not any(c[0] for c in choices)


def step_form(step, context):
    """The WTForms class of one step, for this candidate and working copy."""
    return _fields_form(step.fields, context, "", StepForm, {"spec_fields": step.fields, "context": context,
                                                             "check": step.check})


def values_from(spec_fields, form):
    """JSON-ready values of a validated step; blank slots of repeatable groups are left out."""
    values = {}
    for f in spec_fields:
        if f.type in FILE_TYPES or f.type in DISPLAY_TYPES:
            continue
        part = form[f.name]
        if f.type == "group" and f.repeat_for:
            values[f.name] = {key: values_from(f.fields, sub.form) for key, sub in part.form._fields.items()}
        elif f.type == "group":
            values[f.name] = {slot: values_from(f.fields, sub.form) for slot, sub in part.form._fields.items()
                              if not sub.form.is_blank()}
        else:
            values[f.name] = _plain(part.data)
        if f.type == "major":  # recorded for conditions on the level (e.g. prior education for 本科 only)
            values[f"{f.name}_level"] = Major.objects(code=values[f.name]).scalar("level").first()
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
        if f.type in FILE_TYPES:
            found += [(where, checked) for checked in getattr(form[f.name], "checked", [])]
        elif f.type == "group":
            for key, sub in form[f.name].form._fields.items():
                found += uploads_from(f.fields, sub.form, f"{where}.{key}.")
    return found


def refused_from(spec_fields, form):
    """{field name: uploads refused} of the step's top-level file fields in a validated step."""
    return {f.name: form[f.name].refused for f in spec_fields
            if f.type in FILE_TYPES and getattr(form[f.name], "refused", 0)}


def items_for(context, data):
    """The items decided one by one: the values chosen in the form's `items_from` field, with their labels."""
    spec = context.spec
    if not spec.items_from:
        return []
    labels = dict(context.with_values(data).choices_of(spec.items_from, describing=True))
    chosen = data.get(spec.items_from) or []
    return [Item(key=key, label=labels.get(key, key)) for key in (chosen if isinstance(chosen, list) else [chosen])]
