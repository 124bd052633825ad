"""Form definitions as data: steps of fields, file rules, conditions, repeatable groups."""
import dataclasses
import re
from dataclasses import dataclass
from dataclasses import field as attribute

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.services.definitions import english_of, expect, texts, unsafe_key, unsafe_key_problem
from app.wording import Worded, bracketed, in_locale

from app.services.files import CHECKS, LIMIT_LABELS, FileRules

from . import kinds
from .checks import STEP_CHECKS

# A step's key and a field's name: they name answers, pages and inputs.
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
# The entries a repeatable group may offer, times those of the groups around it: each is drawn on the candidate's page.
MAX_ENTRIES = 50

# The shapes of the fields a candidate answers by choosing, whose chosen values may be decided one by one (items_from).
CHOOSING = ("choice", "choices")

# The English a definition may carry beside its Chinese texts (Field.en, Step.en, FormSpec.en), with the longest
# each may be; a field's choices are {value: English label}.
ENGLISH = {"label": 200, "help": 2000, "pattern_message": 200, "title": 200}
FIELD_ENGLISH = ("label", "help", "pattern_message", "choices")
# What the form builder calls each of those texts.
ENGLISH_NAMES = {"label": _l("名称"), "help": _l("说明"), "pattern_message": _l("格式不符时的提示"), "title": _l("标题"),
                 "choices": _l("可选项")}

# The working-copy entry counting, per file field, the uploads refused so far: {field name: count}.
REFUSED_UPLOADS = "refused_uploads"


@dataclass(frozen=True)
class Condition:
    """True when the sibling field `field` holds `equals` (or one of `any_of`); with `refused_at_least`, when
    that many uploads to the file field `field` have been refused on this draft (e.g. offer another way after
    three refused photos)."""

    field: str
    equals: object = None
    any_of: tuple = ()
    refused_at_least: int | None = None

    @classmethod
    def from_data(cls, data):
        data = expect(data, dict, "condition")
        refused = data.get("refused_at_least")
        return cls(expect(data["field"], str, "field"), data.get("equals"), tuple(data.get("any_of", ())),
                   None if refused is None else expect(refused, int, "refused_at_least"))

    def to_data(self):
        data = {"field": self.field}
        if self.refused_at_least is not None:
            data["refused_at_least"] = self.refused_at_least
        elif self.any_of:
            data["any_of"] = list(self.any_of)
        else:
            data["equals"] = self.equals
        return data

    def holds(self, values):
        if self.refused_at_least is not None:
            return (values.get(REFUSED_UPLOADS) or {}).get(self.field, 0) >= self.refused_at_least
        value = values.get(self.field)
        if self.any_of:
            return value in self.any_of or (isinstance(value, list) and bool(set(value) & set(self.any_of)))
        return value == self.equals


@dataclass(frozen=True)
class Field(Worded):
    name: str
    type: str
    label: str
    help: str = ""
    required: bool = False
    choices: tuple = ()  # (value, label) pairs for select / multiselect
    max_length: int | None = None
    min_length: int | None = None
    pattern: str | None = None  # a regular expression a text answer must match, with the message shown if not
    pattern_message: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    rules: FileRules | None = None
    required_if: Condition | None = None
    visible_if: Condition | None = None
    fields: tuple = ()  # for a group
    repeat_for: str | None = None  # a group repeated once per value chosen in this sibling field
    min_count: int = 1  # for a repeatable group without repeat_for
    max_count: int = 1
    source: str | None = None  # course_picker: the sibling field holding the major
    en: dict = attribute(default_factory=dict, hash=False)  # English texts: label, help, pattern_message, choices

    @classmethod
    def from_data(cls, data):
        data = dict(expect(data, dict, "field"))
        for name in ("name", "type", "label"):
            expect(data.get(name), str, name)
        for name in ("help", "repeat_for", "source", "pattern", "pattern_message"):
            if data.get(name) is not None:
                expect(data[name], str, name)
        for name in ("max_length", "min_length", "min_count", "max_count"):
            if data.get(name) is not None:
                expect(data[name], int, name)
        for name in ("min_value", "max_value"):
            if data.get(name) is not None:
                expect(data[name], (int, float), name)
        data["choices"] = tuple(tuple(c) if isinstance(c, (list, tuple)) else (c, c) for c in data.get("choices", ()))
        for name in ("required_if", "visible_if"):
            if data.get(name):
                data[name] = Condition.from_data(data[name])
        if data.get("rules") is not None or _shape(data.get("type")) == "file":
            data["rules"] = FileRules.from_data(data.get("rules"))
        data["fields"] = tuple(cls.from_data(f) for f in data.get("fields", ()))
        data["en"] = english_of(data)
        return cls(**data)

    def to_data(self):
        data = {"name": self.name, "type": self.type, "label": self.label}
        defaults = Field(self.name, self.type, self.label)
        for name in ("help", "required", "max_length", "min_length", "pattern", "pattern_message", "min_value", "max_value",
                     "repeat_for", "min_count", "max_count", "source"):
            if getattr(self, name) != getattr(defaults, name):
                data[name] = getattr(self, name)
        if self.choices:
            data["choices"] = [list(c) for c in self.choices]
        for name in ("rules", "required_if", "visible_if"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name).to_data()
        if self.fields:
            data["fields"] = [f.to_data() for f in self.fields]
        if self.en:
            data["en"] = dict(self.en)
        return data

    def choice_label(self, value, label):
        """The label of the choice `value` (whose Chinese is `label`) in the page's language."""
        return in_locale(label, (self.en.get("choices") or {}).get(value))

    def visible(self, values):
        return self.visible_if is None or self.visible_if.holds(values)

    def is_required(self, values):
        return self.visible(values) and (self.required or (self.required_if is not None
                                                           and self.required_if.holds(values)))


