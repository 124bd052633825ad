"""Score publication 成绩公布: which scores a candidate may see.

The rule, in one place: an exam score of a sitting kept as a Sitting whose publication time (`scores_published_at`)
is unset or to come is hidden from the candidate; a sitting with no Sitting document (history from before the
platform) shows its scores; exemption, transfer-in and back-registration scores always show. Every candidate-facing
read of scores adds `visible_filter()` to its query: one small query for the sittings still hidden, whatever the
number of scores. Staff read every score.
"""
import datetime

from app.models import Sitting

ALWAYS_SHOWN = ("exemption", "transfer_in", "back_registration")


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
