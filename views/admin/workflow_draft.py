"""A workflow definition as the rows of the editor's page, read back from a posted page, and the buttons that add,
move and remove rows.

The rows are the definition: every button posts the whole page, the rows are read into a Draft, the button's action
applied, and the page shown again. A Draft makes the Workflow its rows say (Workflow.to_data, the stored format);
nothing is stored until the editor saves it. A post no page of the editor sends (a field name it never writes, an
index beyond its rows, a field sent twice) is Malformed.
"""
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from workflows.spec import Input, Transition, Workflow

MAX_ROWS = {"states": 100, "events": 100, "transitions": 200, "inputs": 20}
SECTIONS = ("states", "events", "transitions")
# The fields of each kind of row; `was` carries a code as the page showed it, so renaming one renames its uses.
_FIELDS = {"states": {"code", "label", "label_en", "final", "was"}, "events": {"code", "label", "label_en", "was"},
           "transitions": {"event", "from", "to", "by", "guards", "effects", "comment_required", "publish", "auto",
                           "stamp"},
           "inputs": {"name", "kind", "label", "label_en", "required"}}
_LISTS = {"from", "by", "guards", "effects"}  # several values, one per chosen option
PAGE_FIELDS = {"csrf_token", "title", "title_en", "initial", "note", "action"}
_NUMBER = r"(0|[1-9]\d{0,2})"  # a row's number as the page writes it
_ROW = re.compile(rf"(states|events|transitions)-{_NUMBER}-(?:inputs-{_NUMBER}-)?([a-z_]+)")
_ACTION = re.compile(rf"(add|up|down|remove)-(states|events|transitions|inputs)(?:-{_NUMBER})?(?:-{_NUMBER})?")


class Malformed(ValueError):
    """A post the editor's page does not send; the message is for the person who sent it."""


def _blank(section):
    return {"states": {"code": "", "label": "", "label_en": "", "final": False},
            "events": {"code": "", "label": "", "label_en": ""},
            "transitions": {"event": "", "from": [], "to": "", "by": [], "guards": [], "effects": [],
                            "comment_required": False, "publish": False, "auto": False, "stamp": "", "inputs": []},
            "inputs": {"name": "", "kind": "", "label": "", "label_en": "", "required": True}}[section]


