"""The form builder's rows: a form definition read from the posted rows of its page, and the row actions (add, move,
remove) applied to it.

Every row is named by its path: "s<i>" a step, "s<i>.f<j>" a field of it, "s<i>.f<j>.f<k>" a field of a group.
An input is "<path>.<attribute>". The rows are the definition: what the page posts is all there is, so nothing is
kept between requests until the definition is saved as a new version.
"""
import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.services import files
from forms import kinds

MAX_ROWS = 200  # fields of one step or group, and steps of a form: more is not a form anyone fills in
MAX_DEPTH = 3  # groups within groups
PATH = re.compile(r"^s\d{1,3}(\.f\d{1,3}){0," + str(MAX_DEPTH + 1) + "}$")

TEXT_LIMITS = ("min_length", "max_length")
NUMBER_LIMITS = ("min_value", "max_value")
FILE_LIMITS = ("min_kb", "max_kb", "min_width", "max_width", "min_height", "max_height")
# A condition: shown (visible_if) or required (required_if) when another field holds a value.
CONDITIONS = (("visible_if", "show"), ("required_if", "need"))
EQUALS, ANY_OF, REFUSED = "equals", "any_of", "refused_at_least"
OPERATORS = ((EQUALS, _l("等于")), (ANY_OF, _l("是其中之一")), (REFUSED, _l("被退回的上传至少（次）")))
# What each limit is called, by the name of its input ("file_count": a file rule's max_count).
LIMIT_LABELS = {"min_length": _l("最少字数"), "max_length": _l("最多字数"), "min_value": _l("最小值"),
                "max_value": _l("最大值"), **{name: files.LIMIT_LABELS[name] for name in FILE_LIMITS},
                "file_count": files.LIMIT_LABELS["max_count"], "min_count": _l("最少条数"), "max_count": _l("最多条数")}
# The texts of a field an administrator may give in English beside the Chinese (forms/spec.py, Field.en).
ENGLISH_TEXTS = ("label", "help", "pattern_message")
_SPLIT = re.compile(r"[\n、,，;；]+")


