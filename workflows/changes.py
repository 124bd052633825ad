"""What changed between two versions of a workflow, in sentences an administrator reads: states by their key,
transitions by their event and the states they start from, told with the labels the pages use for states, events
and roles."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import roles

from .registry import EFFECT_LABELS, GUARD_LABELS, INPUT_LABELS
from .spec import STAMPS


def _yes(value):
    return _("是") if value else _("否")


def _roles(names):
    return "、".join(str(roles.LABELS.get(name, name)) for name in names)


def _states(workflow, states):
    return "、".join(workflow.state_label(state) for state in states)


def _described(labels, names):
    """Checks, follow-ups or input kinds by what they do (as registered), a name none is registered under as it is."""
    return "、".join(str(labels.get(name, name)) for name in names)


# A transition's attributes compared one by one: (name, what it is called, how a version reads its value).
_TRANSITION = (
    ("target", _l("目标状态"), lambda workflow, value: workflow.state_label(value)),
    ("by", _l("办理角色"), lambda workflow, value: _roles(value)),
    ("comment_required", _l("须填写理由"), lambda workflow, value: _yes(value)),
    ("stamp", _l("记录时间"), lambda workflow, value: str(STAMPS.get(value, value)) if value else _("无")),
    ("publish", _l("提交考生填写的内容"), lambda workflow, value: _yes(value)),
    ("auto", _l("系统自动办理"), lambda workflow, value: _yes(value)),
)
# A transition's lists of names: (name, what they are called, what adding some is called, what taking some away is,
# what each name does).
_NAMES = (("guards", _l("检查"), _l("新增检查"), _l("不再检查"), GUARD_LABELS),
          ("effects", _l("后续处理"), _l("新增后续处理"), _l("去掉后续处理"), EFFECT_LABELS))
_INPUT = (("label", _l("名称"), str), ("kind", _l("类型"), lambda kind: _described(INPUT_LABELS, [kind])),
          ("required", _l("必填"), _yes))


def changes(old, new):
    """What changed from the Workflow `old` to `new`, one sentence each."""
    found = []
    if old.title != new.title:
        found.append(_("流程名称：%(old)s → %(new)s", old=old.title, new=new.title))
    found += [_("新增状态“%(state)s”", state=label) + (_("（结束状态）") if state in new.final else "")
              for state, label in new.states.items() if state not in old.states]
    found += [_("删除状态“%(state)s”", state=label) for state, label in old.states.items() if state not in new.states]
    kept = [state for state in new.states if state in old.states]
    found += [_("状态“%(old)s”改名为“%(new)s”", old=old.states[state], new=new.states[state])
              for state in kept if old.states[state] != new.states[state]]
    if old.initial != new.initial:
        found.append(_("初始状态：%(old)s → %(new)s", old=old.state_label(old.initial), new=new.state_label(new.initial)))
    found += [(_("“%(state)s”成为结束状态") if state in new.final else _("“%(state)s”不再是结束状态")) % {
        "state": new.state_label(state)} for state in kept if (state in old.final) != (state in new.final)]
    both = dict.fromkeys(t.event for t in new.transitions if t.event in {t.event for t in old.transitions})
    found += [_("操作“%(old)s”改名为“%(new)s”", old=old.event_label(event), new=new.event_label(event))
              for event in both if old.event_label(event) != new.event_label(event)]
    return found + _transitions(old, new)


def _keyed(workflow):
    """{(event, the states it starts from, n): transition}, n counting the transitions before it with both the same
    (a definition may give two roles one event from one state)."""
    found = {}
    for t in workflow.transitions:
        same = (t.event, frozenset(t.source))
        found[(*same, sum(key[:2] == same for key in found))] = t
    return found


def _transitions(old, new):
    """Transitions are the same one when they have the same event and start from the same states; of an event with
    one transition taken away and one added, the added one moved from other states."""
    was, now = _keyed(old), _keyed(new)
    added = {key: t for key, t in now.items() if key not in was}
    removed = {key: t for key, t in was.items() if key not in now}
    moved = {}  # the key of an added transition -> the key of the removed one it replaces
    for key in added:
        same = [gone for gone in removed if gone[0] == key[0]]
        if len(same) == 1 and sum(other[0] == key[0] for other in added) == 1:
            moved[key] = same[0]
    found = []
    for key, t in now.items():
        if key in moved:
            before = removed[moved[key]]
            found.append(_("操作%(transition)s的出发状态：%(old)s → %(new)s", transition=_named(old, before),
                           old=_states(old, before.source), new=_states(new, t.source)))
            found += _changed(old, new, before, t)
        elif key in added:
            found.append(_("新增操作%(transition)s：%(what)s", transition=_named(new, t), what=_summary(t)))
        else:
            found += _changed(old, new, was[key], t)
    return found + [_("删除操作%(transition)s", transition=_named(old, t)) for key, t in removed.items()
                    if key not in moved.values()]


def _named(workflow, t):
    return _("“%(event)s”（%(source)s → %(target)s）", event=workflow.event_label(t.event),
             source=_states(workflow, t.source), target=workflow.state_label(t.target))


def _summary(t):
    """What a new transition does, in short: who fires it, what it checks and does, and its flags."""
    parts = [_("由%(roles)s办理", roles=_roles(t.by))]
    parts += [f"{called}：{_described(labels, getattr(t, name))}" for name, called, _added, _gone, labels in _NAMES
              if getattr(t, name)]
    parts += [_("须填写理由")] if t.comment_required else []
    parts += [_("记录%(stamp)s", stamp=STAMPS.get(t.stamp, t.stamp))] if t.stamp else []
    parts += [_("提交考生填写的内容")] if t.publish else []
    parts += [_("系统自动办理")] if t.auto else []
    parts += [_("填写项“%(input)s”", input=given.label) for given in t.inputs]
    return "；".join(parts)


def _changed(old, new, was, now):
    """The sentences saying how the transition `was` (of `old`, by which they name it) became `now` (of `new`)."""
    where = _named(old, was)
    found = [_("操作%(transition)s的%(what)s：%(old)s → %(new)s", transition=where, what=what,
               old=shown(old, getattr(was, name)), new=shown(new, getattr(now, name)))
             for name, what, shown in _TRANSITION if getattr(was, name) != getattr(now, name)]
    for name, _called, added, gone, labels in _NAMES:
        before, after = getattr(was, name), getattr(now, name)
        for names, change in (([n for n in after if n not in before], added), ([n for n in before if n not in after],
                                                                               gone)):
            if names:
                found.append(_("操作%(transition)s%(change)s：%(names)s", transition=where, change=change,
                               names=_described(labels, names)))
    inputs = {given.name: given for given in was.inputs}, {given.name: given for given in now.inputs}
    found += [_("操作%(transition)s新增填写项“%(input)s”", transition=where, input=given.label)
              for name, given in inputs[1].items() if name not in inputs[0]]
    found += [_("操作%(transition)s删除填写项“%(input)s”", transition=where, input=given.label)
              for name, given in inputs[0].items() if name not in inputs[1]]
    for name in [name for name in inputs[1] if name in inputs[0]]:
        before, after = inputs[0][name], inputs[1][name]
        found += [_("操作%(transition)s的填写项“%(input)s”的%(what)s：%(old)s → %(new)s", transition=where,
                    input=after.label, what=what, old=shown(getattr(before, attribute)),
                    new=shown(getattr(after, attribute)))
                  for attribute, what, shown in _INPUT if getattr(before, attribute) != getattr(after, attribute)]
    return found
