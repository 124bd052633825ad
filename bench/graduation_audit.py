"""The graduation audit's speed: one candidate at a time, and a batch of pre-audits.

Run: .venv/bin/python -m bench.graduation_audit [count]
(a) The median time to audit one candidate against a 20-course plan with 40 scores: the pure audit(), and
    the audit with its loading (six queries for the plan, three for the scores).
(b) The time to pre-audit `count` (default 10,000) candidates in one batch: load_plan once, then for each chunk
    of CHUNK candidates one load_scores (three queries) and an audit of each.

Both run on the demo store (mongomock). It has no indexes: every query scans the whole collection and tests
`$in` against each listed id in turn. A real MongoDB answers load_scores from the (candidate, course) index (and
the graduations using the scores from the (candidate, type) index), reading only the chunk's scores, so (b) keeps
in the store only the chunk being audited: its 40 scores per
candidate are inserted in bulk through the pymongo collection before, and deleted after, untimed. The audit needs
no candidate document, only the id its scores name.
"""
import statistics
import sys
import time

import bson

import config
from app import create_app
from app.models import Candidate, Course, District, ElectiveGroup, Major, MajorPlan, PlanModule, Score, University
from app.models.graduation_rules import ExtraExamOption, Substitution
from app.services import graduation_audit as audits

TINY = ["200"]
CHUNK = 100
# 20 plan courses: 基础 80001–80006 (80001 英语, replaceable), 专业 80007–80016, 选修 2 of 80017–80020.
PLAN_CODES = [f"800{n:02d}" for n in range(1, 21)]
OTHER_CODES = [f"801{n:02d}" for n in range(1, 11)]


def build_plan():
    """The 20-course plan of major 990101, with a substitution for 80001 and two extra-exam options."""
    courses = {code: Course(code=code, name=f"课程{code}", credits=5 if code <= "80006" else 4).save()
               for code in PLAN_CODES + OTHER_CODES}
    major = Major(code="990101", name="基准专业", level="本科",
                  university=University(code="10108", name="山西大学").save()).save()
    plan = MajorPlan(major=major, total_min_credits=78).save()
    PlanModule(plan=plan, order=1, name="基础课程", min_credits=30,
               required_courses=[courses[c] for c in PLAN_CODES[:6]]).save()
    PlanModule(plan=plan, order=2, name="专业课程", min_credits=40,
               required_courses=[courses[c] for c in PLAN_CODES[6:16]]).save()
    electives = PlanModule(plan=plan, order=3, name="选修课程", min_credits=8).save()
    ElectiveGroup(module=electives, name="选考组", choose=2, courses=[courses[c] for c in PLAN_CODES[16:]]).save()
    Substitution(plan=plan, name="英语顶替", replaces=[courses["80001"]], min_credits=7).save()
    ExtraExamOption(plan=plan, order=1, label="无需加考").save()
    ExtraExamOption(plan=plan, order=2, label="需加考", courses=[courses["80101"]], explainable=True).save()
    return major, courses


def score_rows(candidate_id, district_id, courses):
    """40 scores: passes of 80002–80020, failed first attempts of ten of them, a second pass of 80012, and ten
    passes outside the plan (left free to stand in for 80001)."""
    rows = [(code, 70 + n % 25, "2023-04") for n, code in enumerate(PLAN_CODES[1:])]
    rows += [(code, 45, "2022-10") for code in PLAN_CODES[1:11]]
    rows += [("80012", 88, "2024-04")]
    rows += [(code, 65, "2021-10") for code in OTHER_CODES]
    return [{"_id": bson.ObjectId(), "candidate": candidate_id, "district": district_id, "exam_number": "011499000001",
             "course": courses[code].pk, "mark": mark, "sitting": sitting, "source": "exam", "passed": mark >= 60,
             "used_for_graduation": False, "counts": True, "transferred_out": False} for code, mark, sitting in rows]


def median_seconds(function, runs):
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def one_candidate(major, courses, district):
    candidate = Candidate(exam_number="011499000001", id_number="140105199001010011", name="基准考生",
                          phone="13900000001", district=district, major=major, password_hash="x").save()
    Score._get_collection().insert_many(score_rows(candidate.pk, district.pk, courses))
    plan = audits.load_plan(major)
    scores = audits.load_scores([candidate.pk])[str(candidate.pk)]
    choices = audits.Choices(extra_option=plan.extra_options[0].id)
    result = audits.audit(plan, scores, choices)
    assert result.verdict == "eligible" and len(scores) == 40, result.reasons
    pure = median_seconds(lambda: audits.audit(plan, scores, choices), 500)
    loaded = median_seconds(lambda: audits.audit(audits.load_plan(major), audits.load_scores([candidate.pk])[str(candidate.pk)],
                                                        choices), 100)
    return pure, loaded


def batch(major, courses, district, count):
    """(seconds in all, of which loading scores, of which auditing, {verdict: candidates})."""
    collection = Score._get_collection()
    loading = auditing = 0.0
    verdicts = {}
    started = time.perf_counter()
    plan = audits.load_plan(major)
    choices = audits.Choices(extra_option=plan.extra_options[0].id)
    for start in range(0, count, CHUNK):
        ids = [bson.ObjectId() for _n in range(min(CHUNK, count - start))]
        paused = time.perf_counter()
        collection.insert_many([row for i in ids for row in score_rows(i, district.pk, courses)])
        started += time.perf_counter() - paused
        loaded_at = time.perf_counter()
        found = audits.load_scores(ids)
        audited_at = time.perf_counter()
        for scores in found.values():
            verdict = audits.audit(plan, scores, choices).verdict
            verdicts[verdict] = verdicts.get(verdict, 0) + 1
        loading += audited_at - loaded_at
        auditing += time.perf_counter() - audited_at
        paused = time.perf_counter()
        collection.delete_many({"candidate": {"$in": ids}})
        started += time.perf_counter() - paused
    return time.perf_counter() - started, loading, auditing, verdicts


def main(count=10_000):
    app = create_app(config.TestConfig)
    with app.test_request_context():
        major, courses = build_plan()
        district = District(code="140105", name="小店区").save()
        pure, loaded = one_candidate(major, courses, district)
        total, loading, auditing, verdicts = batch(major, courses, district, count)

    print("(a) one candidate, 20-course plan, 40 scores")
    print(f"    audit() alone, median:                  {pure * 1000:7.3f} ms")
    print(f"    the audit with its loading, median: {loaded * 1000:7.3f} ms")
    print(f"(b) {count:,} candidates in one batch, {CHUNK} per load_scores")
    print(f"    in all:                                 {total:7.2f} s  ({count / total:,.0f} candidates/s)")
    print(f"    of which load_scores:                   {loading:7.2f} s")
    print(f"    of which audit():                       {auditing:7.2f} s  ({count / auditing:,.0f} candidates/s)")
    print(f"    verdicts: {verdicts}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
