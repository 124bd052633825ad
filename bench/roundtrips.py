"""Count database round trips (demo store and staff SQL store) while a block runs.

Used by the benchmarks and tests that hold a page's count steady as its rows grow.
"""
import contextlib
import functools
import threading
import time
from dataclasses import dataclass, field

import mongomock
from sqlalchemy import event

_MONGO_CALLS = (
    "find", "find_one", "count_documents", "estimated_document_count", "distinct", "aggregate",
    "insert_one", "insert_many", "update_one", "update_many", "replace_one", "delete_one", "delete_many",
    "find_one_and_update", "find_one_and_replace", "find_one_and_delete", "bulk_write",
)


@dataclass
class RoundTrips:
    mongo: int = 0
    sql: int = 0
    mongo_calls: list = field(default_factory=list)
    queries: list = field(default_factory=list)  # Query of each find, count and distinct, as the store was asked
    seconds: float = 0.0  # spent in the demo store's calls

    def reads(self, collection):
        return [query for query in self.queries if query.collection == collection]


@dataclass
class Query:
    """What one read asked of a collection: its filter, and for a find its sort, limit and projection (read from
    the cursor once the block ends, since a cursor is sorted and limited after it is made)."""

    collection: str
    call: str
    filter: dict
    cursor: object = None

    @property
    def sort(self):
        return list(getattr(self.cursor, "_sort", None) or [])

    @property
    def limit(self):
        return getattr(self.cursor, "_limit", None)

    @property
    def projection(self):
        return getattr(self.cursor, "_projection", None)


@contextlib.contextmanager
def counting(engine=None):
    """Yield a RoundTrips that counts demo-store calls and, given an engine, SQL statements. A call the demo store
    makes while answering another (a find_one's find, an aggregate's $lookup) is part of that one round trip; a
    find is counted when its cursor is first read, as a server is asked only then (a cursor made for a count is
    not a round trip of its own)."""
    trips = RoundTrips()
    originals = {name: getattr(mongomock.collection.Collection, name) for name in _MONGO_CALLS}
    read = mongomock.collection.Cursor._compute_results
    inside = threading.local()

    def ask(name):
        trips.mongo += 1
        trips.mongo_calls.append(name)

    def counted(name, method):
        @functools.wraps(method)
        def wrapper(collection, *args, **kwargs):
            if getattr(inside, "call", False):
                return method(collection, *args, **kwargs)
            if name != "find":
                ask(f"{collection.name}.{name}")
            inside.call, started = True, time.perf_counter()
            try:
                result = method(collection, *args, **kwargs)
            finally:
                inside.call = False
                trips.seconds += time.perf_counter() - started
            if name in ("find", "find_one", "count_documents", "distinct"):
                asked = args[1] if name == "distinct" and len(args) > 1 else args[0] if args and name != "distinct" \
                    else kwargs.get("filter")
                trips.queries.append(Query(collection.name, name, asked or {}, result if name == "find" else None))
            return result

        return wrapper

    @functools.wraps(read)
    def reading(cursor, *args, **kwargs):
        if getattr(inside, "call", False):
            return read(cursor, *args, **kwargs)
        if not getattr(cursor, "_counted_read", False):
            cursor._counted_read = True
            ask(f"{cursor.collection.name}.find")
        started = time.perf_counter()
        try:
            return read(cursor, *args, **kwargs)
        finally:
            trips.seconds += time.perf_counter() - started

    def on_sql(*_args):
        trips.sql += 1

    for name, method in originals.items():
        setattr(mongomock.collection.Collection, name, counted(name, method))
    mongomock.collection.Cursor._compute_results = reading
    if engine is not None:
        event.listen(engine, "before_cursor_execute", on_sql)
    try:
        yield trips
    finally:
        for name, method in originals.items():
            setattr(mongomock.collection.Collection, name, method)
        mongomock.collection.Cursor._compute_results = read
        if engine is not None:
            event.remove(engine, "before_cursor_execute", on_sql)
