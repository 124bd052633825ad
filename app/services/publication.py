"""Score publication 成绩公布: which scores a candidate may see, and the site message telling them a sitting's are out.

The rule, in one place: an exam score of a sitting kept as a Sitting whose publication time (`scores_published_at`)
is unset or to come is hidden from the candidate; a sitting with no Sitting document (history from before the
platform) shows its scores; exemption, transfer-in and back-registration scores always show. Every candidate-facing
read of scores adds `visible_filter()` to its query: one small query for the sittings still hidden, whatever the
number of scores. Staff read every score.
"""
import datetime

from flask_babel import gettext as _
from pymongo.errors import BulkWriteError

from app.models import Message, Score, Sitting

ALWAYS_SHOWN = ("exemption", "transfer_in", "back_registration")
SENDER = "考试院"
BATCH = 1000  # messages inserted at once
DUPLICATE_KEY = 11000


def unpublished(now=None):
    """The codes of the sittings whose scores are not out at `now` (publication time unset or later)."""
    now = now or datetime.datetime.now()
    return list(Sitting.objects(__raw__={"$or": [{"scores_published_at": None},
                                                 {"scores_published_at": {"$gt": now}}]}).scalar("code"))


def hides(score, hidden):
    """Whether a candidate may not see `score` (a Score with its sitting and source) while the `hidden` sittings'
    scores are not out: the rule `visible_filter` puts to the store."""
    return score.sitting in hidden and score.source not in ALWAYS_SHOWN


def visible_filter(now=None, hidden=None):
    """A raw store filter on scores leaving out those a candidate may not see at `now` (or while the `hidden`
    sittings' scores are not out); {} when every sitting's are."""
    hidden = unpublished(now) if hidden is None else hidden
    return {"$nor": [{"sitting": {"$in": list(hidden)}, "source": {"$nin": ALWAYS_SHOWN}}]} if hidden else {}


def visible(scores, now=None, hidden=None):
    """The Score queryset `scores` narrowed to what a candidate may see (visible_filter)."""
    found = visible_filter(now, hidden)
    return scores.filter(__raw__=found) if found else scores


# --- telling the candidates ---------------------------------------------------------------------------------------

def _pending(now):
    return Sitting.objects(scores_announced_at=None, scores_published_at__lte=now)


def due(now=None):
    """Whether some sitting's publication time has passed without its candidates being told."""
    return _pending(now or datetime.datetime.now()).limit(1).count(with_limit_and_skip=True) > 0


def announce_due(report=None, now=None):
    """Tell every candidate with an exam score of each sitting now published and not yet announced, then mark the
    sitting announced; the number of messages sent."""
    now, sent = now or datetime.datetime.now(), 0
    for sitting in _pending(now).only("code"):
        sent += _send(sitting, {"sitting": sitting.code, "source": "exam"}, now, report)
        Sitting.objects(pk=sitting.pk, scores_announced_at=None).update_one(set__scores_announced_at=now)
    return sent


def announce(sitting_code, candidate_ids, now=None):
    """Tell these candidates (ids) with an exam score of the sitting that its scores are out, where they are: a
    score added to a published sitting (by an import, after it commits) is announced as the job announces the
    others, and a candidate told already is not told again. The number of messages sent."""
    now = now or datetime.datetime.now()
    sitting = Sitting.objects(code=sitting_code, scores_published_at__lte=now).only("code").first()
    if sitting is None or not candidate_ids:
        return 0
    return _send(sitting, {"sitting": sitting.code, "source": "exam", "candidate": {"$in": list(candidate_ids)}}, now)


def _send(sitting, scores, now, report=None):
    """One message to each candidate the `scores` filter finds, in unordered bulk inserts; those sent before (same
    origin) are skipped by the store. The number inserted."""
    recipients = list(Score._get_collection().aggregate([
        {"$match": scores}, {"$group": {"_id": "$candidate", "district": {"$first": "$district"}}}]))
    title = _("成绩已公布")
    body = _("%(sitting)s考试成绩已公布，请登录查看当次成绩。", sitting=sitting.title)
    messages = [{"recipient": row["_id"], "district": row.get("district"), "title": title, "body": body,
                 "sent_at": now, "sender": SENDER, "origin": f"scores_published:{sitting.code}:{row['_id']}"}
                for row in recipients]
    if report:
        report.start(len(messages))
    sent, collection = 0, Message._get_collection()
    for start in range(0, len(messages), BATCH):
        batch = messages[start:start + BATCH]
        try:
            sent += len(collection.insert_many(batch, ordered=False).inserted_ids)
        except BulkWriteError as error:
            if any(each.get("code") != DUPLICATE_KEY for each in error.details.get("writeErrors", ())):
                raise
            sent += error.details.get("nInserted", 0)
        if report:
            report.advance(len(batch))
    return sent