@dataclass
class Draft:
    """The rows of the editor: the title, the initial state, and lists of plain dicts, one per row; each label
    and the title with its English beside it (blank: the Chinese is shown)."""

    title: str
    initial: str
    states: list
    events: list
    transitions: list
    title_en: str = ""
    # (where, message) of what the rows cannot say: where is ("states" | "events" | "transitions", row) or None
    problems: list = field(default_factory=list)

    @classmethod
    def of(cls, workflow):
        """The rows of a stored definition."""
        english = {part: workflow.en.get(part) or {} for part in ("states", "events")}
        return cls(workflow.title, workflow.initial,
                   [{"code": code, "label": label, "label_en": english["states"].get(code, ""),
                     "final": code in workflow.final} for code, label in workflow.states.items()],
                   [{"code": code, "label": label, "label_en": english["events"].get(code, "")}
                    for code, label in workflow.events.items()],
                   [{"event": t.event, "from": list(t.source), "to": t.target, "by": list(t.by),
                     "guards": list(t.guards), "effects": list(t.effects), "comment_required": t.comment_required,
                     "publish": t.publish, "auto": t.auto, "stamp": t.stamp or "",
                     "inputs": [{"name": i.name, "kind": i.kind, "label": i.label, "label_en": i.en.get("label", ""),
                                 "required": i.required} for i in t.inputs]} for t in workflow.transitions],
                   workflow.en.get("title", ""))

    @classmethod
    def read(cls, form):
        """The rows of a posted page (a MultiDict). Malformed when it is not a page of the editor."""
        rows = {section: {} for section in SECTIONS}
        for name in form:
            if name in PAGE_FIELDS:
                continue
            match = _ROW.fullmatch(name)
            section, row, item, column = match.groups() if match else (None, None, None, None)
            kind = "inputs" if item is not None else section
            if match is None or column not in _FIELDS[kind] or (item is not None and section != "transitions"):
                raise Malformed(_("提交的内容中有编辑页面不会发送的项目，请重新打开编辑页面。"))
            values = form.getlist(name)
            if column not in _LISTS and len(values) > 1:
                raise Malformed(_("提交的内容中有重复的项目，请重新打开编辑页面。"))
            cells = rows[section].setdefault(int(row), {"inputs": {}})
            cells = cells["inputs"].setdefault(int(item), {}) if item is not None else cells
            cells[column] = values if column in _LISTS else values[0]
        draft = cls(_single(form, "title"), _single(form, "initial"),
                    [_state(cells) for cells in _in_order(rows["states"], "states")],
                    [_event(cells) for cells in _in_order(rows["events"], "events")],
                    [_transition(cells) for cells in _in_order(rows["transitions"], "transitions")],
                    _single(form, "title_en"))
        draft._rename()
        draft._check()
        return draft

    def _rename(self):
        """A code changed on its row is changed wherever the page used it: a state in the initial state and the
        transitions' from and to, an event in the transitions."""
        renamed = {"states": {}, "events": {}}
        for section, names in renamed.items():
            for row in getattr(self, section):
                was = row.pop("was")
                if was and row["code"] and was != row["code"]:
                    names[was] = row["code"]
        states, events = renamed["states"], renamed["events"]
        self.initial = states.get(self.initial, self.initial)
        for t in self.transitions:
            t["from"] = [states.get(code, code) for code in t["from"]]
            t["to"] = states.get(t["to"], t["to"])
            t["event"] = events.get(t["event"], t["event"])

    def _check(self):
        """What the rows cannot say: blanks, and codes given twice."""
        said = self.problems
        if not self.title:
            said.append((None, _("请填写流程名称。")))
        for section, blank_code, blank_label, repeated in (
                ("states", _("请填写状态代码。"), _("请填写状态名称。"), lambda code: _("状态代码 %(code)s 重复。", code=code)),
                ("events", _("请填写操作代码。"), _("请填写操作名称。"), lambda code: _("操作代码 %(code)s 重复。", code=code))):
            rows = getattr(self, section)
            for index, row in enumerate(rows):
                at = (section, index)
                if not row["code"]:
                    said.append((at, blank_code))
                elif row["code"] in [earlier["code"] for earlier in rows[:index]]:
                    said.append((at, repeated(row["code"])))
                if not row["label"]:
                    said.append((at, blank_label))
        for index, t in enumerate(self.transitions):
            blanks = [(not t["event"], _("请选择操作。")), (not t["from"], _("请选择出发状态。")),
                      (not t["to"], _("请选择到达状态。"))]
            for given in t["inputs"]:
                blanks += [(not given["name"], _("请填写填写项的代码。")), (not given["kind"], _("请选择填写项的类型。")),
                           (not given["label"], _("请填写填写项的名称。"))]
            said += [(("transitions", index), message) for blank, message in blanks if blank]

    def workflow(self, key):
        """The definition the rows say, unchecked (the store checks it when it is saved)."""
        english = {"title": self.title_en,
                   **{part: {row["code"]: row["label_en"] for row in getattr(self, part) if row["label_en"]}
                      for part in ("states", "events")}}
        return Workflow(key, self.title, self.initial, {row["code"]: row["label"] for row in self.states},
                        {row["code"] for row in self.states if row["final"]},
                        [Transition(t["event"], t["from"], t["to"], t["by"], t["guards"], t["effects"],
                                    t["comment_required"], t["stamp"] or None, t["publish"],
                                    [_input(given) for given in t["inputs"]], t["auto"]) for t in self.transitions],
                        {row["code"]: row["label"] for row in self.events},
                        {part: texts for part, texts in english.items() if texts})

    def apply(self, action):
        """Carry out a row's button ("add-states", "up-transitions-2", "remove-inputs-2-0"...); the message to show
        when the row it names is no longer there, else None. Malformed for a button the page has not."""
        match = _ACTION.fullmatch(action)
        verb, section, row, item = match.groups() if match else (None, None, None, None)
        if section == "inputs":
            shapes = {"add": (True, False), "remove": (True, True)}
        else:
            shapes = {"add": (False, False), "up": (True, False), "down": (True, False), "remove": (True, False)}
        if match is None or shapes.get(verb) != (row is not None, item is not None):
            raise Malformed(_("无法识别所按的按钮，请重新打开编辑页面。"))
        if section == "inputs":
            if int(row) >= len(self.transitions):
                return _("要修改的行已不存在，请重新操作。")
            rows, row = self.transitions[int(row)]["inputs"], item
        else:
            rows = getattr(self, section)
        if verb == "add":
            if len(rows) >= MAX_ROWS[section]:
                return _("最多只能有 %(max)d 行。", max=MAX_ROWS[section])
            rows.append(_blank(section))
            return None
        row = int(row)
        if row >= len(rows):
            return _("要修改的行已不存在，请重新操作。")
        if verb == "remove":
            del rows[row]
        else:
            other = row - 1 if verb == "up" else row + 1
            if 0 <= other < len(rows):
                rows[row], rows[other] = rows[other], rows[row]
        return None


def _single(form, name):
    values = form.getlist(name)
    if len(values) > 1:
        raise Malformed(_("提交的内容中有重复的项目，请重新打开编辑页面。"))
    return values[0].strip() if values else ""


def _in_order(rows, section):
    """The posted rows of a section by their number: 0, 1, 2... as the page numbers them, at most MAX_ROWS."""
    if sorted(rows) != list(range(len(rows))) or len(rows) > MAX_ROWS[section]:
        raise Malformed(_("提交的行不完整或超出上限，请重新打开编辑页面。"))
    return [rows[number] for number in range(len(rows))]


def _text(cells, name):
    return cells.get(name, "").strip()


def _state(cells):
    return {"code": _text(cells, "code"), "label": _text(cells, "label"), "label_en": _text(cells, "label_en"),
            "final": "final" in cells, "was": _text(cells, "was")}


def _event(cells):
    return {"code": _text(cells, "code"), "label": _text(cells, "label"), "label_en": _text(cells, "label_en"),
            "was": _text(cells, "was")}


def _input(given):
    return Input(given["name"], given["kind"], given["label"], given["required"],
                 {"label": given["label_en"]} if given["label_en"] else {})


def _transition(cells):
    """A transition's row; its checkboxes (flags and options) are sent only when ticked."""
    return {"event": _text(cells, "event"), "from": _chosen(cells, "from"), "to": _text(cells, "to"),
            "by": _chosen(cells, "by"), "guards": _chosen(cells, "guards"), "effects": _chosen(cells, "effects"),
            "comment_required": "comment_required" in cells, "publish": "publish" in cells, "auto": "auto" in cells,
            "stamp": _text(cells, "stamp"),
            "inputs": [{"name": _text(given, "name"), "kind": _text(given, "kind"), "label": _text(given, "label"),
                        "label_en": _text(given, "label_en"), "required": "required" in given}
                       for given in _in_order(cells["inputs"], "inputs")]}


def _chosen(cells, name):
    """The options chosen, each once, in the order sent."""
    return list(dict.fromkeys(value.strip() for value in cells.get(name, []) if value.strip()))
