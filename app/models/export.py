"""Exported files 导出文件: what a background export wrote, kept a few days for the staff user who asked."""
import datetime

from mongoengine import BinaryField, DateTimeField, Document, IntField, ObjectIdField, StringField

KEPT = datetime.timedelta(days=7)
# A document holds at most 16 MB: an export larger than this is refused with a request to narrow the filter.
MAX_ROWS = 100_000


class ExportFile(Document):
    job = ObjectIdField(required=True)
    requested_by_id = IntField()
    filename = StringField(required=True, max_length=200)
    content_type = StringField(required=True)
    content = BinaryField(required=True)
    expires_at = DateTimeField(required=True, default=lambda: datetime.datetime.now() + KEPT)

    meta = {"collection": "export_files",
            "indexes": ["job", {"fields": ["expires_at"], "expireAfterSeconds": 0}]}
