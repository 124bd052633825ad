"""Queue tallies (app/models/tally.py): an application counted out of where it stood and into where it stands, and
the tallies rebuilt from the applications themselves."""
import collections
from dataclasses import dataclass

from bson import DBRef, ObjectId

from app.models import Application, QueueTally
from app.models.tally import DISTRICT, MAJOR


def _id(value):
    """The id a reference field holds, loaded or not."""
    if value is None or isinstance(value, ObjectId):
        return value
    return value.id if isinstance(value, DBRef) else value.pk


@dataclass(frozen=True)
class Standing:
    """Where an application stands, as the tallies count it."""

    type: str
    workflow_key: str
    workflow_version: int
    state: str
    district: ObjectId | None
    major: ObjectId | None

    @classmethod
    def of(cls, application):
        fields = application._data  # the references' ids, without loading what they name
        return cls(application.type, application.workflow_key, application.workflow_version, application.state,
                   _id(fields.get("district")), _id(fields.get("major")))

    def keys(self):
        """The tally documents this standing counts in, its district's and its major's, as sorted key tuples."""
        for place, at in ((DISTRICT, self.district), (MAJOR, self.major)):
            if at is not None:
                yield (("at", at), ("place", place), ("type", self.type), ("workflow_key", self.workflow_key),
                       ("workflow_version", self.workflow_version))


def move(before, after):
    """Count an application out of `before` and into `after`; None is a draft, which no queue counts. One update
    per tally document touched: two when only the state changed."""
    steps = collections.defaultdict(collections.Counter)
    for standing, step in ((before, -1), (after, 1)):
        if standing is not None:
            for key in standing.keys():
                steps[key][standing.state] += step
    collection = QueueTally._get_collection()
    for key, counts in steps.items():
        changed = {f"states.{state}": n for state, n in counts.items() if n}
        if changed:
            collection.update_one(dict(key), {"$inc": changed}, upsert=True)


def recount(counted):
    """Rebuild every tally from the applications; `counted(workflow_key, version, state)` says whether a state is
    counted (drafts are not). For a store whose applications were loaded around the engine, or to check the tallies:
    run it while no one is deciding, since a decision made during the count may be missed."""
    totals, applications = collections.defaultdict(collections.Counter), 0
    fields = ("type", "workflow_key", "workflow_version", "state", "district", "major")
    for row in Application.objects.only(*fields).as_pymongo():
        if counted(row["workflow_key"], row["workflow_version"], row["state"]):
            standing = Standing(*(row.get(name) for name in fields))
            applications += 1
            for key in standing.keys():
                totals[key][standing.state] += 1
    QueueTally.objects.delete()
    if totals:
        QueueTally._get_collection().insert_many([{**dict(key), "states": dict(counts)}
                                                  for key, counts in totals.items()])
    return applications
