"""Queue tallies: how many applications stand in each state, per district and per major.

Kept by the workflow engine as each transition moves an application (app/services/tallies.py), so the staff home
and the queue read their counts from a few small documents instead of counting the applications each time.
"""
from mongoengine import DictField, Document, IntField, ObjectIdField, StringField

DISTRICT, MAJOR = "district", "major"


class QueueTally(Document):
    place = StringField(required=True, choices=(DISTRICT, MAJOR))  # what `at` names
    at = ObjectIdField(required=True)  # the district's or the major's id
    type = StringField(required=True)
    workflow_key = StringField(required=True)
    workflow_version = IntField(required=True)
    states = DictField(IntField())  # state -> how many applications stand in it

    meta = {
        "collection": "queue_tallies",
        "indexes": [{"fields": ("place", "at", "workflow_key", "workflow_version", "type"), "unique": True},
                    ("place", "workflow_key", "workflow_version")],
    }
