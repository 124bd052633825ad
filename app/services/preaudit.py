"""The batch graduation pre-audit 批量毕业预审: every candidate of some majors (one, or all of a university's) within a
staff user's scope, audited as each would see it on 毕业条件预判 (app/services/graduation_audit.py).

The candidates go in batches of PREAUDIT_BATCH_SIZE to PREAUDIT_PROCESSES worker processes (every core by
default), each loading its batch's scores and auditing them; progress is reported as each batch comes back. The
findings are `PreauditEntry` documents: the eligible candidates, and those one course short, with what is missing.
"""
import os

from flask import current_app
from flask_babel import gettext as _

from app import mongo, roles
from app.jobs import JobFailed
from app.models import Candidate, District, Major, MajorPlan, PreauditEntry, University
from app.models.job import JobResult
from app.models.preaudit import ELIGIBLE, ONE_SHORT
from app.scope import restrict
from app.services import graduation_audit as audits

ENTRY_BATCH = 1000


def majors(scope):
    """The majors a staff user may pre-audit: those with a plan; a university's, only the ones it sponsors."""
    planned = [plan.major.id for plan in MajorPlan.objects.no_dereference().only("major")]
    found = Major.objects(pk__in=planned).only("code", "name", "level", "university").no_dereference()
    if scope.kind == roles.SCOPE_UNIVERSITY:
        return found.filter(university=University.objects(code=scope.code).scalar("id").first())
    return found if scope.kind else found.filter(pk__in=[])


def universities(majors_offered):
    """The universities sponsoring some of `majors_offered`, by code: each may be pre-audited whole."""
    ids = {major.university.id for major in majors_offered if major.university}
    return list(University.objects(pk__in=list(ids)).only("code", "name").order_by("code"))


def candidates(major, scope):
    """The candidates of `major` within `scope` as (id, exam number), by exam number (merged records left out)."""
    found = restrict(Candidate.objects(major=major.pk, merged_into=None), scope)
    return list(found.order_by("exam_number").scalar("id", "exam_number"))


def shortfall(result):
    """How many courses the audit found missing: required and extra-exam courses, and each elective group's
    courses still to pass."""
    rows = sum(1 for module in result.modules for row in module.rows
               if row.kind != audits.ELECTIVE and row.status == audits.MISSING)
    return rows + sum(group.choose - group.taken for module in result.modules for group in module.groups
                      if not group.met)


def verdict(plan, scores):
    """(ELIGIBLE, "") or (ONE_SHORT, what is missing) or None, for one candidate. A plan with extra-exam options
    is audited with each: the candidate needs to meet one of them."""
    results = []
    for choices in [audits.Choices(extra_option=option.id) for option in plan.extra_options] or [audits.Choices()]:
        results.append(audits.audit(plan, scores, choices))
        if results[-1].eligible:
            return ELIGIBLE, ""
    closest = min(results, key=shortfall)
    return (ONE_SHORT, "；".join(closest.reasons)) if shortfall(closest) == 1 else None


def audit_batch(work):
    """The findings of one batch of a major's candidates as PreauditEntry fields, and how many it audited. Run in
    a worker process: what it is given and gives back is plain data."""
    plan, batch = work
    scores = audits.load_scores([cid for cid, _number in batch])
    found = []
    for cid, number in batch:
        decided = verdict(plan, scores[str(cid)])
        if decided is not None:
            found.append({"candidate": cid, "exam_number": number, "major": f"{plan.major_code} {plan.major_name}",
                          "verdict": decided[0], "missing": decided[1] or None})
    return found, len(batch)


def _results(work):
    """The batches' findings as they come back: from a pool of worker processes, or here when one will do."""
    processes = min(current_app.config["PREAUDIT_PROCESSES"] or os.cpu_count() or 1, len(work))
    if processes <= 1:
        yield from map(audit_batch, work)
        return
    with mongo.workers(processes, current_app.config.get("MONGODB_URI")) as pool:
        yield from pool.imap(audit_batch, work)


def run(report, majors, scope):
    """Audit every candidate of `majors` (Majors) within `scope`; the eligible and the one-course-short recorded as
    the job's entries, the rest counted. A major without a plan fails the job only when it is the only one."""
    plans = {major.pk: audits.load_plan(major) for major in majors}
    if not any(plans.values()):
        named = "、".join(f"{major.code} {major.name}" for major in majors)
        raise JobFailed(_("专业 %(major)s 没有专业计划，无法预审。", major=named))
    size, work, total = current_app.config["PREAUDIT_BATCH_SIZE"], [], 0
    for major in majors:
        if plans[major.pk] is not None:
            found = candidates(major, scope)
            total += len(found)
            work += [(plans[major.pk], found[start:start + size]) for start in range(0, len(found), size)]
    PreauditEntry.objects(job=report.job_id).delete()  # an earlier attempt's
    report.start(total)
    counts, entries = {ELIGIBLE: 0, ONE_SHORT: 0}, []
    for found, audited in _results(work):
        for entry in found:
            counts[entry["verdict"]] += 1
            entries.append({"job": report.job_id, **entry})
        if len(entries) >= ENTRY_BATCH:
            _keep(entries)
        report.advance(audited)
    _keep(entries)
    return JobResult(counts={"eligible": counts[ELIGIBLE], "one_short": counts[ONE_SHORT],
                             "not_eligible": total - counts[ELIGIBLE] - counts[ONE_SHORT]})


def _keep(entries):
    """Store the findings gathered so far, in one insert, and start gathering again."""
    if entries:
        PreauditEntry._get_collection().insert_many([PreauditEntry(**entry).to_mongo() for entry in entries],
                                                    ordered=False)
        entries.clear()


def findings(job, scope, verdict_wanted, limit=None):
    """A finished pre-audit's findings of one verdict whose candidates `scope` still reaches, by exam number, as
    (exam number, name, district name, major, missing): three queries, whatever the rows."""
    found = PreauditEntry.objects(job=job.pk, verdict=verdict_wanted).order_by("exam_number").as_pymongo()
    entries = list(found.limit(limit) if limit else found)
    reached = {c.pk: c for c in restrict(Candidate.objects(pk__in=[e["candidate"] for e in entries]), scope)
               .no_dereference().only("name", "district")}
    names = dict(District.objects(pk__in=list({c.district.id for c in reached.values() if c.district}))
                 .scalar("id", "name"))
    return [(entry["exam_number"], reached[entry["candidate"]].name,
             names.get(reached[entry["candidate"]].district.id, "") if reached[entry["candidate"]].district else "",
             entry["major"], entry.get("missing") or "") for entry in entries if entry["candidate"] in reached]
