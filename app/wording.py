"""Which of a definition's texts a person reads: the Chinese, or its English beside it.

Definitions and catalogue texts (a form's labels, a workflow's states, a business type's notice, a plan's module
names) carry an English text beside the Chinese. A page in English shows the English where there is one and falls
back to the Chinese where there is none; outside a request (a job, a shell, an export) the Chinese is read.
A text that is kept (a history entry, an effect's note, a message, an order's name, an audit's findings) is built in
Chinese whoever's request builds it (`stored`): others read it later, whatever their own language.
"""
from flask import has_request_context
from flask_babel import force_locale, get_locale

ENGLISH = "en"
CHINESE = "zh"


def stored():
    """A context in which texts are built in Chinese, for what is kept and read later by others."""
    return force_locale(CHINESE)


def english():
    """Whether the request's pages are in English."""
    locale = get_locale() if has_request_context() else None
    return locale is not None and locale.language == ENGLISH


def in_locale(chinese, english_text):
    """`english_text` on an English page when it is not blank, else `chinese`."""
    if english_text and str(english_text).strip() and english():
        return english_text
    return chinese


class Worded:
    """A definition's part whose texts a person reads, with their English in `en` ({text's name: English}): `text`
    names the one the page shows."""

    def text(self, name):
        """The `name` text (a label, a title, a help) in the page's language."""
        return in_locale(getattr(self, name), self.en.get(name))


def bracketed(text):
    """`text` in brackets after what it qualifies: full-width in Chinese, spaced in English."""
    return in_locale(f"（{text}）", f" ({text})")


def joined(items):
    """The items as one list in a sentence: 甲、乙 in Chinese, A, B in English."""
    return in_locale("、", ", ").join(str(item) for item in items)


def clauses(items):
    """Statements in one message, each whole: 甲；乙 in Chinese, A; B in English."""
    return in_locale("；", "; ").join(str(item) for item in items)


def labelled(label, value):
    """A value after its label: 成绩：80 in Chinese, Mark: 80 in English."""
    return f"{label}{in_locale('：', ': ')}{value}"


def sentence(parts):
    """(label, value) pairs as one line: 姓名：张三　性别：男。 in Chinese, Name: Zhang San; Sex: M. in English."""
    gap, stop = in_locale("　", "; "), in_locale("。", ".")
    return gap.join(labelled(label, value) for label, value in parts) + stop
