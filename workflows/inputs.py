"""Input controls: what a reviewer may fill in for a transition's Input, and the value it replaces.

A kind looks at the application and returns a Control: the value held now (shown beside the input and
kept on the history entry as "before") and what a valid value is. The review page asks with the Control
and the engine checks the posted value with the same Control, so the page shows the rule it enforces.
"""
import re
from dataclasses import dataclass

from flask_babel import gettext as _


# A whole number as a person types it: ASCII digits, a few of them (int() also reads "٣" and 5,000 digits).
_WHOLE = re.compile(r"\d{1,6}", re.ASCII)


@dataclass(frozen=True)
class Control:
    """A whole number from `low` to `high`; one of `choices` ((value, label) pairs) when there are any; a text of
    at most `max_length` characters when that is set (e.g. a name); with `differ`, a value other than `current` (a
    correction that changes nothing is no correction)."""

    current: object = None
    choices: tuple = ()
    low: int = 0
    high: int = 100
    differ: bool = False
    max_length: int | None = None

    def parse(self, raw, label):
        """The typed value of `raw` (None when blank); ValueError with the reason when it is not valid."""
        text = "" if raw is None else str(raw).strip()
        if not text:
            return None
        if self.choices:
            if text not in {value for value, _label in self.choices}:
                raise ValueError(_("%(label)s请从%(choices)s中选择。", label=label,
                                   choices="、".join(f"“{shown}”" for _value, shown in self.choices)))
            value = text
        elif self.max_length is not None:
            if len(text) > self.max_length or any(not character.isprintable() for character in text):
                raise ValueError(_("%(label)s不能超过%(max)d个字，且不能含有控制字符。", label=label, max=self.max_length))
            value = text
        elif not _WHOLE.fullmatch(text) or not self.low <= int(text) <= self.high:
            raise ValueError(_("%(label)s须为%(low)d–%(high)d的整数。", label=label, low=self.low, high=self.high))
        else:
            value = int(text)
        if self.differ and value == self.current:
            raise ValueError(_("%(label)s与当前的 %(current)s 相同，无需更正。", label=label, current=self.current))
        return value




