"""Changes a release makes to documents an earlier release stored, each run once per store, in order, at start.

The `migrations` collection records each one applied, so a start runs only the new ones; each is also safe to run
again. Tests load a document as the earlier release stored it and check the current code reads it.
"""
import datetime
import logging

import bson

from mongoengine.connection import get_db

from app.models.score import REGISTERED_AS

from workflows import types
from workflows.engine import recount_tallies, workflow_definitions

log = logging.getLogger(__name__)
MIGRATIONS = []


def migration(name):
    def register(function):
        MIGRATIONS.append((name, function))
        return function

    return register


@migration("candidate-lockout-fields")
def drop_lockout_fields(db):
    """Sign-in waits moved from the candidate (failed_logins, locked_until) to LoginThrottle."""
    return db.candidates.update_many({"$or": [{"failed_logins": {"$exists": True}}, {"locked_until": {"$exists": True}}]},
                                     {"$unset": {"failed_logins": "", "locked_until": ""}}).modified_count


@migration("score-corrections-old-new")
def rename_correction_marks(db):
    """A recheck correction on a score is kept as {old, new} (it was {old_mark, new_mark})."""
    changed = 0
    for score in db.scores.find({"history.old_mark": {"$exists": True}}, {"history": 1}):
        history = [{("old" if k == "old_mark" else "new" if k == "new_mark" else k): v for k, v in entry.items()}
                   for entry in score["history"]]
        changed += db.scores.update_one({"_id": score["_id"]}, {"$set": {"history": history}}).modified_count
    return changed


@migration("repin-unrunnable-workflows")
def repin_unrunnable(db):
    """Applications under way on a workflow version naming rules the code no longer has (score recheck v1 read the
    corrected mark from the comment) move to the latest version of their workflow, where their state exists."""
    moved = 0
    for saved in db.workflow_definitions.find({}, {"key": 1, "version": 1}):
        key, version = saved["key"], saved["version"]
        pinned = workflow_definitions.get(key, version)
        if not workflow_definitions.problems(pinned):
            continue
        latest_version, latest = workflow_definitions.latest(key)
        if latest_version == version or workflow_definitions.problems(latest):
            continue
        moved += db.applications.update_many(
            {"workflow_key": key, "workflow_version": version,
             "state": {"$in": sorted(set(latest.states) - set(latest.final))}},
            {"$set": {"workflow_version": latest_version}}).modified_count
    if moved:  # they count under their new version now
        recount_tallies()
    return moved


@migration("shipped-message-templates")
def ship_message_templates(db):
    """Business types stored before decisions sent site messages start with the message templates their shipped
    type has, as new ones do."""
    changed = 0
    for kind in types.shipped():
        templates = [message.template().to_mongo().to_dict() for message in kind.messages]
        changed += db.business_types.update_one({"key": kind.key, "message_templates": {"$exists": False}},
                                                {"$set": {"message_templates": templates}}).modified_count
    return changed


# The notices this release's shipped types tell that none told before: an unpaid application cancelled, and the
# reminder the day before an on-site review.
NEW_NOTICES = {("expire", "cancelled"), ("review_reminder", "review_slot")}


@migration("shipped-timer-messages")
def ship_timer_messages(db):
    """Business types stored before the timers get their shipped type's templates for the new notices, unless
    they have one for that notice already; what an administrator wrote stays."""
    changed = 0
    for kind in types.shipped():
        for message in kind.messages:
            if (message.event, message.state) not in NEW_NOTICES:
                continue
            changed += db.business_types.update_one(
                {"key": kind.key, "message_templates": {"$exists": True, "$not": {"$elemMatch": {
                    "event": message.event, "state": message.state}}}},
                {"$push": {"message_templates": message.template().to_mongo().to_dict()}}).modified_count
    return changed


@migration("queue-tallies")
def count_queues(db):
    """Stores from before the queues were tallied get their tallies counted once; the engine keeps them since."""
    return recount_tallies()


@migration("personal-message-reads")
def move_personal_reads(db):
    """A message to one candidate is marked read on itself (`read_at`); message_reads keeps only the messages to
    all, so the unread count is two counts."""
    reads = list(db.message_reads.find({}, {"message": 1, "read_at": 1}))
    personal = {row["_id"] for row in db.messages.find({"_id": {"$in": [read["message"] for read in reads]},
                                                        "recipient": {"$ne": None}}, {"_id": 1})}
    moved = [read for read in reads if read["message"] in personal]
    for read in moved:
        db.messages.update_one({"_id": read["message"], "read_at": None}, {"$set": {"read_at": read.get("read_at")}})
    if moved:
        db.message_reads.delete_many({"_id": {"$in": [read["_id"] for read in moved]}})
    return len(moved)