@dataclass(frozen=True)
class Step(Worded):
    """A page of fields. `states` names the workflow states in which the step is shown, editable and
    required (e.g. a stamped form uploaded after the first submit); empty means every state. `check` names a
    step check in forms.checks.STEP_CHECKS, for what the step's fields only say together (e.g. the plan audit)."""

    key: str
    title: str
    fields: tuple
    states: tuple = ()
    check: str | None = None
    en: dict = attribute(default_factory=dict, hash=False)  # English texts: title

    @classmethod
    def from_data(cls, data):
        return cls(expect(data["key"], str, "key"), expect(data["title"], str, "title"),
                   tuple(Field.from_data(f) for f in expect(data["fields"], list, "fields")),
                   texts(data.get("states", []), "states"), data.get("check") and expect(data["check"], str, "check"),
                   english_of(data))

    def to_data(self):
        data = {"key": self.key, "title": self.title, "fields": [f.to_data() for f in self.fields]}
        if self.states:
            data["states"] = list(self.states)
        if self.check:
            data["check"] = self.check
        if self.en:
            data["en"] = dict(self.en)
        return data

    def shown(self, values):
        """Whether any field of the step is visible with these values (a step of hidden fields is skipped)."""
        return any(f.visible(values) for f in self.fields)

    def open_in(self, state):
        """Whether the step is shown and editable in `state` (None: any state)."""
        return not self.states or state is None or state in self.states