class Rows:
    """The rows of one POST (a werkzeug MultiDict) read into a definition body, with what could not be read, by
    row path: {path or None: [message]}."""

    def __init__(self, posted, key):
        self.posted = posted
        self.unread = {}
        self.incomplete = False  # a row lacks a text every row must have: the definition is not read further
        self.body = {"key": key, "title": self._text("title") or key, "steps": [
            self._step(path) for path in self._children("s")]}
        items_from = self._text("items_from")
        if items_from:
            self.body["items_from"] = items_from
        self._english(self.body, "", ("title",))
        _tick_conditions(self.body)

    def _children(self, prefix):
        """The paths of the rows directly under `prefix` ("s" for the steps, a path + ".f" for fields), in order."""
        pattern = re.compile("^(" + re.escape(prefix) + r"\d{1,3})\.")
        found = {int(m.group(1)[len(prefix):]): m.group(1) for m in map(pattern.match, self.posted) if m}
        return [found[index] for index in sorted(found)][:MAX_ROWS]

    def _text(self, name):
        return (self.posted.get(name) or "").strip()

    def _problem(self, path, message):
        self.unread.setdefault(path, []).append(message)

    def _required(self, path, name, message):
        typed = self._text(f"{path}.{name}")
        if not typed:
            self.incomplete = True
            self._problem(path, message)
        return typed

    def _number(self, path, name, integer=True):
        """The number typed in `<path>.<name>`, or None when blank; a problem on the row when it is not one."""
        typed = self._text(f"{path}.{name}")
        if not typed:
            return None
        try:
            return int(typed) if integer else _plain_number(typed)
        except ValueError:
            self._problem(path, _("%(what)s“%(typed)s”不是%(kind)s。", what=LIMIT_LABELS[name], typed=typed,
                                  kind=_("整数") if integer else _("数字")))
            return None

    def _step(self, path):
        step = {"key": self._required(path, "key", _("请填写步骤代码。")),
                "title": self._required(path, "title", _("请填写步骤名称。")), "fields": self._fields(path)}
        states = [state for state in self.posted.getlist(f"{path}.states") if state.strip()]
        if states:
            step["states"] = states
        if self._text(f"{path}.check"):
            step["check"] = self._text(f"{path}.check")
        self._english(step, f"{path}.", ("title",))
        return step

    def _fields(self, path):
        depth = path.count(".f")
        return [self._field(child) for child in self._children(f"{path}.f")] if depth <= MAX_DEPTH else []

    def _field(self, path):
        kind_name = self._required(path, "type", _("请选择字段类型。"))
        field = {"name": self._required(path, "name", _("请填写字段代码。")), "type": kind_name,
                 "label": self._required(path, "label", _("请填写字段名称。"))}
        if self._text(f"{path}.help"):
            field["help"] = self._text(f"{path}.help")
        if self.posted.get(f"{path}.required"):
            field["required"] = True
        kind = kinds.KINDS.get(kind_name)
        shape = kind.shape if kind else None
        if kind is not None and kind.own_choices:
            field["choices"] = self._choices(path)
        if shape in ("text", "textarea"):
            for name in TEXT_LIMITS:
                self._set(field, name, self._number(path, name))
        if shape in ("text", "textarea") and self._text(f"{path}.pattern"):
            field["pattern"] = self._text(f"{path}.pattern")
            self._set(field, "pattern_message", self._text(f"{path}.pattern_message") or None)
        if shape == "number":
            for name in NUMBER_LIMITS:
                self._set(field, name, self._number(path, name, integer=False))
        if shape == "file":
            field["rules"] = self._file_rules(path, kind)
        if shape == "group":
            field["fields"] = self._fields(path)
            for name in ("min_count", "max_count"):
                self._set(field, name, self._number(path, name))
            self._set(field, "repeat_for", self._text(f"{path}.repeat_for") or None)
        if kind_name == "course_picker":
            self._set(field, "source", self._text(f"{path}.source") or None)
        for attribute, prefix in CONDITIONS:
            self._set(field, attribute, self._condition(path, prefix))
        self._english(field, f"{path}.", ENGLISH_TEXTS)
        return field

    def _english(self, row, prefix, names):
        """The row's English texts (inputs "<prefix><name>_en"), kept as its `en` when any is typed; a field's
        choices a line each as "code=English"."""
        en = {name: self._text(f"{prefix}{name}_en") for name in names if self._text(f"{prefix}{name}_en")}
        labels = {}
        for line in (self.posted.get(f"{prefix}choices_en") or "").splitlines() if "choices" in row else ():
            value, _sep, text = line.partition("=")
            if value.strip() and text.strip():
                labels[value.strip()] = text.strip()
        if labels:
            en["choices"] = labels
        if en:
            row["en"] = en

    @staticmethod
    def _set(data, name, value):
        if value is not None:
            data[name] = value

    def _choices(self, path):
        """A line each: "value" or "value=label"."""
        choices = []
        for line in (self.posted.get(f"{path}.choices") or "").splitlines():
            value, _sep, label = line.partition("=")
            if value.strip():
                choices.append([value.strip(), label.strip() or value.strip()])
        return choices

    def _file_rules(self, path, kind):
        rules = {"formats": [f for f in self.posted.getlist(f"{path}.formats") if f in kind.formats]
                 or list(kind.formats[:2])}
        for name in FILE_LIMITS:
            self._set(rules, name, self._number(path, name))
        self._set(rules, "max_count", self._number(path, "file_count"))
        self._set(rules, "check", self._text(f"{path}.file_check") or None)
        return rules

    def _condition(self, path, prefix):
        on, operator = self._text(f"{path}.{prefix}_field"), self._text(f"{path}.{prefix}_op")
        typed = self._text(f"{path}.{prefix}_value")
        if not on:
            return None
        if operator == REFUSED:
            try:
                return {"field": on, REFUSED: int(typed)}
            except ValueError:
                self._problem(path, _("条件中“被退回的上传至少”后须填写次数（整数）。"))
                return None
        values = [part.strip() for part in _SPLIT.split(typed) if part.strip()] if operator == ANY_OF else [typed]
        if self._shape_of(on) == "number":  # the answer is kept as a number, so the condition compares numbers
            try:
                values = [_plain_number(value) for value in values]
            except ValueError:
                self._problem(path, _("条件所依据的字段是数字，值须填写数字。"))
                return None
        return {"field": on, ANY_OF: values} if operator == ANY_OF else {"field": on, EQUALS: values[0]}

    def _shape_of(self, name):
        """The shape of the field the page names `name`, or None when no row names it or its type is unknown."""
        for key, value in self.posted.items():
            if key.endswith(".name") and value.strip() == name:
                kind = kinds.KINDS.get(self._text(key[:-len("name")] + "type"))
                return kind.shape if kind else None
        return None


