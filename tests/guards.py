"""Guards run as pure functions: a context built in memory, and a check that the guard made no query."""
import datetime

import bson

from app.models import Application
from bench.roundtrips import counting
from workflows.engine import Actor, GuardContext
from workflows.registry import GUARDS

NOW = datetime.datetime(2026, 5, 10, 9, 30)
CANDIDATE, DISTRICT = bson.ObjectId(), bson.ObjectId()


def context(actor=None, data=None, history=(), type_key="exemption", now=NOW, **facts):
    """A context for an application of `type_key` (never stored) with these answers and facts."""
    application = Application(type=type_key, candidate=CANDIDATE, district=DISTRICT, state="draft",
                              form_key=type_key, form_version=1, history=list(history))
    return GuardContext(application, actor or Actor.system("系统"), None, now, data or {}, [], {}, facts)


def check(name, given):
    """What the guard `name` says in `given`, having run without a single query."""
    with counting() as trips:
        said = GUARDS[name](given)
    assert trips.mongo == 0, f"{name} queried the store"
    return said
