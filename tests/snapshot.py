"""Both stores copied once and put back before each test, instead of re-seeding them.

The business store is mongomock: a snapshot keeps a copy of every collection's documents and restoring replaces
each collection's documents with fresh copies (its indexes stay as they are). Going through pymongo instead
(`delete_many` and `insert_many`) costs many times as long, as every insert checks the unique indexes again.
The staff users, roles and permissions are FAB's tables in SQLite in memory, copied with SQLite's backup API.
"""
import collections
import copy
import datetime
import decimal
import sqlite3

import bson
from mongoengine.connection import get_db

from app.extensions import db
from app.mongo import demo_lock

# Values nothing changes in place: copies share them. Anything else but a dict or a list is deep-copied.
_IMMUTABLE = frozenset({str, bytes, int, float, bool, type(None), bson.ObjectId, bson.Int64, bson.Decimal128,
                        datetime.datetime, datetime.date, decimal.Decimal})


def _copy(value):
    kind = type(value)
    if kind is dict:
        return {key: _copy(item) for key, item in value.items()}
    if kind is list:
        return [_copy(item) for item in value]
    return value if kind in _IMMUTABLE else copy.deepcopy(value)


def _store_of(database, name):
    """The mongomock store of one collection: an ordered {id: document} its writes change in place."""
    return database[name]._store


class Snapshot:
    """Both stores as they are now (taken inside an app context)."""

    def __init__(self):
        database = get_db()
        self.documents = {name: [(key, _copy(document)) for key, document in
                                 _store_of(database, name)._documents.items()]
                          for name in database.list_collection_names()}
        self.staff = sqlite3.connect(":memory:")
        with db.engine.connect() as connection:
            connection.connection.driver_connection.backup(self.staff)

    def restore(self):
        """Put both stores back as they were; collections made since are emptied. Restored documents are copies,
        so what one test changes never reaches the snapshot or the next test."""
        db.session.remove()
        with db.engine.connect() as connection:
            self.staff.backup(connection.connection.driver_connection)
        database = get_db()
        with demo_lock:
            for name in set(database.list_collection_names()) | set(self.documents):
                _store_of(database, name)._documents = collections.OrderedDict(
                    (key, _copy(document)) for key, document in self.documents.get(name, ()))