@dataclass(frozen=True)
class FormSpec(Worded):
    """A form in steps. `items_from` names the field whose chosen values are decided one by one."""

    key: str
    title: str
    steps: tuple
    items_from: str | None = None
    en: dict = attribute(default_factory=dict, hash=False)  # English texts: title

    @classmethod
    def from_data(cls, data):
        return cls(expect(data["key"], str, "key"), expect(data.get("title", data["key"]), str, "title"),
                   tuple(Step.from_data(s) for s in expect(data["steps"], list, "steps")),
                   data.get("items_from") and expect(data["items_from"], str, "items_from"),
                   english_of(data))

    def to_data(self):
        data = {"key": self.key, "title": self.title, "steps": [s.to_data() for s in self.steps]}
        if self.items_from:
            data["items_from"] = self.items_from
        if self.en:
            data["en"] = dict(self.en)
        return data

    def with_english(self, title=None, steps=None, fields=None):
        """This form with English beside its texts: `title`, step titles by key, and each field's `en` by its name,
        or by its path ("group.name") where a name means different things in different groups."""
        def worded(spec_field, path):
            nested = tuple(worded(f, f"{path}.{f.name}") for f in spec_field.fields)
            given = (fields or {}).get(path) or (fields or {}).get(spec_field.name) or {}
            return dataclasses.replace(spec_field, fields=nested, en={**spec_field.en, **given})

        made = tuple(dataclasses.replace(step, fields=tuple(worded(f, f.name) for f in step.fields),
                                         en={**step.en, **({"title": steps[step.key]} if step.key in (steps or {})
                                                           else {})})
                     for step in self.steps)
        return dataclasses.replace(self, steps=made, en={**self.en, **({"title": title} if title else {})})

    def step(self, key):
        return next((s for s in self.steps if s.key == key), None)

    def steps_open(self, state=None):
        """The steps shown and editable in `state` (every step when None)."""
        return [s for s in self.steps if s.open_in(state)]

    def all_fields(self):
        return [f for s in self.steps for f in s.fields]

    def field(self, name):
        return next((f for f in self.all_fields() if f.name == name), None)

    def missing(self, data, attachments, state=None, steps=None):
        """Labels of required fields left empty: of `steps`, else of the steps open in `state`, or of the whole
        form."""
        counts = {}
        for attachment in attachments or ():
            counts[attachment.field] = counts.get(attachment.field, 0) + 1
        found = []
        steps = self.steps_open(state) if steps is None else steps
        _collect_missing([f for s in steps for f in s.fields], data or {}, "", counts, found)
        return list(dict.fromkeys(found))

    def problems(self):
        return [message for _where, message in self.problems_at()]

    def problems_at(self):
        """(where, message) of each problem: `where` is the path of the row it concerns, "s<step>" or
        "s<step>.f<field>[.f<field>…]" by position, or None for the form as a whole."""
        found = []
        names = [f.name for f in self.all_fields()]
        paths = [f"s{i}.f{j}" for i, step in enumerate(self.steps) for j in range(len(step.fields))]
        for name in sorted({n for n in names if names.count(n) > 1}):
            second = [path for path, named in zip(paths, names, strict=True) if named == name][1]
            found.append((second, _("字段名 %(name)s 重复。", name=name)))
        keys = [step.key for step in self.steps]
        for i, key in enumerate(keys):
            if key in keys[:i]:
                found.append((f"s{i}", _("步骤代码 %(key)s 重复。", key=key)))
            if not NAME.match(key):
                found.append((f"s{i}", _("步骤代码“%(key)s”须以字母开头，只含字母、数字和下划线，最多40个。", key=key)))
        if self.items_from and self.items_from not in names:
            found.append((None, _("逐项审核所依据的字段 %(name)s 不存在。", name=self.items_from)))
        elif self.items_from and _shape(self.field(self.items_from).type) not in CHOOSING:
            found.append((None, _("逐项审核所依据的字段 %(name)s 须是考生从可选项中选择的字段（如课程）。",
                                  name=self.items_from)))
        if not self.steps:
            found.append((None, _("表单至少需要一个步骤。")))
        found += [(None, problem) for problem in english_problems(self.en, ("title",), _("表单"))]
        # Some answers keep a value beside them (a major its level as "<name>_level"), for conditions.
        top_level = set(names) | {f"{f.name}{suffix}" for f in self.all_fields() if f.type in kinds.KINDS
                                  for suffix in kinds.of(f).recorded}
        for i, step in enumerate(self.steps):
            found += [(f"s{i}", problem) for problem in english_problems(step.en, ("title",), step.title)]
            if step.check and step.check not in STEP_CHECKS:
                found.append((f"s{i}", _("步骤“%(step)s”使用了未知的检查 %(name)s。", step=step.title, name=step.check)))
            _field_problems(step.fields, found, top_level, f"s{i}")
        return found


def _field_problems(fields, found, top_level, at, entries=1):
    """Append (path, problem) of these fields; conditions and sources may name a sibling or any top-level field.
    `entries` is how many times the groups around them repeat them."""
    siblings = {f.name for f in fields} | top_level
    for j, f in enumerate(fields):
        where, path = f"{f.label}（{f.name}）", f"{at}.f{j}"

        def problem(message, path=path):
            found.append((path, message))

        # A field's name, and each choice of the sibling a group repeats for, are keys of the stored answers.
        source = next((s for s in fields if s.name == f.repeat_for), None)
        for key in [f.name, *(value for value, _label in (source.choices if source else ()))]:
            if unsafe_key(key):
                problem(unsafe_key_problem(key))
        if not NAME.match(f.name) and not unsafe_key(f.name):
            problem(_("%(where)s 的字段代码须以字母开头，只含字母、数字和下划线，最多40个。", where=where))
        for message in english_problems(f.en, FIELD_ENGLISH, where):
            problem(message)
        if not isinstance(f.required, bool):
            problem(_("%(where)s 的“必填”须为 true 或 false。", where=where))
        if f.type not in kinds.KINDS:
            problem(_("%(where)s 的类型 %(type)s 不受支持（可用的类型：%(known)s）。", where=where, type=f.type,
                      known="、".join(sorted(kinds.KINDS))))
            continue
        kind = kinds.of(f)
        if kind.own_choices and not f.choices:
            problem(_("%(where)s 需要可选项。", where=where))
        if kind.shape == "file":
            for fmt in f.rules.formats:
                if fmt not in kind.formats:
                    problem(_("%(where)s 的文件格式 %(format)s 不受支持。", where=where, format=fmt))
            for name in ("min_kb", "max_kb", "max_count", "min_width", "max_width", "min_height", "max_height"):
                if getattr(f.rules, name) is not None and getattr(f.rules, name) < 1:
                    problem(_("%(where)s 的文件规则 %(name)s 须为正整数。", where=where, name=LIMIT_LABELS[name]))
            if f.rules.min_kb and f.rules.max_kb and f.rules.min_kb > f.rules.max_kb:
                problem(_("%(where)s 的最小大小大于最大大小。", where=where))
            if f.rules.check and f.rules.check not in CHECKS:
                problem(_("%(where)s 使用了未知的文件检查 %(name)s。", where=where, name=f.rules.check))
        for condition in (f.required_if, f.visible_if):
            if condition is not None and condition.field not in siblings:
                problem(_("%(where)s 的条件引用了不存在的字段 %(name)s。", where=where, name=condition.field))
        if f.min_length and f.max_length and f.min_length > f.max_length:
            problem(_("%(where)s 的最少字数大于最多字数。", where=where))
        if f.pattern is not None:
            try:
                re.compile(f.pattern)
            except re.error:
                problem(_("%(where)s 的格式规则不是有效的正则表达式。", where=where))
        if f.repeat_for and f.repeat_for not in siblings:
            problem(_("%(where)s 按不存在的字段 %(name)s 重复。", where=where, name=f.repeat_for))
        if f.source and f.source not in siblings:
            problem(_("%(where)s 的专业来源字段 %(name)s 不存在。", where=where, name=f.source))
        if f.type == "group":
            if not f.fields:
                problem(_("%(where)s 是空的分组。", where=where))
            if f.min_count > f.max_count:
                problem(_("%(where)s 的最少条数大于最多条数。", where=where))
            repeated = entries * (1 if f.repeat_for else f.max_count)
            if repeated > MAX_ENTRIES:
                problem(_("%(where)s 的最多条数不能超过 %(max)d（分组在另一分组中时，按各层最多条数的乘积计）。",
                          where=where, max=MAX_ENTRIES))
            _field_problems(f.fields, found, top_level, path, repeated)


