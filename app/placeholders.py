"""Placeholders in the site message templates administrators write: a known name in braces, such as {姓名}, stands
for a fact of the application the message is about.

Filling in replaces each known placeholder and leaves any other brace as written, so a stray "{" or "}" never fails
a message; a value filled in is not read again, so a comment that holds braces stays as the reviewer typed it.
Braces around anything else are refused when a template is saved (`unknown`), with the list of known names.
"""
import re

from flask_babel import lazy_gettext as _l

# The placeholders, with what each holds (shown to the administrator writing a template). The names are part of the
# template's text, so they are not translated.
PLACEHOLDERS = {
    "姓名": _l("考生姓名"),
    "准考证号": _l("考生的准考证号"),
    "业务": _l("业务名称，如“免考申请”"),
    "状态": _l("办理后申请所处的状态，如“审核未通过”"),
    "意见": _l("审核人填写的意见或理由；未填写时为空"),
    "时间": _l("办理时间，如“2025-03-01 14:30”"),
    "申请编号": _l("申请编号，考生在“我的申请”中可以看到"),
    "现场审核": _l("预约的现场审核的时间和地点（用于现场审核提醒）"),
}
# A pair of braces on one line with no brace between them: a placeholder, known or not.
_PAIR = re.compile(r"\{([^{}\n]*)\}")


def unknown(text):
    """The brace pairs of `text` that name no placeholder, as written ("{名字}"), each once, in order."""
    return list(dict.fromkeys(f"{{{name}}}" for name in _PAIR.findall(text or "") if name not in PLACEHOLDERS))


def known():
    """The placeholders as an administrator writes them: "{姓名}、{准考证号}…"."""
    return "、".join(f"{{{name}}}" for name in PLACEHOLDERS)


def fill(text, values):
    """`text` with each placeholder that `values` (name -> text) gives replaced; everything else as written."""
    return _PAIR.sub(lambda found: str(values[found[1]]) if found[1] in values else found[0], text or "")