@migration("preaudit-entries")
def move_preaudit_findings(db):
    """A batch pre-audit's eligible candidates, once ids on its job's result, are entries of their own
    (preaudit_entries), beside those one course short."""
    moved = 0
    for job in db.jobs.find({"kind": "preaudit", "result.candidates.0": {"$exists": True}}, {"result": 1, "params": 1}):
        major = db.majors.find_one({"_id": bson.ObjectId((job.get("params") or {}).get("major"))}, {"code": 1, "name": 1}) \
            if bson.ObjectId.is_valid((job.get("params") or {}).get("major")) else None
        named = f"{major['code']} {major['name']}" if major else ""
        numbers = {row["_id"]: row["exam_number"] for row in db.candidates.find(
            {"_id": {"$in": job["result"]["candidates"]}}, {"exam_number": 1})}
        entries = [{"job": job["_id"], "candidate": cid, "exam_number": numbers[cid], "major": named,
                    "verdict": "eligible"} for cid in job["result"]["candidates"] if cid in numbers]
        if entries:
            db.preaudit_entries.insert_many(entries)
        db.jobs.update_one({"_id": job["_id"]}, {"$unset": {"result.candidates": ""}})
        moved += len(entries)
    return moved + db.jobs.update_many({"kind": "preaudit", "result.counts.eligible": {"$exists": True},
                                        "result.counts.one_short": {"$exists": False}},
                                       {"$set": {"result.counts.one_short": 0}}).modified_count


@migration("sitting-scores-published-at")
def publication_time(db):
    """A sitting's publication of scores is a time (`scores_published_at`), no longer a date: a stored date becomes
    that day at 00:00. Candidates are told of a publication from this release on, so a sitting whose scores were
    out already is recorded as announced: its candidates are not told years later."""
    now, changed = datetime.datetime.now(), 0
    for sitting in db.sittings.find({"scores_published_on": {"$exists": True}}, {"scores_published_on": 1}):
        day, update = sitting["scores_published_on"], {"$unset": {"scores_published_on": ""}}
        if day is not None:  # stored as a datetime, as BSON keeps dates
            at = datetime.datetime.combine(day.date(), datetime.time())
            update["$set"] = {"scores_published_at": at, **({"scores_announced_at": now} if at <= now else {})}
        changed += db.sittings.update_one({"_id": sitting["_id"]}, update).modified_count
    return changed


@migration("back-registrations-kind")
def back_registration_kinds(db):
    """A back-registered score 补登 says what it registered (`registered_as`: an exam score, 免考 or 转入, and a
    transfer-in's province), read from the application its origin names, so the records count it as that kind; one
    whose application is gone, or does not say, is left as it was (it counts as an exam score). The origin's
    application is found by its id whatever business type it names: only the back-registration's effect records
    a score 补登, under its own type's key, and a type copied from 成绩补登 has a key (and workflow key) of its own."""
    scores = list(db.scores.find({"source": "back_registration", "registered_as": {"$exists": False},
                                  "origin": {"$regex": "^[^:]+:[^:]+:"}}, {"origin": 1}))
    ids = {score["_id"]: score["origin"].split(":")[1] for score in scores}
    wanted = [bson.ObjectId(pk) for pk in set(ids.values()) if bson.ObjectId.is_valid(pk)]
    answers = {str(found["_id"]): found.get("data") or {}
               for found in db.applications.find({"_id": {"$in": wanted}}, {"data": 1})} if wanted else {}
    changed = 0
    for score_id, application_id in ids.items():
        data = answers.get(application_id, {})
        kind = data.get("kind")
        if kind not in dict(REGISTERED_AS):
            continue
        kept = {"registered_as": kind}
        if kind == "transfer_in" and data.get("from_province"):
            kept["from_province"] = data["from_province"]
        changed += db.scores.update_one({"_id": score_id}, {"$set": kept}).modified_count
    return changed


def run():
    """Apply every migration this store has not had yet."""
    db = get_db()
    done = {entry["_id"] for entry in db.migrations.find({}, {"_id": 1})}
    for name, function in MIGRATIONS:
        if name in done:
            continue
        changed = function(db)
        db.migrations.insert_one({"_id": name, "at": datetime.datetime.now(), "changed": changed})
        if changed:
            log.warning("Migration %s changed %d documents", name, changed)
