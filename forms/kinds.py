"""Field kinds by name: what a field of each kind is answered with, and where its choices come from.

The form builder knows shapes only: text, textarea, number, date, month, boolean, choice (one of a list),
choices (several of a list), file, group and display (shown, never answered). A kind names its shape and the
hooks its shape asks: the generic kinds are declared here, the catalogue's in forms/catalogue.py, and a type's
own in its folder (application_types/<key>/fields.py).
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

SHAPES = ("text", "textarea", "number", "date", "month", "boolean", "choice", "choices", "file", "group", "display")
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "BMP", "WEBP")
DOCUMENT_FORMATS = ("PDF", "ZIP", "RAR")


def _own_choices(context, spec_field, describing=False):
    return [(value, spec_field.choice_label(value, label)) for value, label in spec_field.choices]


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
    label: str  # what the form builder calls the kind, and the sentence saying what it asks
    description: str
    choices: Callable = _own_choices
    facts: Callable | None = None
    refusal: Callable | None = None
    default: Callable | None = None
    render: Callable | None = None
    records: Callable | None = None
    recorded: dict = field(default_factory=dict)  # {suffix `records` keeps: what it holds}
    own_choices: bool = False  # the definition lists the choices (a field without them is refused)
    required_when_offered: bool = False  # required whenever it offers anything (e.g. extra-exam options)
    formats: tuple = ()  # for a file: the formats a definition may allow


KINDS = {}


def field_kind(name, shape, label, description, **hooks):
    """Declare a kind, with what the form builder calls it and says of it; returns it."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape}")
    KINDS[name] = Kind(name, shape, label, description, **hooks)
    return KINDS[name]


def of(spec_field):
    return KINDS[spec_field.type]


def label(kind_name):
    """What the staff pages call the kind `kind_name`, or its name when there is no such kind."""
    kind = KINDS.get(kind_name)
    return kind_name if kind is None else str(kind.label)


field_kind("text", "text", _l("单行文字"), _l("一行文字，如姓名、电话、编号；可限定字数与格式。"))
field_kind("textarea", "textarea", _l("多行文字"), _l("几行文字，如说明、备注；可限定字数。"))
field_kind("number", "number", _l("数字"), _l("一个数，如分数、年份；可限定最小值与最大值。"))
field_kind("date", "date", _l("日期"), _l("年月日，考生从日历中选择。"))
field_kind("month", "month", _l("年月"), _l("年与月，如获得证书的时间。"))
field_kind("checkbox", "boolean", _l("勾选项"), _l("一个勾选框，如“我已阅读并同意”；必填表示必须勾选。"))
field_kind("select", "choice", _l("单选"), _l("从下面列出的可选项中选一项。"), own_choices=True)
field_kind("multiselect", "choices", _l("多选"), _l("从下面列出的可选项中选一项或多项。"), own_choices=True)
field_kind("file", "file", _l("文件"), _l("上传图片、PDF 或压缩包；可限定格式、大小与份数。"),
           formats=IMAGE_FORMATS + DOCUMENT_FORMATS)
field_kind("image", "file", _l("图片"), _l("上传图片；可限定格式、大小、像素与张数。"), formats=IMAGE_FORMATS)
field_kind("group", "group", _l("分组"), _l("把几个字段归为一组，可设为可重复（如多份凭证），或按所选的每一项各填一组。"))
