"""Workflow definitions as data: states, transitions, and the checks a definition must pass."""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import roles
from app.models.definitions import APPROVAL, Stages
from app.services.definitions import english_of, expect, texts
from app.wording import Worded, in_locale

from . import english


# The English a workflow may carry beside its Chinese texts (Workflow.en, Input.en), with the longest each may be.
ENGLISH_LENGTH = 200


# The application time fields a transition may stamp (Transition.stamp), with what the editor calls each.
STAMPS = {"submitted_at": _l("提交时间")}


def _tuple(value):
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class Input(Worded):
    """A typed value the acting reviewer fills in for a transition, e.g. a recheck's corrected mark.

    `kind` names an input kind a type registers (its `inputs.py`, returning a workflows.inputs.Control), which
    says what a valid value is, what the application holds now, and how the review page asks for it.
    """

    name: str
    kind: str
    label: str
    required: bool = True
    en: dict = field(default_factory=dict, hash=False)  # English texts: label

    def to_data(self):
        data = {"name": self.name, "kind": self.kind, "label": self.label, "required": self.required}
        if self.en:
            data["en"] = dict(self.en)
        return data

    @classmethod
    def from_data(cls, data):
        return cls(expect(data["name"], str, "name"), expect(data["kind"], str, "kind"),
                   expect(data["label"], str, "label"), expect(data.get("required", True), bool, "required"),
                   english_of(data))


@dataclass(frozen=True)
class Transition:
    """`event` moves an application from any of `source` to `target`; `by` names the roles allowed.

    `stamp` names an application time field set when the transition fires (e.g. submitted_at);
    `publish` means the transition takes the candidate's working copy as the submitted data;
    `inputs` are the typed values the acting reviewer fills in (Input);
    `auto` means the system fires it by itself right after another transition lands in its source state, when its
    guards pass (e.g. a type without a fee skips payment), so what follows a step is always in the definition.
    """

    event: str
    source: tuple
    target: str
    by: tuple
    guards: tuple = ()
    effects: tuple = ()
    comment_required: bool = False
    stamp: str | None = None
    publish: bool = False
    inputs: tuple = ()
    auto: bool = False

    def __init__(self, event, source, target, by, guards=(), effects=(), comment_required=False, stamp=None,
                 publish=False, inputs=(), auto=False):
        for name, value in (("event", event), ("source", _tuple(source)), ("target", target), ("by", _tuple(by)),
                            ("guards", _tuple(guards)), ("effects", _tuple(effects)),
                            ("comment_required", bool(comment_required)), ("stamp", stamp),
                            ("publish", bool(publish)), ("inputs", tuple(inputs)), ("auto", bool(auto))):
            object.__setattr__(self, name, value)

    def to_data(self):
        data = {"event": self.event, "from": list(self.source), "to": self.target, "by": list(self.by)}
        for name in ("guards", "effects"):
            if getattr(self, name):
                data[name] = list(getattr(self, name))
        if self.comment_required:
            data["comment_required"] = True
        if self.stamp:
            data["stamp"] = self.stamp
        if self.publish:
            data["publish"] = True
        if self.inputs:
            data["inputs"] = [given.to_data() for given in self.inputs]
        if self.auto:
            data["auto"] = True
        return data

    @classmethod
    def from_data(cls, data):
        return cls(expect(data["event"], str, "event"), texts(data["from"], "from"), expect(data["to"], str, "to"),
                   texts(data["by"], "by"), texts(data.get("guards", []), "guards"),
                   texts(data.get("effects", []), "effects"), expect(data.get("comment_required", False), bool,
                                                                     "comment_required"),
                   data.get("stamp") and expect(data["stamp"], str, "stamp"),
                   expect(data.get("publish", False), bool, "publish"),
                   [Input.from_data(expect(given, dict, "inputs")) for given in expect(data.get("inputs", []), list,
                                                                                         "inputs")],
                   expect(data.get("auto", False), bool, "auto"))


