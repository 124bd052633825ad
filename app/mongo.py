"""The business store: a real MongoDB when MONGODB_URI is set, else the embedded demo store.

The demo store is mongomock, whose conditional updates are not atomic under
threads. In demo mode every collection operation runs under one process-wide
lock, so "filter on state and version, then update" stays a single step, as it
is on a real MongoDB.

mongomock reads every document of a collection for every query. The demo store
uses the indexes the documents declare, as MongoDB does: a query that fixes the
first field of one (equal to one value) reads only the documents holding that
value, found through a table kept per field and rebuilt after any write. A unique
index is checked through a set of its keys, which each insert extends and any other
write rebuilds: inserting many documents costs one pass, not one per document. A
cursor hands out its documents by position, not from a copy of the rest at each.
"""
import collections
import copy
import datetime
import functools
import itertools
import multiprocessing
import os
import threading

import bson

import mongoengine
import mongomock
import mongomock.gridfs
from mongomock.filtering import filter_applies
from mongoengine.base import _document_registry

DEMO_DB_NAME = "zikao_demo"

demo_lock = threading.RLock()

# Collection methods that read or write the store in one call. `find` is absent
# on purpose: it returns a lazy cursor, whose evaluation is locked instead.
_LOCKED_COLLECTION_METHODS = (
    "insert_one", "insert_many", "update_one", "update_many", "replace_one",
    "delete_one", "delete_many", "find_one", "find_one_and_update",
    "find_one_and_replace", "find_one_and_delete", "bulk_write",
    "count_documents", "estimated_document_count", "distinct", "aggregate",
    "create_index", "create_indexes", "drop", "drop_index", "drop_indexes",
)


# Of those, the ones that change what a collection holds but not always how many documents: the tables of its
# indexed fields are rebuilt after them. An insert is not among them: it adds documents, which the tables' stamps
# count, and it extends the sets of unique keys itself (`_ensure_uniques`), so consecutive inserts share them.
_WRITES = {"update_one", "update_many", "replace_one", "delete_one", "delete_many", "find_one_and_update",
           "find_one_and_replace", "find_one_and_delete", "bulk_write", "drop"}


def _locked(method, writes=False):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with demo_lock:
            if writes:
                _written(args[0])
            try:
                return method(*args, **kwargs)
            finally:
                if writes:
                    _written(args[0])

    wrapper.demo_locked = True
    return wrapper


def _written(collection):
    store = collection._store
    store.demo_writes = getattr(store, "demo_writes", 0) + 1


_SCALARS = (str, int, float, bool, bson.ObjectId, datetime.datetime)


def _fixed(query):
    """{field: the plain values it may hold} of each top-level field `query` fixes to one value or to one of a few
    ($in), also inside an $and."""
    found = {}
    for name, value in query.items():
        if name == "$and" and isinstance(value, list):
            for part in value:
                if isinstance(part, dict):
                    found.update(_fixed(part))
        elif name.startswith("$") or "." in name:
            continue
        elif isinstance(value, _SCALARS):
            found[name] = [value]
        elif isinstance(value, dict) and set(value) == {"$in"} and isinstance(value["$in"], list) \
                and all(isinstance(each, _SCALARS) for each in value["$in"]):
            found[name] = value["$in"]
    return found


def _table(store, fields):
    """{values of `fields`: (position, document) in store order}, or None when a document holds a list or a
    sub-document in one (which an equality may match inside); kept until the collection changes."""
    stamp = (id(store._documents), len(store._documents), getattr(store, "demo_writes", 0))
    tables = store.__dict__.setdefault("demo_tables", {})
    if fields not in tables or tables[fields][0] != stamp:
        table = collections.defaultdict(list)
        for position, document in enumerate(store._documents.values()):
            values = tuple(document.get(field) for field in fields)
            if any(isinstance(value, (list, dict)) for value in values):
                table = None
                break
            table[values].append((position, document))
        tables[fields] = (stamp, table)
    return tables[fields][1]


def _prefix(index, fixed):
    """The leading fields of `index` the query fixes."""
    fields = []
    for name, _direction in index["key"]:
        if name not in fixed:
            break
        fields.append(name)
    return tuple(fields)