def english_problems(en, allowed, where):
    """Why the English texts `en` of a definition's part named `where` cannot be kept: keys other than `allowed`,
    texts that are not text or too long."""
    found = []
    for key in sorted(set(en) - set(allowed), key=str):
        found.append(_("%(where)s 的英文设置中没有 %(name)s 这一项（可用的有：%(known)s）。", where=where, name=key,
                       known="、".join(allowed)))
    for key in sorted(set(en) & set(allowed) & set(ENGLISH)):
        if not isinstance(en[key], str):
            found.append(_("%(where)s 的英文%(name)s须为文字。", where=where, name=ENGLISH_NAMES[key]))
        elif len(en[key]) > ENGLISH[key]:
            found.append(_("%(where)s 的英文%(name)s不能超过 %(max)d 个字符。", where=where, name=ENGLISH_NAMES[key],
                           max=ENGLISH[key]))
    if "choices" in en and "choices" in allowed:
        labels = en["choices"]
        if not isinstance(labels, dict) or not all(isinstance(text, str) for text in labels.values()):
            found.append(_("%(where)s 的可选项英文须为“代码: 英文”的对应。", where=where))
        else:  # English for a choice no longer offered is never shown
            for value in [value for value, text in labels.items() if len(text) > ENGLISH["label"]]:
                found.append(_("%(where)s 可选项 %(value)s 的英文不能超过 %(max)d 个字符。", where=where,
                               value=value, max=ENGLISH["label"]))
    return found


def _shape(kind_name):
    kind = kinds.KINDS.get(kind_name)
    return kind.shape if kind else None


def hidden(fields, values):
    """The names of `fields` their conditions hide with these values; a hidden field counts as unanswered, so a field
    shown by a hidden one's answer is hidden too."""
    values, found = dict(values), set()
    while True:
        more = {f.name for f in fields if f.name not in found and not f.visible(values)}
        if not more:
            return found
        found |= more
        values.update(dict.fromkeys(more))


def is_empty(value):
    """Nothing given: None, blanks (spaces of any width included), or an empty choice."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == [] or value == {} or value is False


def _collect_missing(fields, values, prefix, counts, found, suffix=""):
    """Append the labels of required fields left empty; `suffix` names the choice an entry belongs to."""
    for f in fields:
        if not f.visible(values):
            continue
        path = f"{prefix}{f.name}"
        if f.type == "group":
            if f.repeat_for:
                chosen = values.get(f.repeat_for) or []
                group = values.get(f.name) or {}
                for key in chosen if isinstance(chosen, list) else [chosen]:
                    if group.get(key) is None:
                        found.append(f.text("label") + bracketed(key))
                    else:
                        _collect_missing(f.fields, group[key], f"{path}.{key}.", counts, found, bracketed(key))
            else:
                slots = values.get(f.name) or {}
                if f.is_required(values) and len(slots) < f.min_count:
                    found.append(f.text("label") + suffix)
                for slot, entry in slots.items():
                    _collect_missing(f.fields, entry or {}, f"{path}.{slot}.", counts, found, suffix)
        elif _shape(f.type) == "file":
            if f.is_required(values) and not counts.get(path):
                found.append(f.text("label") + suffix)
        elif f.is_required(values) and is_empty(values.get(f.name)):
            found.append(f.text("label") + suffix)

