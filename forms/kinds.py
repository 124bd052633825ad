"""Field kinds by name: what a field of each kind is answered with, and where its choices come from.

The form builder knows shapes only: text, textarea, number, date, month, boolean, choice (one of a list),
choices (several of a list), file, group and display (shown, never answered). A kind names its shape and the
hooks its shape asks: the generic kinds are declared here, the catalogue's in forms/catalogue.py, and a type's
own in its folder (application_types/<key>/fields.py).
"""
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# Each shape, with what the staff pages call it (a kind without a label of its own is called by its shape's).
SHAPE_LABELS = {"text": _l("文本"), "textarea": _l("多行文本"), "number": _l("数字"), "date": _l("日期"),
                "month": _l("年月"), "boolean": _l("勾选"), "choice": _l("单选"), "choices": _l("多选"),
                "file": _l("文件"), "group": _l("分组"), "display": _l("展示内容")}
SHAPES = tuple(SHAPE_LABELS)
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "BMP", "WEBP")
DOCUMENT_FORMATS = ("PDF", "ZIP", "RAR")


def _own_choices(context, spec_field, describing=False):
    return list(spec_field.choices)


@dataclass(frozen=True)
class Kind:
    """A field kind. Hooks take the form context (forms.builder.Context) and the field:

    - `choices(context, field, describing)`: (value, label) pairs, or (value, label, render attributes); when
      describing, every value a saved answer may hold, so a filled form still reads;
    - `facts(context, field)`: what the candidate's record says, put before the field's help, or None;
    - `refusal(context, field)`: why a value not offered is refused, when the kind can say, else None;
    - `default(context, field)`: the values ticked before the first save, or None;
    - `render(field)`: the HTML of a display field (a WTForms field carrying `context`);
    - `records(value)`: {suffix: value} kept beside the answer, e.g. a major's level as "major_level".
    """

    name: str
    shape: str
    choices: Callable = _own_choices
    facts: Callable | None = None
    refusal: Callable | None = None
    default: Callable | None = None
    render: Callable | None = None
    records: Callable | None = None
    recorded: tuple = ()  # the suffixes `records` keeps
    own_choices: bool = False  # the definition lists the choices (a field without them is refused)
    required_when_offered: bool = False  # required whenever it offers anything (e.g. extra-exam options)
    formats: tuple = ()  # for a file: the formats a definition may allow
    label: str | None = None  # what the staff pages call the kind, when not its shape's name


KINDS = {}


def field_kind(name, shape, **hooks):
    """Declare a kind; returns it."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape}")
    KINDS[name] = Kind(name, shape, **hooks)
    return KINDS[name]


def of(spec_field):
    return KINDS[spec_field.type]


def label(kind_name):
    """What the staff pages call the kind `kind_name`: its own label, its shape's, or the name of a kind unknown."""
    kind = KINDS.get(kind_name)
    return kind_name if kind is None else str(kind.label or SHAPE_LABELS[kind.shape])


for _name in ("text", "textarea", "number", "date", "month"):
    field_kind(_name, _name)
field_kind("checkbox", "boolean")
field_kind("select", "choice", own_choices=True)
field_kind("multiselect", "choices", own_choices=True)
field_kind("file", "file", formats=IMAGE_FORMATS + DOCUMENT_FORMATS)
field_kind("image", "file", formats=IMAGE_FORMATS, label=_l("图片"))
field_kind("group", "group")