def _iter_documents(collection, query):
    """mongomock's scan of a collection for `query`, through the table of the declared index whose leading fields
    the query fixes the most of."""
    store = collection._store
    if isinstance(query, dict) and not store.is_empty:  # is_empty also drops what a TTL index expired
        fixed = _fixed(query)
        if len(fixed.get("_id", ())) == 1:  # the store keeps its documents by id
            found = store._documents.get(fixed["_id"][0])
            return iter([found] if found is not None and filter_applies(query, found) else [])
        for fields in sorted({_prefix(index, fixed) for index in store.indexes.values()} - {()}, key=len,
                             reverse=True):
            table = _table(store, fields)
            if table is not None:
                chosen = [table.get(values, ()) for values in itertools.product(*(fixed[f] for f in fields))]
                rows = chosen[0] if len(chosen) == 1 else sorted(row for rows in chosen for row in rows)
                rest = _residue(query, fields)
                if not rest:
                    return iter([document for _position, document in rows])
                return (document for _position, document in list(rows) if filter_applies(rest, document))
    return _scan(collection, query)


def _residue(query, fields):
    """What of `query` the table of `fields` has not decided already: a field fixed to text or ids is matched by
    the table exactly, as the index would (a number or a flag is checked again: Python takes True for 1)."""
    return {name: value for name, value in query.items()
            if name not in fields or not all(isinstance(each, (str, bson.ObjectId)) for each in _fixed({name: value})
                                             .get(name, [None]))}


_scan = mongomock.collection.Collection._iter_documents


def _unique_key(document, fields):
    """The values `document` holds in `fields` as a unique index compares them (a missing field as null), or None
    for a list or sub-document, which the index matches inside."""
    key = []
    for field in fields:
        try:
            value = mongomock.helpers.get_value_by_dot(document, field)
        except KeyError:
            value = None
        if isinstance(value, (list, dict)):
            return None
        key.append((isinstance(value, bool), value))  # True is not 1 to MongoDB
    return tuple(key)


def _ensure_uniques(collection, new_data):
    """mongomock's check that `new_data`, just stored, breaks no unique index (`_uniques_hold`). A refused document
    is taken out again by mongomock, which leaves the count of documents as it was: the refusal counts as a write,
    so no table built while it was stored outlives it (an unordered insert_many checks its next document at once)."""
    try:
        return _uniques_hold(collection, new_data)
    except mongomock.DuplicateKeyError:
        _written(collection)
        raise


def _uniques_hold(collection, new_data):
    """The unique check through each index's set of keys, kept while inserts alone change the collection;
    mongomock's own scan where a set cannot say (a sparse, partial or TTL index, a list in a key)."""
    store = collection._store
    indexes = store.indexes.values()
    uniques = [[field for field, _direction in index["key"]] for index in indexes if index.get("unique")]
    if not uniques:
        return
    if any(index.get("sparse") or index.get("partialFilterExpression") is not None
           or index.get("expireAfterSeconds") is not None for index in indexes):
        return _check_uniques(collection, new_data)
    documents, writes = store._documents, getattr(store, "demo_writes", 0)
    kept = store.__dict__.setdefault("demo_uniques", {})
    checked = []
    for fields in uniques:
        key = _unique_key(new_data, fields)
        if key is None:
            return _check_uniques(collection, new_data)
        entry = kept.get(tuple(fields))
        # Good for this insert when it was current just before: the same documents, no other write since.
        if entry is None or entry[0] is not documents or entry[1] != writes or entry[2] != len(documents) - 1:
            keys = set()
            for document in documents.values():
                if document is not new_data:
                    other = _unique_key(document, fields)
                    if other is None:
                        return _check_uniques(collection, new_data)
                    keys.add(other)
            kept[tuple(fields)] = entry = [documents, writes, len(documents) - 1, keys]
        checked.append((entry, key))
    if any(key in entry[3] for entry, key in checked):
        raise mongomock.DuplicateKeyError("E11000 Duplicate Key Error", 11000)
    for entry, key in checked:
        entry[2] += 1
        entry[3].add(key)


_check_uniques = mongomock.collection.Collection._ensure_uniques

_IMMUTABLE = (str, int, float, bool, type(None), bson.ObjectId, datetime.datetime, datetime.date, bytes)


def _copy_field(value, container):
    """mongomock's copy of a stored value it hands out, without copying what cannot change (text, numbers, ids,
    times): `copy.copy` of each was a third of reading a document."""
    if isinstance(value, _IMMUTABLE):
        return value
    if isinstance(value, list):
        return [_copy_field(item, container) for item in value]
    if isinstance(value, dict):
        copied = container()
        for key, item in value.items():
            copied[key] = _copy_field(item, container)
        return copied
    return copy.copy(value)


def _copy_only_fields(collection, document, fields, container):
    """mongomock's projection of a document it hands out; one naming only top-level fields to include (what
    `only()` asks) is taken directly, rather than working the projection out again for every document."""
    if isinstance(fields, dict) and fields and all(value in (1, True) and "." not in name and not name.startswith("$")
                                                   for name, value in fields.items()):
        copied = container()
        for name, value in document.items():
            if name in fields or name == "_id":
                copied[name] = _copy_field(value, container)
        return copied
    return _project(collection, document, fields, container)


