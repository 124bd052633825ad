"""The business store: a real MongoDB when MONGODB_URI is set, else the embedded demo store.

The demo store is mongomock, whose conditional updates are not atomic under
threads. In demo mode every collection operation runs under one process-wide
lock, so "filter on state and version, then update" stays a single step, as it
is on a real MongoDB.
"""
import functools
import threading

import mongoengine
import mongomock
import mongomock.gridfs
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


def _locked(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with demo_lock:
            return method(*args, **kwargs)

    wrapper.demo_locked = True
    return wrapper


def _serialise_demo_store():
    """Put every mongomock collection operation under `demo_lock` (once per process)."""
    targets = [(mongomock.collection.Collection, name) for name in _LOCKED_COLLECTION_METHODS]
    targets.append((mongomock.collection.Cursor, "_compute_results"))
    for cls, name in targets:
        method = getattr(cls, name)
        if not getattr(method, "demo_locked", False):
            setattr(cls, name, _locked(method))


def _on_demo_store():
    try:
        return isinstance(mongoengine.get_connection(), mongomock.MongoClient)
    except mongoengine.connection.ConnectionFailure:
        return False


def init_app(app):
    """Connect MongoEngine for this app; record whether we run in demo mode. The demo store belongs to the
    process: every app built in it uses the same one."""
    uri = app.config.get("MONGODB_URI")
    app.config["DEMO_MODE"] = not uri
    if uri:
        mongoengine.disconnect_all()
        mongoengine.connect(host=uri, w="majority", uuidRepresentation="standard", tz_aware=False)
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
    # Documents cache their collection; a new connection needs fresh ones.
    for document in _document_registry.values():
        if hasattr(document, "_collection"):
            document._collection = None
    for document in list(_document_registry.values()):
        if not document._meta.get("abstract") and hasattr(document, "ensure_indexes"):
            document.ensure_indexes()