@dataclass(frozen=True)
class Workflow(Worded):
    key: str
    title: str
    initial: str
    states: dict
    final: frozenset
    transitions: tuple
    events: dict = field(default_factory=dict)  # event -> label shown on buttons and in history
    en: dict = field(default_factory=dict)  # English texts: {"title": …, "states": {code: …}, "events": {event: …}}

    def __init__(self, key, title, initial, states, final, transitions, events=None, en=None):
        for name, value in (("key", key), ("title", title), ("initial", initial), ("states", dict(states)),
                            ("final", frozenset(final)), ("transitions", tuple(transitions)),
                            ("events", dict(events or {})), ("en", dict(en or {}))):
            object.__setattr__(self, name, value)

    def find(self, event, state, actor_roles):
        """The transition `event` from `state` that one of `actor_roles` may fire, or None."""
        for transition in self.transitions:
            if transition.event == event and state in transition.source and set(transition.by) & set(actor_roles):
                return transition
        return None

    def available(self, state, actor_roles):
        return [t for t in self.transitions if state in t.source and set(t.by) & set(actor_roles)]

    def waiting_on(self, actor_roles):
        """The states in which one of `actor_roles` has something to do: their queue's pending states."""
        return frozenset(state for t in self.transitions if set(t.by) & set(actor_roles) for state in t.source)

    def state_label(self, state):
        """What the state `state` is called, in the page's language."""
        return in_locale(self.states.get(state, state), (self.en.get("states") or {}).get(state))

    def event_label(self, event):
        """What the event `event` is called on buttons and in history, in the page's language."""
        return in_locale(self.events.get(event, event), (self.en.get("events") or {}).get(event))

    def with_english(self, title, states=None, events=None):
        """This workflow with English beside its texts: `title`, and for each of its own states and events the
        English given here, else the one most workflows share (workflows/english.py), so the definition carries
        English for exactly its own states and events."""
        named = {"states": {**english.STATES, **(states or {})}, "events": {**english.EVENTS, **(events or {})}}
        codes = {"states": list(self.states),
                 "events": list(dict.fromkeys([*self.events, *(t.event for t in self.transitions)]))}
        en = {"title": title, **{part: {code: named[part][code] for code in codes[part] if code in named[part]}
                                 for part in ("states", "events")}}
        return Workflow(self.key, self.title, self.initial, self.states, self.final, self.transitions, self.events,
                        {**self.en, **en})

    def given_label(self, event, given):
        """What the input `given` (a history entry's Given) of the event `event` is called, in the page's
        language: its input's label in this version, else the label stored with it."""
        found = next((spec for t in self.transitions if t.event == event for spec in t.inputs
                      if spec.name == given.name), None)
        return found.text("label") if found is not None else (given.label or given.name)

    def problems(self, guard_names, effect_names, input_kinds=(), stamps=STAMPS):
        """Why this definition cannot be used, in words an administrator reads; empty when it can."""
        return [message for _where, message in self.placed_problems(guard_names, effect_names, input_kinds, stamps)]

    def placed_problems(self, guard_names, effect_names, input_kinds=(), stamps=STAMPS):
        """(where, message) of each problem: where is ("transition", its index), ("state", its code), or None for
        the definition as a whole, so an editor shows each problem on the row it concerns."""
        found = []
        if self.initial not in self.states:
            found.append((None, _("初始状态 %(state)s 不在状态列表中。", state=self.initial)))
        for state in sorted(self.final - set(self.states)):
            found.append((None, _("结束状态 %(state)s 不在状态列表中。", state=state)))
        known_roles = set(roles.SCOPES)
        for index, t in enumerate(self.transitions):
            at, said = ("transition", index), []
            where = _("操作 %(event)s（%(source)s → %(target)s）", event=t.event, source="/".join(t.source),
                      target=t.target)
            for state in (*t.source, t.target):
                if state not in self.states:
                    said.append(_("%(where)s 使用了未定义的状态 %(state)s。", where=where, state=state))
            if not set(t.by) & known_roles:
                said.append(_("%(where)s 没有任何角色可以执行。", where=where))
            for role in [role for role in t.by if role not in known_roles] if set(t.by) & known_roles else []:
                said.append(_("%(where)s 使用了未知的角色 %(role)s（可用的角色：%(known)s）。", where=where, role=role,
                              known="、".join(sorted(known_roles))))
            if roles.CANDIDATE in t.by and (t.event == APPROVAL or t.target in self._granted()):
                said.append(_("%(where)s 可由考生执行，考生不能审核通过自己的申请。", where=where))
            said += self._stage_problems(t, where)
            said += self._input_problems(t, where, input_kinds)
            for name in t.guards:
                if name not in guard_names:
                    said.append(_("%(where)s 使用了未知的检查 %(name)s（可用的检查：%(known)s）。", where=where, name=name,
                                  known="、".join(sorted(guard_names))))
            for name in t.effects:
                if name not in effect_names:
                    said.append(_("%(where)s 使用了未知的后续处理 %(name)s（可用的后续处理：%(known)s）。", where=where,
                                  name=name, known="、".join(sorted(effect_names))))
            if t.stamp and t.stamp not in stamps:
                said.append(_("%(where)s 使用了未知的时间字段 %(name)s。", where=where, name=t.stamp))
            found += [(at, message) for message in said]
        if not any(t.publish and self.initial in t.source and roles.CANDIDATE in t.by for t in self.transitions):
            found.append((None, _("没有考生从初始状态 %(state)s 提交申请的操作（publish），考生将无法提交。",
                                  state=self.initial)))
        for index, (event, state, role) in self._ambiguous():
            found.append((("transition", index), _("操作 %(event)s 在状态 %(state)s 有多条 %(role)s 可以执行的定义，"
                                                   "请合并为一条或分别命名。", event=event, state=state, role=role)))
        if self._auto_loop():
            found.append((None, _("自动办理的操作 %(events)s 首尾相接成环，会无休止地执行。",
                                  events="、".join(self._auto_loop()))))
        found += [(None, problem) for problem in self._english_problems()]
        reachable = self._reachable()
        for state in self.states:
            if state not in reachable:
                found.append((("state", state), _("状态 %(state)s 无法到达。", state=state)))
            elif state not in self.final and not any(state in t.source for t in self.transitions):
                found.append((("state", state), _("状态 %(state)s 不是结束状态，却没有任何出路。", state=state)))
        return found

    def _english_problems(self):
        """The English texts are text and not too long, under the keys a workflow has."""
        found, en = [], self.en
        for key in sorted(set(en) - {"title", "states", "events"}, key=str):
            found.append(_("英文设置中没有 %(name)s 这一项（可用的有：title、states、events）。", name=key))
        texts_given = [(_("名称"), en["title"])] if "title" in en else []
        for part, known, what in (("states", self.states, _("状态")), ("events", self._event_names(), _("操作"))):
            labels = en.get(part, {})
            if not isinstance(labels, dict):
                found.append(_("%(what)s的英文须为“代码: 英文”的对应。", what=what))
                continue
            # English for a code the workflow no longer has (a state removed in a revision) is never shown.
            texts_given += [(f"{what} {code}", text) for code, text in labels.items() if code in known]
        for t in self.transitions:
            for given in t.inputs:
                for key in sorted(set(given.en) - {"label"}, key=str):
                    found.append(_("填写项 %(name)s 的英文设置中没有 %(key)s 这一项。", name=given.name, key=key))
                if "label" in given.en:
                    texts_given.append((given.name, given.en["label"]))
        for where, text in texts_given:
            if not isinstance(text, str):
                found.append(_("%(where)s 的英文须为文字。", where=where))
            elif len(text) > ENGLISH_LENGTH:
                found.append(_("%(where)s 的英文不能超过 %(max)d 个字符。", where=where, max=ENGLISH_LENGTH))
        return found

    def _event_names(self):
        return {*self.events, *(t.event for t in self.transitions)}

    def _stage_problems(self, t, where):
        """A stage belongs to the roles that act at it, and a draft to the candidate alone."""
        others = [role for role in t.by if role != roles.CANDIDATE]
        staff = [role for role in others if role != roles.SYSTEM]
        found = []
        if t.auto and list(t.by) != [roles.SYSTEM]:
            found.append(_("%(where)s 由系统自动办理，只能由 %(system)s 执行。", where=where, system=roles.SYSTEM))
        if t.auto and (t.publish or t.comment_required or t.inputs):
            found.append(_("%(where)s 由系统自动办理，不能提交考生的内容、要求理由或填写项。", where=where))
        if others and len(t.source) > 1:
            found.append(_("%(where)s 由 %(roles)s 办理，却可从多个状态出发；每个审核阶段只能由负责该阶段的角色办理，"
                           "请按状态分别定义。", where=where, roles="/".join(others)))
        if staff and self.initial in t.source:
            found.append(_("%(where)s 从初始状态 %(state)s 出发，却由 %(roles)s 办理；草稿只属于考生本人。",
                           where=where, state=self.initial, roles="/".join(staff)))
        return found

    @staticmethod
    def _input_problems(t, where, input_kinds):
        """Inputs are filled in by the acting reviewer, each of a known kind, each name once."""
        found = []
        not_reviewers = [role for role in t.by if role in (roles.CANDIDATE, roles.SYSTEM)]
        if t.inputs and not_reviewers:
            found.append(_("%(where)s 的填写项只能由审核人员填写，%(roles)s 不能填写。", where=where,
                           roles="/".join(not_reviewers)))
        names = [given.name for given in t.inputs]
        for given in t.inputs:
            if given.kind not in input_kinds:
                found.append(_("%(where)s 的填写项 %(name)s 使用了未知的类型 %(kind)s（可用的类型：%(known)s）。",
                               where=where, name=given.name, kind=given.kind, known="、".join(sorted(input_kinds))))
        for name in sorted({name for name in names if names.count(name) > 1}):
            found.append(_("%(where)s 的填写项 %(name)s 重复。", where=where, name=name))
        return found

    def _granted(self):
        return Stages.of(self.initial, self.final, self.states, [(t.event, t.target) for t in self.transitions]).granted

    def _ambiguous(self):
        """(index, (event, state, role)) of each (event, state, role) named by more than one transition, with the
        index of the second that names it: firing the event could mean either."""
        seen, twice = set(), {}
        for index, t in enumerate(self.transitions):
            for state in t.source:
                for role in t.by:
                    if (t.event, state, role) in seen:
                        twice.setdefault((t.event, state, role), index)
                    seen.add((t.event, state, role))
        return [(index, named) for named, index in twice.items()]

    def _auto_loop(self):
        """The events of `auto` transitions that can follow each other for ever (empty when none can)."""
        moves = {}
        for t in self.transitions:
            if t.auto:
                for state in t.source:
                    moves.setdefault(state, []).append(t)
        for start in moves:
            seen, todo = set(), [(start, [])]
            while todo:
                state, path = todo.pop()
                for t in moves.get(state, ()):
                    if t.target == start:
                        return sorted({*path, t.event})
                    if t.target not in seen:
                        seen.add(t.target)
                        todo.append((t.target, [*path, t.event]))
        return []

    def _reachable(self):
        seen, todo = {self.initial}, [self.initial]
        while todo:
            state = todo.pop()
            for t in self.transitions:
                if state in t.source and t.target not in seen:
                    seen.add(t.target)
                    todo.append(t.target)
        return seen

    def to_data(self):
        data = {"key": self.key, "title": self.title, "initial": self.initial, "states": dict(self.states),
                "final": sorted(self.final), "events": dict(self.events),
                "transitions": [t.to_data() for t in self.transitions]}
        if self.en:
            data["en"] = dict(self.en)
        return data

    @classmethod
    def from_data(cls, data):
        labels = {name: {expect(k, str, name): expect(v, str, name) for k, v in expect(data.get(name, {}), dict,
                                                                                      name).items()}
                  for name in ("states", "events")}
        return cls(expect(data["key"], str, "key"), expect(data.get("title", data["key"]), str, "title"),
                   expect(data["initial"], str, "initial"), labels["states"], texts(data.get("final", []), "final"),
                   [Transition.from_data(expect(t, dict, "transitions")) for t in expect(
                       data.get("transitions", []), list, "transitions")], labels["events"], english_of(data))