_project = mongomock.collection.Collection._copy_only_fields


def _next(cursor):
    """mongomock's next document of a cursor, taken by its position in the results computed once; mongomock copies
    the results past the skip at every step, so reading n documents took n² steps."""
    results = cursor._compute_results()
    position = (cursor._skip or 0) + cursor._emitted
    if (cursor._limit and cursor._emitted >= abs(cursor._limit)) or position >= len(results):
        raise StopIteration
    cursor._emitted += 1
    return results[position]


_add_update = mongomock.collection.BulkOperationBuilder.add_update


def _add_update_unsorted(self, selector, doc, multi=False, upsert=False, sort=None, **options):
    """pymongo's UpdateOne always passes `sort` (a MongoDB 8 option, None unless asked) to the bulk builder, which
    mongomock does not take: an update that asks none is built as before; one that asks a sort still reaches
    mongomock with it, which refuses it."""
    if sort is not None:
        options["sort"] = sort
    return _add_update(self, selector, doc, multi, upsert, **options)


def _serialise_demo_store():
    """Put every mongomock collection operation under `demo_lock` (once per process)."""
    targets = [(mongomock.collection.Collection, name) for name in _LOCKED_COLLECTION_METHODS]
    targets.append((mongomock.collection.Cursor, "_compute_results"))
    for cls, name in targets:
        method = getattr(cls, name)
        if not getattr(method, "demo_locked", False):
            setattr(cls, name, _locked(method, writes=cls is mongomock.collection.Collection and name in _WRITES))
    mongomock.collection.Collection._iter_documents = _iter_documents
    mongomock.collection.Collection._ensure_uniques = _ensure_uniques
    mongomock.collection.Cursor.__next__ = mongomock.collection.Cursor.next = _next
    mongomock.collection._copy_field = _copy_field
    mongomock.collection.Collection._copy_only_fields = _copy_only_fields
    mongomock.collection.BulkOperationBuilder.add_update = _add_update_unsorted
    os.register_at_fork(before=_hold_for_fork, after_in_parent=_release_after_fork,
                        after_in_child=_fresh_lock_after_fork)


def _on_demo_store():
    try:
        return isinstance(mongoengine.get_connection(), mongomock.MongoClient)
    except mongoengine.connection.ConnectionFailure:
        return False


def _hold_for_fork():
    demo_lock.acquire()


def _release_after_fork():
    demo_lock.release()


def _fresh_lock_after_fork():
    """A forked process has one thread, the one that forked: the lock it held is replaced, not inherited."""
    global demo_lock
    demo_lock = threading.RLock()


def _connect(uri):
    mongoengine.disconnect_all()
    mongoengine.connect(host=uri, w="majority", uuidRepresentation="standard", tz_aware=False)
    # Documents cache their collection; a new connection needs fresh ones.
    for document in _document_registry.values():
        if hasattr(document, "_collection"):
            document._collection = None


def _reconnect_after_fork(uri):
    """A worker process of `workers`: a MongoDB client is not fork-safe, so it opens its own; the demo store is
    the parent's memory, read as it was when the worker was forked."""
    if uri:
        _connect(uri)


def workers(processes, uri):
    """A pool of `processes` worker processes, forked from this one, reading the store `uri` names (the demo
    store when None). In demo mode the fork happens while no thread is inside the store (`_hold_for_fork`)."""
    return multiprocessing.get_context("fork").Pool(processes, initializer=_reconnect_after_fork, initargs=(uri,))


def init_app(app):
    """Connect MongoEngine for this app; record whether we run in demo mode. The demo store belongs to the
    process: every app built in it uses the same one."""
    uri = app.config.get("MONGODB_URI")
    app.config["DEMO_MODE"] = not uri
    if uri:
        _connect(uri)
    elif not _on_demo_store():
        mongoengine.disconnect_all()
        _serialise_demo_store()
        mongomock.gridfs.enable_gridfs_integration()
        mongoengine.connect(
            DEMO_DB_NAME,
            host="mongodb://localhost",
            mongo_client_class=mongomock.MongoClient,
            uuidRepresentation="standard",
        )
        for document in _document_registry.values():
            if hasattr(document, "_collection"):
                document._collection = None
    for document in list(_document_registry.values()):
        if not document._meta.get("abstract") and hasattr(document, "ensure_indexes"):
            document.ensure_indexes()
