"""Versioned definitions (workflows, forms): load the shipped ones, save edits as new versions, read by version.

A saved (key, version) never changes, so parsed definitions are cached by it. What an administrator saved stays in
effect: a release that ships a different body for it records that body as an update waiting for their decision.
"""
import datetime
import difflib
import json
import logging
import re
from typing import NamedTuple

import bson
from flask_babel import gettext as _
from mongoengine.errors import NotUniqueError

from app.models.definitions import ADOPTED, APPLIED, KEPT, WAITING, ShippedDefinition

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


def english_of(data):
    """The English texts a definition's part carries beside its Chinese (its "en"), as given: the part's own checks
    say what is wrong with them."""
    return dict(expect(data.get("en", {}), dict, "en"))


class DefinitionRefused(ValueError):
    """A definition that cannot be saved; `problems` says why, one line each."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


class UpdateDecided(LookupError):
    """The shipped update was decided meanwhile, or a newer shipped body replaced it."""


class Line(NamedTuple):
    """A line of a diff: `kind` is "same", "removed", "added", or "gap" (lines left out); numbers from 1."""

    kind: str
    old: int | None
    new: int | None
    text: str


GAP = Line("gap", None, None, "")


def _lines(body):
    # Keys sorted: a definition's meaning does not depend on their order, and stored bodies compare without it.
    return json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True).splitlines()


def changed_lines(old, new, context=3):
    """The line diff of two bodies as pretty-printed JSON, with `context` unchanged lines around each change."""
    a, b = _lines(old), _lines(new)
    found, end = [], 0  # end: the old lines shown so far
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        if group[0][1] > end:
            found.append(GAP)
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                found += [Line("same", i + 1, j1 + i - i1 + 1, a[i]) for i in range(i1, i2)]
            else:  # a replacement is its old lines removed and its new lines added
                found += [Line("removed", i + 1, None, a[i]) for i in range(i1, i2)]
                found += [Line("added", None, j + 1, b[j]) for j in range(j1, j2)]
        end = group[-1][2]
    return found + [GAP] if found and end < len(a) else found


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
        title = title or getattr(definition, "title", key)
        limits = {name: self.document._fields[name].max_length for name in ("title", "note")}  # or it cannot be kept
        if len(title) > limits["title"]:
            raise DefinitionRefused([_("名称不能超过 %(max)d 个字。", max=limits["title"])])
        if note and len(note) > limits["note"]:
            raise DefinitionRefused([_("修改说明不能超过 %(max)d 个字。", max=limits["note"])])
        latest = self.document.latest(key)
        saved = self.document(key=key, version=(latest.version + 1) if latest else 1, title=title, body=body,
                              created_by=author, note=note)
        try:
            saved.save()
        except NotUniqueError as error:
            raise DefinitionRefused([_("刚刚有人保存了新的版本，请刷新后在最新版本上修改。")]) from error
        return saved

    def ensure_shipped(self, shipped):
        """Store each shipped definition unless its latest version already says the same.

        Over a latest version that says what was shipped last (the system's own, or an adopted update) the shipped
        body becomes the next version. A version an administrator changed is never replaced: a shipped body other
        than the one shipped last waits for their decision instead.
        """
        for definition in shipped:
            self._ship(definition.key, definition.to_data())

    def _ship(self, key, body):
        latest = self.document.latest(key)
        seen = ShippedDefinition.objects(definition=self.document.__name__, key=key).first()
        last = seen.body if seen else self._last_shipped(key)
        if latest is None or latest.created_by == SYSTEM or latest.body == last:
            if latest is None or latest.body != body:
                self.save(key, body, SYSTEM, note=_("系统内置"))
            status = APPLIED
        elif body == last:
            return  # shipped before: it still waits, or was decided
        elif body == latest.body:
            status = APPLIED
        else:
            status = WAITING
            log.warning("Shipped %s %s differs from v%s saved by %s: it waits for an administrator's decision",
                        self.document.__name__, key, latest.version, latest.created_by)
        if seen is not None and seen.body == body and (seen.status, status) == (ADOPTED, APPLIED):
            return  # the adopted body is in effect: the record keeps who adopted it
        if seen is None or (seen.body, seen.status) != (body, status):
            ShippedDefinition.objects(definition=self.document.__name__, key=key).update_one(
                upsert=True, set__body=body, set__status=status, set__shipped_at=datetime.datetime.now(),
                inc__revision=1, unset__decided_by=True, unset__decided_at=True)

    def _last_shipped(self, key):
        """The body of the system's latest version of `key`: what was shipped last, in a store that predates the
        record of shipped bodies."""
        saved = self.document.objects(key=key, created_by=SYSTEM).order_by("-version").only("body").first()
        return saved and saved.body

    def waiting(self):
        """The shipped updates waiting for an administrator's decision, by key."""
        return list(ShippedDefinition.objects(definition=self.document.__name__, status=WAITING).order_by("key"))

    def shipped_update(self, pk):
        """The shipped update with id `pk` (text) of this kind of definition, or None."""
        if not bson.ObjectId.is_valid(pk):
            return None
        return ShippedDefinition.objects(pk=pk, definition=self.document.__name__).first()

    def adopt(self, update, author):
        """Save the shipped body of the waiting `update` as the next version, by `author`; the new version.

        DefinitionRefused when the body fails the checks any save makes (the update then still waits).
        """
        decided = self._decide(update, ADOPTED, author)
        try:
            return self.save(update.key, update.body, author, note=_("采用内置版本的更新"))
        except DefinitionRefused:
            decided.update_one(set__status=WAITING, unset__decided_by=True, unset__decided_at=True)
            raise

    def keep(self, update, author):
        """Leave the version in effect as it is: `update` is not offered again until a different body ships."""
        self._decide(update, KEPT, author)

    def _decide(self, update, status, author):
        """Mark `update` decided, if it still waits as it was read; the query that finds it decided so."""
        found = ShippedDefinition.objects(pk=update.pk, revision=update.revision)
        if not found.filter(status=WAITING).update_one(set__status=status, set__decided_by=author,
                                                      set__decided_at=datetime.datetime.now()):
            raise UpdateDecided(update.pk)
        return found.filter(status=status, decided_by=author)

    def clear_cache(self):
        self._cache.clear()


def _describe(error):
    if isinstance(error, KeyError):
        return _("缺少 %(name)s", name=error.args[0])
    return str(error)
