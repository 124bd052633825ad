"""Scores in and out at a province's size: a sitting's score import and the batch graduation pre-audit.

Run: .venv/bin/python -m bench.imports [score rows] [candidates]
(a) Importing `score rows` (default 100,000) of a sitting the platform ran (4 paid courses per registration) from an
    .xlsx: the commit job as it runs (the file read, every row checked against the store again, the scores written
    in batches), alternated with its floor, a bare `insert_many` of the same score documents on the same store; then
    the same file committed again, which finds every row unchanged and writes nothing.
(b) The batch pre-audit of `candidates` (default 10,000) of one major, each with 40 scores (bench.graduation_audit's
    20-course plan), all in the store as a province's are: `preaudit.run` as the job runs it, in one worker process
    and in one per core (PREAUDIT_PROCESSES), alternated with its floor, the bare reads of the same scores in the
    same batches (pymongo `find` on the candidate index, no audit). Goal: at most 10 s on two cores.

On the demo store (mongomock), where reading is Python work like the audit, so both cores help both.
"""
import io
import os
import sys
import time
from types import SimpleNamespace

import bson
from openpyxl import Workbook

import config
from app import create_app
from app.jobs.queue import Report
from app.models import Candidate, District, Job, Major, Registration, Score, Sitting
from app.scope import Scope
from app.services import imports, preaudit
from bench.graduation_audit import build_plan, score_rows

TINY = ["400", "300"]
COURSES_EACH = 4
ADMIN = SimpleNamespace(id=1, username="admin")
ROUNDS = 2
GOAL_SECONDS = 10


def seeded(major, courses, count):
    """`count` candidates of the major in one district, 40 scores each, written in bulk."""
    district = District(code="140105", name="小店区").save()
    ids = [bson.ObjectId() for _n in range(count)]
    Candidate._get_collection().insert_many([
        {"_id": cid, "exam_number": f"0114{n:08d}", "id_number": f"1401051990{n:08d}", "name": f"考生{n}",
         "phone": f"139{n:08d}", "district": district.pk, "major": major.pk, "password_hash": "x",
         "id_type": "id_card", "identity_verified": True, "active": True} for n, cid in enumerate(ids)])
    collection = Score._get_collection()
    for start in range(0, count, 500):
        collection.insert_many([row for cid in ids[start:start + 500] for row in score_rows(cid, district.pk, courses)])
    return ids


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
        assert result.counts["eligible"] == len(ids) and sum(result.counts.values()) == len(ids), result.counts

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


def sat(plan_major, courses, rows):
    """A sitting the platform ran, whose candidates (rows / 4 of them, of a major of their own, so the pre-audit
    below audits only its own) each chose and paid four courses; the score sheet of it as the exam office fills the
    template, as .xlsx."""
    major = Major(code="990102", name="基准专业二", level="本科", university=plan_major.university).save()
    district = District(code="140106", name="迎泽区").save()
    sitting = Sitting(code="2027-04").save()
    codes = sorted(courses)[:COURSES_EACH]
    people = rows // COURSES_EACH
    ids = [bson.ObjectId() for _n in range(people)]
    numbers = [f"0115{n:08d}" for n in range(people)]
    Candidate._get_collection().insert_many([
        {"_id": cid, "exam_number": numbers[n], "id_number": f"1401061991{n:08d}", "name": f"考生{n}",
         "phone": f"138{n:08d}", "district": district.pk, "major": major.pk, "password_hash": "x",
         "id_type": "id_card", "identity_verified": True, "active": True} for n, cid in enumerate(ids)])
    Registration._get_collection().insert_many([
        {"candidate": cid, "sitting": sitting.pk, "exam_number": numbers[n], "district": district.pk,
         "major": major.pk, "courses": codes, "paid": codes, "version": 1, "review": "none"}
        for n, cid in enumerate(ids)])
    book = Workbook(write_only=True)
    sheet = book.create_sheet("成绩")
    sheet.append(["准考证号", "姓名", "课程代码", "成绩", "等级", "考次"])
    for n, number in enumerate(numbers):
        for k, code in enumerate(codes):
            sheet.append([number, f"考生{n}", code, (n + k * 17) % 101, None, "2027-04"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def imported(app, content):
    """The file checked and committed, as the pages and jobs do; (seconds of the commit, its counts)."""
    data_import = imports.upload("scores", content, "成绩.xlsx", ADMIN)
    imports.check(data_import, Report(Job(kind="import_check", title="基准", state="running").save().pk))
    imports.start_commit(data_import.reload(), "whole")
    report = Report(Job(kind="import_commit", title="基准", state="running").save().pk)
    seconds = timed(lambda: imports.commit(data_import, report))
    return seconds, data_import.reload().counts


def score_import(app, major, courses, rows):
    """{label: seconds} of the commit of `rows` new scores and of the bare insert of the same documents, each the
    best of ROUNDS, alternated; and of the same file committed again."""
    content = sat(major, courses, rows)
    collection, found = Score._get_collection(), {}
    for _round in range(ROUNDS):
        seconds, counts = imported(app, content)
        assert counts["new"] == rows and counts["refused"] == 0, counts
        found["import, commit job"] = min(found.get("import, commit job", float("inf")), seconds)
        documents = [{k: v for k, v in doc.items() if k != "_id"} for doc in collection.find({})]
        collection.delete_many({})
        seconds = timed(lambda written=documents: collection.insert_many(written, ordered=False))
        found["floor: bare insert_many"] = min(found.get("floor: bare insert_many", float("inf")), seconds)
        collection.delete_many({})
    imported(app, content)
    seconds, counts = imported(app, content)
    assert counts["unchanged"] == rows, counts
    found["the same file again (all unchanged)"] = seconds
    return found


def main(rows=100_000, count=10_000):
    app = create_app(config.TestConfig)
    with app.test_request_context():
        major, courses = build_plan()
        imported_times = score_import(app, major, courses, rows)
        ids = seeded(major, courses, count)
        times = batch_preaudit(app, major, ids)
    print(f"(a) importing {rows:,} score rows (.xlsx), best of {ROUNDS}")
    for label, seconds in imported_times.items():
        print(f"    {label + ':':52} {seconds:7.2f} s  ({rows / seconds:,.0f} rows/s)")
    ratio = imported_times["import, commit job"] / imported_times["floor: bare insert_many"]
    print(f"    ratio import / bare insert: {ratio:.1f}x")
    print(f"(b) batch pre-audit of {count:,} candidates, 40 scores each, {os.cpu_count()} cores, best of {ROUNDS}")
    for label, seconds in times.items():
        print(f"    {label + ':':52} {seconds:7.2f} s  ({count / seconds:,.0f} candidates/s)")
    print(f"    goal: {GOAL_SECONDS} s for 10,000 candidates")


if __name__ == "__main__":
    main(*map(int, sys.argv[1:3]))
