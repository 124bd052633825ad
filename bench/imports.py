"""Scores in and out at a province's size: the batch graduation pre-audit (and, below, score imports).

Run: .venv/bin/python -m bench.imports [candidates]
(a) The batch pre-audit of `candidates` (default 10,000) of one major, each with 40 scores (bench.graduation_audit's
    20-course plan), all in the store as a province's are: `preaudit.run` as the job runs it, in one worker process
    and in one per core (PREAUDIT_PROCESSES), alternated with its floor, the bare reads of the same scores in the
    same batches (pymongo `find` on the candidate index, no audit). Goal: at most 10 s on two cores.

On the demo store (mongomock), where reading is Python work like the audit, so both cores help both.
"""
import os
import sys
import time

import bson

import config
from app import create_app
from app.jobs.queue import Report
from app.models import Candidate, District, Job, Score
from app.scope import Scope
from app.services import preaudit
from bench.graduation_audit import build_plan, score_rows

TINY = ["300"]
ROUNDS = 2
GOAL_SECONDS = 10


def seeded(count):
    """A major of `count` candidates of one district, 40 scores each, written in bulk."""
    major, courses = build_plan()
    district = District(code="140105", name="小店区").save()
    ids = [bson.ObjectId() for _n in range(count)]
    Candidate._get_collection().insert_many([
        {"_id": cid, "exam_number": f"0114{n:08d}", "id_number": f"1401051990{n:08d}", "name": f"考生{n}",
         "phone": f"139{n:08d}", "district": district.pk, "major": major.pk, "password_hash": "x",
         "id_type": "id_card", "identity_verified": True, "active": True} for n, cid in enumerate(ids)])
    collection = Score._get_collection()
    for start in range(0, count, 500):
        collection.insert_many([row for cid in ids[start:start + 500] for row in score_rows(cid, district.pk, courses)])
    return major, ids


def timed(call):
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def batch_preaudit(app, major, ids):
    """{label: seconds} of the pre-audit in one process and in one per core, and of its floor; each the best of
    ROUNDS, alternated."""
    scope = Scope("province", "")
    size = app.config["PREAUDIT_BATCH_SIZE"]
    cores = os.cpu_count() or 1
    found = {}

    def audited(processes):
        app.config["PREAUDIT_PROCESSES"] = processes
        job = Job(kind="preaudit", title="基准", state="running").save()
        result = preaudit.run(Report(job.pk), [major], scope)
        assert result.counts["eligible"] == len(ids), result.counts

    def floor():
        collection = Score._get_collection()
        for start in range(0, len(ids), size):
            list(collection.find({"candidate": {"$in": ids[start:start + size]}}))

    runs = {f"pre-audit, {cores} processes": lambda: audited(cores), "pre-audit, 1 process": lambda: audited(1),
            "floor: bare reads of the same scores, 1 process": floor}
    for _round in range(ROUNDS):
        for label, call in runs.items():
            found[label] = min(found.get(label, float("inf")), timed(call))
    return found


def main(count=10_000):
    app = create_app(config.TestConfig)
    with app.test_request_context():
        major, ids = seeded(count)
        times = batch_preaudit(app, major, ids)
    print(f"(a) batch pre-audit of {count:,} candidates, 40 scores each, {os.cpu_count()} cores, best of {ROUNDS}")
    for label, seconds in times.items():
        print(f"    {label + ':':52} {seconds:7.2f} s  ({count / seconds:,.0f} candidates/s)")
    print(f"    goal: {GOAL_SECONDS} s for 10,000 candidates")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
