"""What changed between two versions of a form, in sentences an administrator reads: steps by their key, fields by
their name (a group's fields within the group), each attribute's old and new value in words."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.services.files import CHECK_LABELS, FORMAT_NAMES, FileRules

from . import kinds
from .checks import LABELS as STEP_CHECK_LABELS


def _number(value):
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _yes(value):
    return _("是") if value else _("否")


def _text(value):
    return value or _("（空）")


def _limit(unit=None):
    """A limit's value: 不限 when there is none, else the number, in `unit` (e.g. "%(value)s KB") where given."""
    def shown(value):
        if value is None:
            return _("不限")
        return str(unit) % {"value": _number(value)} if unit else _number(value)

    return shown


def _check(labels):
    """A check's value: what it checks (as registered), the name itself where none is registered, 无 when none."""
    return lambda value: str(labels.get(value, value)) if value else _("无")


def _quoted(values):
    return "、".join(f"“{value}”" for value in values)


class _Form:
    """One version of a form, with every field found by its path and told in words."""

    def __init__(self, spec, states):
        self.spec, self.states = spec, states
        self.fields = {}  # path -> (field, where: ("step", step key) or ("group", group's path))
        for step in spec.steps:
            self._walk(step.fields, "", ("step", step.key))

    def _walk(self, fields, prefix, where):
        for f in fields:
            self.fields[prefix + f.name] = (f, where)
            self._walk(f.fields, f"{prefix}{f.name}.", ("group", prefix + f.name))

    def where(self, where):
        kind, key = where
        if kind == "step":
            return _("步骤“%(step)s”", step=self.spec.step(key).title)
        return _("分组“%(group)s”", group=self.fields[key][0].label)

    def _named(self, name):
        return next((f for f, _where in self.fields.values() if f.name == name), None)

    def label(self, name):
        """The label of the field named `name` (a condition's, a repeat's or a source's): the name itself when the
        form has no such field, 无 when there is no name."""
        if not name:
            return _("无")
        found = self._named(name)
        return found.label if found else name

    def value(self, name, value):
        """A value of the field named `name`, by its choice's label where it has one."""
        if isinstance(value, bool):
            return _yes(value)
        if value is None:
            return _("（空）")
        found = self._named(name)
        return {str(c[0]): c[1] for c in (found.choices if found else ())}.get(str(value), str(value))

    def condition(self, condition):
        if condition is None:
            return _("无")
        field = self.label(condition.field)
        if condition.refused_at_least is not None:
            return _("“%(field)s”已有 %(count)d 次上传未通过", field=field, count=condition.refused_at_least)
        if condition.any_of:
            return _("“%(field)s”为%(values)s之一", field=field,
                     values=_quoted(self.value(condition.field, value) for value in condition.any_of))
        return _("“%(field)s”为“%(value)s”", field=field, value=self.value(condition.field, condition.equals))

    def step_states(self, states):
        return "、".join(self.states.get(state, state) for state in states) or _("不限")


def _plain(shown):
    return lambda form, value: shown(value)


# A field's attributes compared one by one: (name, what it is called, how a version reads its value).
_FIELD = (
    ("type", _l("类型"), _plain(kinds.label)),
    ("help", _l("说明文字"), _plain(_text)),
    ("required", _l("必填"), _plain(_yes)),
    ("required_if", _l("必填条件"), _Form.condition),
    ("visible_if", _l("显示条件"), _Form.condition),
    ("min_length", _l("最少字数"), _plain(_limit())),
    ("max_length", _l("最多字数"), _plain(_limit())),
    ("pattern", _l("格式规则"), _plain(_text)),
    ("pattern_message", _l("格式不符时的提示"), _plain(_text)),
    ("min_value", _l("最小值"), _plain(_limit())),
    ("max_value", _l("最大值"), _plain(_limit())),
    ("repeat_for", _l("按哪个字段的选择重复"), _Form.label),
    ("min_count", _l("最少条数"), _plain(_number)),
    ("max_count", _l("最多条数"), _plain(_number)),
    ("source", _l("专业来源字段"), _Form.label),
)
_PIXELS = _l("%(value)s 像素")
_RULES = (
    ("formats", _l("文件格式"), lambda value: "、".join(FORMAT_NAMES.get(f, f) for f in value)),
    ("min_kb", _l("最小大小"), _limit("%(value)s KB")),
    ("max_kb", _l("最大大小"), _limit("%(value)s KB")),
    ("max_count", _l("最多文件数"), _limit()),
    ("min_width", _l("最小宽度"), _limit(_PIXELS)),
    ("max_width", _l("最大宽度"), _limit(_PIXELS)),
    ("min_height", _l("最小高度"), _limit(_PIXELS)),
    ("max_height", _l("最大高度"), _limit(_PIXELS)),
    ("check", _l("内容检查"), _check(CHECK_LABELS)),
)


