"""Conditional updates stay atomic under threads, on the demo store as on a real MongoDB."""
import os
import sys
import threading

import mongoengine
import pytest

from app import mongo
from app.models import Counter, District

STORES = [
    pytest.param(None, id="demo-store"),
    pytest.param(os.environ.get("TEST_MONGODB_URI"), id="mongodb", marks=[
        pytest.mark.mongodb,
        pytest.mark.skipif(not os.environ.get("TEST_MONGODB_URI"), reason="TEST_MONGODB_URI is not set"),
    ]),
]


@pytest.fixture(params=STORES)
def store(request, app):
    """The app's business store, switched to a real MongoDB for the `mongodb` case."""
    if request.param:
        app.config["MONGODB_URI"] = request.param
        mongo.init_app(app)
    yield
    if request.param:
        app.config["MONGODB_URI"] = None
        mongo.init_app(app)


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
