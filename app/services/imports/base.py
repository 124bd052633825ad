"""What every kind of import shares: a row as the check sees it, and the reading of a cell by a field's own rules."""
import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from flask_babel import gettext as _
from mongoengine import ValidationError
from mongoengine.base.document import NON_FIELD_ERRORS
from flask_babel.speaklater import LazyString

from .sheets import Invalid

NEW, CHANGED, UNCHANGED, REFUSED = "new", "changed", "unchanged", "refused"


@dataclass
class Row:
    """One filled row of a file: its number in the sheet, its cells as read, its typed values, what the check found
    (`state`, `problems` as [(column label, message)]) and what the commit writes for it (`write`, the kind's)."""

    number: int
    cells: dict
    values: dict
    problems: list = field(default_factory=list)
    state: str = NEW
    write: object = None

    def refuse(self, column, message):
        self.problems.append((str(column), str(message)))

    @property
    def refused(self):
        return bool(self.problems)


class BaseChecker:
    """A kind's check of batches of rows against the store and its writes (`check(rows)`, `write(rows)`)."""

    def __init__(self, data_import):
        self.data_import = data_import

    def finish(self):
        """After the last batch is written: nothing more, unless the kind says so."""


def text(value):
    """A cell as text: a whole number Excel stored as a float (80.0) as the number it is."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def code(width):
    """A code as text: a number Excel took for one (3709) padded with its zeros (03709), text upper-cased and in
    half-width characters (a Chinese input method types ０３７０９, which the models' \\d takes as digits)."""
    def read(value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return f"{value:0{width}d}"
        return unicodedata.normalize("NFKC", str(value)).strip().upper()
    return read


def integer(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d{1,9}(\.0+)?", value.strip()):
        return int(float(value))
    raise Invalid(_("应填写整数，不能填“%(given)s”。", given=str(value)[:20]))


MONTH = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*月?")
DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def month(value):
    """A sitting's month as YYYY-MM, from Excel's date or text such as 2024-04, 2024/4 or 2024年4月."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"{value:%Y-%m}"
    if isinstance(value, float) and not value.is_integer():
        # Excel keeps 2024.10 typed in a number cell as 2024.1: October and January cannot be told apart.
        raise Invalid(_("考次“%(given)s”是数字，无法区分月份，请填写为文本，如 2024-10。", given=text(value)))
    found = MONTH.fullmatch(text(value))
    return f"{found.group(1)}-{int(found.group(2)):02d}" if found else text(value)


def day(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    found = DAY.fullmatch(text(value))
    if found:
        try:
            return datetime.date(*map(int, found.groups()))
        except ValueError:
            pass
    raise Invalid(_("应填写日期，如 1995-03-01。"))


def by_field(model, name, read=text):
    """A cell's parser for `model`'s field `name`: read (as text unless told), then held to the field's own
    declaration (regex, range, length, choices by their labels), refused with the field's own message."""
    declared = model._fields[name]
    labels = {str(label): key for key, label in declared.choices or ()}

    def parse(value):
        typed = read(value)
        if labels:
            if typed not in labels and typed not in labels.values():
                raise Invalid(_("应填写%(choices)s之一。", choices="、".join(labels)))
            typed = labels.get(typed, typed)
        try:
            declared.validate(typed)
        except ValidationError as error:
            raise Invalid(field_message(declared)) from error
        return typed
    return parse


def field_message(declared):
    """What a field's value should be, in the words its declaration gives, else from its limits."""
    own = getattr(declared, "error_message", None)
    if own:
        return str(own)
    if getattr(declared, "max_length", None):
        return _("不能超过%(n)d个字。", n=declared.max_length)
    if getattr(declared, "min_value", None) is not None and getattr(declared, "max_value", None) is not None:
        return _("应为%(min)d–%(max)d的整数。", min=declared.min_value, max=declared.max_value)
    if getattr(declared, "min_value", None) is not None:
        return _("应为不小于%(min)d的整数。", min=declared.min_value)
    return _("该项的值不符合要求。")


def validation_problems(model, error, labels):
    """(column label, message) of each of a `model` document's validation errors (its clean()'s too), each field
    named by its column's label in `labels` {field name: label}; a rule of clean() keeps its own wording."""
    for name, reason in (error.errors or {}).items():
        if name == NON_FIELD_ERRORS and getattr(reason, "errors", None):
            yield from validation_problems(model, reason, labels)
            continue
        own = getattr(reason, "message", None)
        declared = model._fields.get(name)
        message = str(own) if isinstance(own, LazyString) or declared is None else field_message(declared)
        label = labels.get(name) or getattr(declared, "verbose_name", None) or ""
        yield str(label), message
