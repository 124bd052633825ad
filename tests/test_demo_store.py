"""Conditional updates stay atomic under threads, on the demo store as on a real MongoDB."""
import sys
import threading

import bson
import mongoengine
import pytest

from app import mongo
from app.models import Counter, District


def race(workers, action):
    """Run `action(worker)` in threads started together, switching threads as often as possible."""
    barrier = threading.Barrier(workers)
    results = [None] * workers

    def run(index):
        barrier.wait()
        results[index] = action(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # without the demo lock, a few of 30 documents then get two winners
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    return results


def test_only_one_of_many_concurrent_conditional_updates_wins(app_ctx, store):
    districts = [District(code=f"{120100 + n:06d}", name=f"区{n}").save() for n in range(30)]

    for district in districts:
        # Every worker read the district while it was active; each tries to be the one to close it.
        winners = race(8, lambda worker, d=district: District.objects(pk=d.pk, active=True).update_one(
            set__active=False, set__phone=f"worker {worker}"))

        assert sum(winners) == 1
        assert district.reload().phone == f"worker {winners.index(1)}"


def test_counter_hands_out_each_number_once_under_threads(app_ctx, store):
    numbers = race(8, lambda _worker: [Counter.next("race") for _ in range(25)])

    flat = [n for batch in numbers for n in batch]
    assert sorted(flat) == list(range(1, 201))


def test_demo_store_operations_are_serialised(app):
    assert app.config["DEMO_MODE"]
    collection = mongoengine.connection.get_db()["districts"]
    assert getattr(type(collection).update_one, "demo_locked", False)


@pytest.fixture
def examined(monkeypatch):
    """How many documents the demo store matched a query against, per collection."""
    seen = {}

    def counting(query, document):
        seen["n"] = seen.get("n", 0) + 1
        return applies(query, document)

    import mongomock.collection

    applies = mongo.filter_applies
    monkeypatch.setattr(mongo, "filter_applies", counting)
    monkeypatch.setattr(mongomock.collection, "filter_applies", counting)  # mongomock's own full read
    return seen


def test_a_query_fixing_an_indexed_field_reads_only_the_documents_holding_its_value(app_ctx, examined):
    districts = [District(code=f"{130100 + n:06d}", name=f"测试区{n}").save() for n in range(200)]
    District.objects(code="130105").first()  # the field's table, built once
    read = {}
    for name, query in (("code", lambda: District.objects(code="130107").first().name),
                        ("code and name", lambda: [d.code for d in District.objects(code="130107", name="测试区8")]),
                        ("one of codes", lambda: len(District.objects(code__in=["130107", "130108"]))),
                        ("id", lambda: District.objects(pk=districts[3].pk).first().name),
                        ("phone", lambda: list(District.objects(phone="x")))):
        examined.clear()
        read[name] = (query(), examined.get("n", 0))

    # The code's table decides a code alone, as its index would; the name is checked on the one document it gives.
    assert read == {"code": ("测试区7", 0), "code and name": ([], 1), "one of codes": (2, 0), "id": ("测试区3", 1),
                    "phone": ([], 200)}  # phone has no index


def test_the_demo_stores_indexes_follow_every_write(app_ctx):
    district = District(code="130201", name="甲区").save()
    assert District.objects(code="130201").count() == 1

    District.objects(pk=district.pk).update_one(set__code="130202")
    moved = District.objects(code="130202").first()
    District(code="130203", name="乙区").save()
    District.objects(code="130203").delete()

    assert District.objects(code="130201").count() == 0 and moved.name == "甲区"
    assert District.objects(code="130203").count() == 0


def test_the_demo_store_answers_through_an_index_as_a_full_read_does(app_ctx):
    from app.models import Application

    collection = Application._get_collection()
    ids = [bson.ObjectId() for _ in range(3)]
    collection.insert_many([{"_id": i, "district": ids[n % 3], "state": s, "type": "t", "workflow_key": "k",
                             "workflow_version": 1, "candidate": ids[0], "submitted_at": None}
                            for n, (i, s) in enumerate(zip([bson.ObjectId() for _ in range(30)],
                                                           ["a", "b", "c"] * 10, strict=True))])
    queries = [{"district": ids[1]}, {"$and": [{"district": ids[2]}, {"state": {"$in": ["a", "c"]}}]},
               {"district": ids[0], "state": "b"}, {"district": bson.ObjectId()}, {"state": "a"}]

    for query in queries:
        assert [d["_id"] for d in mongo._iter_documents(collection, query)] == \
            [d["_id"] for d in mongo._scan(collection, query)]


def test_the_demo_store_keeps_unique_indexes_through_many_inserts_and_other_writes(app_ctx):
    import pymongo.errors

    collection = District._get_collection()
    with pytest.raises(pymongo.errors.BulkWriteError) as refused:
        collection.insert_many([{"code": "130301", "name": "甲"}, {"code": "130302", "name": "乙"},
                                {"code": "130301", "name": "丙"}, {"code": "130303", "name": "丁"}], ordered=False)
    assert refused.value.details["nInserted"] == 3
    with pytest.raises(pymongo.errors.DuplicateKeyError):
        collection.update_one({"code": "130302"}, {"$set": {"code": "130303"}})
    collection.delete_one({"code": "130301"})
    collection.insert_one({"code": "130301", "name": "戊"})

    assert sorted(District.objects(code__startswith="1303").scalar("code", "name")) == [
        ("130301", "戊"), ("130302", "乙"), ("130303", "丁")]


def test_an_unordered_insert_refuses_every_duplicate_of_a_sparse_unique_key(app_ctx):
    import pymongo.errors

    from app.models import Message

    collection = Message._get_collection()
    collection.insert_many([{"title": "t", "body": "b", "origin": f"o{n}"} for n in (1, 2)])
    with pytest.raises(pymongo.errors.BulkWriteError) as refused:
        collection.insert_many([{"title": "t", "body": "b", "origin": f"o{n}"} for n in (1, 2, 3)], ordered=False)

    assert refused.value.details["nInserted"] == 1 and len(refused.value.details["writeErrors"]) == 2
    assert [collection.count_documents({"origin": f"o{n}"}) for n in (1, 2, 3)] == [1, 1, 1]


def test_a_demo_store_cursor_hands_out_what_its_skip_and_limit_say(app_ctx):
    collection = District._get_collection()
    collection.insert_many([{"code": f"1304{n:02d}", "name": f"区{n}"} for n in range(12)])
    every = [d["code"] for d in collection.find({"code": {"$regex": "^1304"}}).sort("code")]

    assert every == [f"1304{n:02d}" for n in range(12)]
    for skip, limit in ((0, 0), (3, 0), (3, 4), (10, 5), (0, -2), (20, 1)):
        cursor = collection.find({"code": {"$regex": "^1304"}}).sort("code").skip(skip).limit(limit)
        assert [d["code"] for d in cursor] == every[skip:][:abs(limit) or None], (skip, limit)
