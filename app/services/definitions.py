"""Versioned definitions (workflows, forms): load the shipped ones, save edits as new versions, read by version.

A saved (key, version) never changes, so parsed definitions are cached by it.
"""
import logging
import re

from flask_babel import gettext as _
from mongoengine.errors import NotUniqueError

log = logging.getLogger(__name__)

SYSTEM = "system"
# What MongoDB cannot hold in a document key: "." splits a path, "$" starts an operator, NUL ends the key.
_UNSAFE_KEY = re.compile(r"[.$\x00]")
# Dicts and lists within each other: no definition needs more, and MongoDB refuses beyond 100.
MAX_DEPTH = 50
_INT64 = range(-2 ** 63, 2 ** 63)


def unsafe_key(key):
    """Whether the text `key` may not become a key of a stored document."""
    return isinstance(key, str) and bool(_UNSAFE_KEY.search(key))


def unsafe_key_problem(key):
    return _("名称“%(name)s”不能包含“.”、“$”或空字符。", name=repr(key)[1:-1])  # a NUL shows as \x00


def unstorable(value, depth=0):
    """Why `value` cannot be kept in a document: keys MongoDB cannot hold, integers beyond 64 bits, nesting too
    deep. Empty when it can."""
    if depth > MAX_DEPTH:
        return [_("嵌套超过%(depth)d层。", depth=MAX_DEPTH)]
    if isinstance(value, dict):
        found = [unsafe_key_problem(key) for key in value if unsafe_key(key)]
        return found + [problem for item in value.values() for problem in unstorable(item, depth + 1)]
    if isinstance(value, list):
        return [problem for item in value for problem in unstorable(item, depth + 1)]
    if isinstance(value, int) and value not in _INT64:
        return [_("数值 %(value)s… 超出可保存的范围。", value=str(value)[:20])]
    return []


def expect(value, kind, what):
    """`value` when it is a `kind` (a non-blank one, for text); otherwise ValueError naming `what`."""
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool or (
            isinstance(value, str) and not value.strip()):
        raise ValueError(_("%(what)s 的值不正确：%(value)r", what=what, value=value))
    return value


def texts(value, what):
    """A list of non-blank texts (a single text counts as a list of one)."""
    values = [value] if isinstance(value, str) else expect(value, list, what)
    return tuple(expect(item, str, what) for item in values)


class DefinitionRefused(ValueError):
    """A definition that cannot be saved; `problems` says why, one line each."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


class Definitions:
    """The versions of one kind of definition, stored in `document` and read with `parse(body)`."""

    def __init__(self, document, parse, problems):
        self.document = document
        self.parse = parse
        self.problems = problems
        self._cache = {}

    def get(self, key, version):
        if (key, version) not in self._cache:
            saved = self.document.objects(key=key, version=version).first()
            if saved is None:
                raise LookupError(f"{self.document.__name__} {key} v{version} does not exist")
            self._cache[(key, version)] = self.parse(saved.body)
        return self._cache[(key, version)]

    def every_version(self):
        """((key, version), parsed definition) of every stored version: one query for the versions, and one for the
        bodies of those not read before."""
        versions = [(saved["key"], saved["version"]) for saved in
                    self.document.objects.only("key", "version").order_by("key", "version").as_pymongo()]
        unread = [(key, version) for key, version in versions if (key, version) not in self._cache]
        if unread:
            for saved in self.document.objects(key__in=sorted({key for key, _v in unread})).only("key", "version",
                                                                                                   "body"):
                self._cache.setdefault((saved.key, saved.version), self.parse(saved.body))
        return [(version, self._cache[version]) for version in versions]

    def latest(self, key):
        """(version, parsed definition) of the newest version of `key`."""
        saved = self.document.latest(key)
        if saved is None:
            raise LookupError(f"no {self.document.__name__} for {key}")
        return saved.version, self.get(key, saved.version)

    def check(self, body):
        """The parsed definition, or DefinitionRefused with every reason it cannot be used."""
        problems = unstorable(body)
        if problems:
            raise DefinitionRefused(list(dict.fromkeys(problems)))
        try:
            definition = self.parse(expect(body, dict, _("定义")))
            problems = self.problems(definition)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise DefinitionRefused([_("定义格式不正确：%(detail)s", detail=_describe(error))]) from error
        if problems:
            raise DefinitionRefused(problems)
        return definition

    def save(self, key, body, author, title=None, note=None):
        """Validate and store `body` as the next version of `key`; return the new document."""
        definition = self.check(body)
        if getattr(definition, "key", key) != key:
            raise DefinitionRefused([_("定义中的代码必须是 %(key)s。", key=key)])
        latest = self.document.latest(key)
        saved = self.document(key=key, version=(latest.version + 1) if latest else 1,
                              title=title or getattr(definition, "title", key), body=body, created_by=author,
                              note=note)
        try:
            saved.save()
        except NotUniqueError as error:
            raise DefinitionRefused([_("刚刚有人保存了新的版本，请刷新后在最新版本上修改。")]) from error
        return saved

    def ensure_shipped(self, shipped):
        """Store each shipped definition unless its latest version already says the same.

        A version an administrator saved is never replaced by a shipped one.
        """
        for definition in shipped:
            body = definition.to_data()
            latest = self.document.latest(definition.key)
            if latest is None or (latest.created_by == SYSTEM and latest.body != body):
                self.save(definition.key, body, SYSTEM, note=_("系统内置"))
            elif latest.body != body:
                log.info("Kept %s %s v%s edited by %s", self.document.__name__, definition.key, latest.version,
                         latest.created_by)

    def clear_cache(self):
        self._cache.clear()


def _describe(error):
    if isinstance(error, KeyError):
        return _("缺少 %(name)s", name=error.args[0])
    return str(error)
