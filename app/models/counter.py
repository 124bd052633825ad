"""Named counters, incremented atomically (exam number sequences)."""
from mongoengine import Document, IntField, StringField


class Counter(Document):
    name = StringField(primary_key=True)
    value = IntField(default=0)

    meta = {"collection": "counters"}

    @classmethod
    def next(cls, name):
        """The next value of `name`, unique even under concurrent calls."""
        counter = cls.objects(name=name).modify(upsert=True, new=True, inc__value=1)
        return counter.value
