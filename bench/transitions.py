"""Transitions per second on the demo store, against a bare pymongo update_one on the same collection.

Run: .venv/bin/python -m bench.transitions [count]
Fires the district reviewer's "approve" on `count` submitted exemptions, and
makes `count` bare conditional updates (filter on id, state and version; set
the state, bump the version) through pymongo on Application's own collection,
in CHUNKS chunks alternated within the run (engine chunk, bare chunk, ...), so
both see the same store and the same machine load. Each bare chunk updates the
documents its engine chunk just moved, from provincial review to approved.
"""
import sys
import time

import config
from app import create_app, roles
from app.models import Application
from app.scope import Scope
from app.services import demo
from bench.worlds import candidates, open_window, submitted_exemptions
from workflows.engine import Actor, fire

TINY = ["20"]
CHUNKS = 10


def engine_chunk(cases, reviewer):
    started = time.perf_counter()
    moved = [fire(case, "approve", reviewer) for case in cases]
    return time.perf_counter() - started, moved


def bare_chunk(collection, cases):
    started = time.perf_counter()
    for case in cases:
        result = collection.update_one({"_id": case.pk, "state": case.state, "version": case.version},
                                       {"$set": {"state": "approved"}, "$inc": {"version": 1}})
        assert result.modified_count == 1
    return time.perf_counter() - started


def main(count=500):
    app = create_app(config.TestConfig)
    with app.app_context():
        demo.seed()
        open_window()
        reviewer = Actor("staff", "1", "和平区审核员", frozenset({roles.DISTRICT_REVIEWER}),
                         Scope(roles.SCOPE_DISTRICT, "120101"))
        cases = submitted_exemptions(candidates(count))
        collection = Application._get_collection()
        engine = bare = 0.0
        size = -(-count // CHUNKS)
        for start in range(0, count, size):
            seconds, moved = engine_chunk(cases[start:start + size], reviewer)
            engine += seconds
            bare += bare_chunk(collection, moved)

    print(f"applications: {count}, in {CHUNKS} alternated chunks of {size}")
    print(f"engine transitions per second (guards, history, effects): {count / engine:,.0f}")
    print(f"bare pymongo update_one per second:                      {count / bare:,.0f}")
    print(f"ratio bare / engine: {engine / bare:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