def changes(old, new, states=None):
    """What changed from the FormSpec `old` to `new`, one sentence each; `states` labels the workflow states a step
    names ({state: label})."""
    before, after = _Form(old, states or {}), _Form(new, states or {})
    found = []
    if old.title != new.title:
        found.append(_("表单名称：%(old)s → %(new)s", old=old.title, new=new.title))
    found += _steps(before, after)
    found += _fields(before, after)
    if old.items_from != new.items_from:
        found.append(_("逐项审核所依据的字段：%(old)s → %(new)s", old=before.label(old.items_from),
                       new=after.label(new.items_from)))
    return found


def _order(where, old, new):
    """The sentence saying that what both versions hold comes in another order, if it does; `old` and `new` are each
    version's (key, name) pairs, in their order."""
    both = dict(old).keys() & dict(new).keys()
    was, now = [pair for pair in old if pair[0] in both], [pair for pair in new if pair[0] in both]
    if [key for key, _name in was] == [key for key, _name in now]:
        return []
    return [_("%(where)s顺序：%(old)s → %(new)s", where=where, old="、".join(name for _key, name in was),
              new="、".join(name for _key, name in now))]


def _steps(before, after):
    old, new = {s.key: s for s in before.spec.steps}, {s.key: s for s in after.spec.steps}
    found = [_("新增步骤“%(step)s”", step=s.title) for key, s in new.items() if key not in old]
    found += [_("删除步骤“%(step)s”", step=s.title) for key, s in old.items() if key not in new]
    for key in [key for key in new if key in old]:
        was, now = old[key], new[key]
        if was.title != now.title:
            found.append(_("步骤“%(old)s”改名为“%(new)s”", old=was.title, new=now.title))
        if was.states != now.states:
            found.append(_("步骤“%(step)s”的开放状态：%(old)s → %(new)s", step=now.title,
                           old=before.step_states(was.states), new=after.step_states(now.states)))
        if was.check != now.check:
            found.append(_("步骤“%(step)s”的检查：%(old)s → %(new)s", step=now.title,
                           old=_check(STEP_CHECK_LABELS)(was.check), new=_check(STEP_CHECK_LABELS)(now.check)))
    return found + _order(_("步骤"), *([(key, s.title) for key, s in steps.items()] for steps in (old, new)))


def _about(f):
    return "，".join((f.name, kinds.label(f.type), _("必填") if f.required else _("选填")))


def _fields(before, after):
    found = []
    for path, (f, where) in after.fields.items():
        if path not in before.fields:
            found.append(_("%(where)s新增字段“%(field)s”（%(about)s）", where=after.where(where), field=f.label,
                           about=_about(f)))
            continue
        was, was_where = before.fields[path]
        if was.label != f.label:
            found.append(_("字段“%(old)s”改名为“%(new)s”", old=was.label, new=f.label))
        if was_where != where:
            found.append(_("字段“%(field)s”移到%(where)s", field=f.label, where=after.where(where)))
        found += _attributes(before, after, was, f)
    found += [_("%(where)s删除字段“%(field)s”（%(name)s）", where=before.where(where), field=f.label, name=f.name)
              for path, (f, where) in before.fields.items() if path not in after.fields]
    for where in dict.fromkeys(where for _f, where in after.fields.values()):
        found += _order(_("%(where)s的字段", where=after.where(where)),
                        *([(path, f.label) for path, (f, at) in form.fields.items() if at == where]
                          for form in (before, after)))
    return found


def _attributes(before, after, was, now):
    """The sentences saying how the field `was` (of `before`) became `now` (of `after`)."""
    found = []
    for name, what, shown in _FIELD:
        if getattr(was, name) != getattr(now, name):
            found.append(_("字段“%(field)s”的%(what)s：%(old)s → %(new)s", field=now.label, what=what,
                           old=shown(before, getattr(was, name)), new=shown(after, getattr(now, name))))
    found += _choices(now.label, was.choices, now.choices)
    old_rules, new_rules = was.rules or FileRules(), now.rules or FileRules()
    for name, what, shown in _RULES:
        if getattr(old_rules, name) != getattr(new_rules, name):
            found.append(_("字段“%(field)s”的%(what)s：%(old)s → %(new)s", field=now.label, what=what,
                           old=shown(getattr(old_rules, name)), new=shown(getattr(new_rules, name))))
    return found


def _choices(field, old, new):
    was, now = {c[0]: c[1] for c in old}, {c[0]: c[1] for c in new}
    found = []
    added = [label for value, label in now.items() if value not in was]
    removed = [label for value, label in was.items() if value not in now]
    if added:
        found.append(_("字段“%(field)s”新增选项%(choices)s", field=field, choices=_quoted(added)))
    if removed:
        found.append(_("字段“%(field)s”删除选项%(choices)s", field=field, choices=_quoted(removed)))
    found += [_("字段“%(field)s”的选项“%(old)s”改为“%(new)s”", field=field, old=was[value], new=label)
              for value, label in now.items() if value in was and was[value] != label]
    return found + _order(_("字段“%(field)s”的选项", field=field), list(was.items()), list(now.items()))
