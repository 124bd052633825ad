"""Exported files 导出文件: what a background export wrote (its content in GridFS), kept a few days for the staff
user who asked; the next export removes those past their time."""
import datetime

from mongoengine import DateTimeField, Document, IntField, ObjectIdField, StringField

KEPT = datetime.timedelta(days=7)
# The most rows one export writes: a file Excel opens comfortably; a larger queue is narrowed by its filters first.
MAX_ROWS = 100_000


class ExportFile(Document):
    job = ObjectIdField(required=True)
    requested_by_id = IntField()
    filename = StringField(required=True, max_length=200)
    content_type = StringField(required=True)
    file_id = ObjectIdField(required=True)  # the content, in GridFS (a document holds at most 16 MB)
    expires_at = DateTimeField(required=True, default=lambda: datetime.datetime.now() + KEPT)

    meta = {"collection": "export_files", "indexes": ["job", "expires_at"]}

    @property
    def expired(self):
        return self.expires_at <= datetime.datetime.now()