def _tick_conditions(body):
    """A condition on a tick holds while it is ticked (是) or while it is not (否: never answered, or unticked)."""
    fields = list(every_field(body))
    ticks = {field["name"] for field in fields if field.get("type") in kinds.KINDS
             and kinds.KINDS[field["type"]].shape == "boolean"}
    for field in fields:
        for attribute, _prefix in CONDITIONS:
            condition = field.get(attribute)
            if condition and REFUSED not in condition and condition["field"] in ticks:
                typed = condition.pop(EQUALS, None) or "".join(condition.pop(ANY_OF, None) or ())
                condition.update({EQUALS: True} if typed in ("true", "是", "1") else {ANY_OF: [None, False]})


def shown(condition):
    """(field, operator, value as typed) of a saved condition, for its row."""
    if not condition:
        return "", EQUALS, ""
    if REFUSED in condition:
        return condition["field"], REFUSED, str(condition[REFUSED])
    if condition.get(EQUALS) is True or condition.get(EQUALS) is False:
        return condition["field"], EQUALS, _("是") if condition[EQUALS] else _("否")
    if ANY_OF in condition:
        values = condition[ANY_OF]
        if set(values) <= {None, False}:
            return condition["field"], EQUALS, _("否")
        return condition["field"], ANY_OF, "、".join(str(value) for value in values)
    return condition["field"], EQUALS, "" if condition.get(EQUALS) is None else str(condition[EQUALS])


def _plain_number(typed):
    number = float(typed)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(typed)
    return int(number) if number.is_integer() and "." not in typed else number


def every_field(body, top_only=False):
    """The fields of a body in order, those within groups after them unless `top_only`."""
    todo = [field for step in body.get("steps", ()) for field in step.get("fields", ())]
    while todo:
        field = todo.pop(0)
        yield field
        if not top_only:
            todo += field.get("fields", ())


# Row actions, on a body: each returns nothing and changes the body in place; a path that names no row does nothing.

def _rows_at(body, path):
    """(list, index) of the row `path` names, or (None, None)."""
    parts = path.split(".")
    rows, index = body.get("steps", []), int(parts[0][1:])
    for part in parts[1:]:
        if index >= len(rows):
            return None, None
        rows, index = rows[index].setdefault("fields", []), int(part[1:])
    return (rows, index) if index < len(rows) else (None, None)


def new_field(body, kind_name):
    """A field of `kind_name` with a name no other field has, ready to be filled in."""
    taken = {field.get("name") for field in every_field(body)}
    number = next(n for n in range(1, len(taken) + 2) if f"field{n}" not in taken)
    field = {"name": f"field{number}", "type": kind_name, "label": _("新字段")}
    kind = kinds.KINDS[kind_name]
    if kind.shape == "file":
        field["rules"] = {"formats": list(kind.formats[:2]), "max_kb": 1024, "max_count": 1}
    if kind.own_choices:
        field["choices"] = [["1", _("选项一")], ["2", _("选项二")]]
    if kind.shape == "group":
        field["fields"] = [{"name": "item", "type": "text", "label": _("新字段")}]
    return field


def act(body, action, posted):
    """Apply the row action `action` ("add_step", "add_field:<path>", "up:<path>", "down:<path>",
    "remove:<path>") to the body; returns the path of the row it touched, or None."""
    verb, _sep, path = action.partition(":")
    if verb == "add_step":
        steps = body.setdefault("steps", [])
        if len(steps) < MAX_ROWS:
            steps.append({"key": f"step{len(steps) + 1}", "title": _("新步骤"), "fields": []})
        return f"s{len(steps) - 1}"
    if not PATH.match(path):
        return None
    if verb == "add_field":
        kind_name = posted.get(f"{path}.new_type")
        rows, index = _rows_at(body, path)
        if kind_name not in kinds.KINDS or rows is None or path.count(".f") >= MAX_DEPTH + 1:
            return None
        holder = rows[index].setdefault("fields", [])
        if len(holder) < MAX_ROWS:
            holder.append(new_field(body, kind_name))
        return f"{path}.f{len(holder) - 1}"
    rows, index = _rows_at(body, path)
    if rows is None:
        return None
    if verb == "remove":
        rows.pop(index)
        return None
    to = index - 1 if verb == "up" else index + 1 if verb == "down" else None
    if to is None or not 0 <= to < len(rows):
        return None
    rows[index], rows[to] = rows[to], rows[index]
    return path.rsplit(".", 1)[0] + f".f{to}" if "." in path else f"s{to}"
