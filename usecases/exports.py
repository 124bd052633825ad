"""Exports of a review queue: its rows as staff read them, to Excel (.xlsx, openpyxl) or to CSV that Excel opens
(UTF-8 with a byte-order mark).

An export is asked with the queue's own query (its filter and order within the user's scope and reach, as the
list ran it): a small one is written at once, a large one by a background job (usecases/jobs.py) that reports its
progress and keeps the file for the user to download.
"""
import datetime

import bson
from bson.regex import Regex
from flask_babel import lazy_gettext as _l

from app.models import Application, BusinessType, District, ExportFile, Major
from app.services import files
from app.services.spreadsheets import FORMATS, table  # noqa: F401  (FORMATS: the formats an export is offered in)
from workflows.engine import workflow_definitions

COLUMNS = (("type", _l("业务类型")), ("candidate_name", _l("姓名")), ("exam_number", _l("准考证号")),
           ("district", _l("考籍管理区县")), ("major", _l("专业")), ("state", _l("状态")),
           ("submitted_at", _l("提交时间")), ("last_comment", _l("最近意见")))
READ = tuple(name for name, _label in COLUMNS) + ("workflow_key", "workflow_version")
INLINE = 2000  # rows written within the request; a larger export is a background job
BATCH = 1000  # rows read, and their districts' and majors' names looked up, at a time


class Query:
    """A queue's query, as the list ran it: a MongoDB filter and sort, packed to travel in a job's parameters."""

    def __init__(self, filter, sort):
        self.filter, self.sort = filter, list(sort)

    @classmethod
    def of(cls, queryset):
        """The query a MongoEngine queryset would run."""
        return cls(queryset._query, queryset._ordering or [])

    def packed(self):
        return bson.Binary(bson.encode({"filter": self.filter, "sort": [list(key) for key in self.sort]}))

    @classmethod
    def unpacked(cls, data):
        found = _compiled(bson.decode(bytes(data)))
        return cls(found["filter"], [tuple(key) for key in found["sort"]])

    def count(self):
        return Application.objects(__raw__=self.filter).count()


def _compiled(value):
    """BSON gives patterns back as Regex; queries on the demo store need them compiled."""
    if isinstance(value, Regex):
        return value.try_compile()
    if isinstance(value, dict):
        return {key: _compiled(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_compiled(item) for item in value]
    return value


def rows(query, report=None):
    """Each row of the queue as its list shows it: labels, names and times, not codes and ids."""
    titles = dict(BusinessType.objects.order_by().scalar("key", "title"))
    names = {}
    cursor = Application._get_collection().find(query.filter, dict.fromkeys(READ, 1)).sort(query.sort or [("_id", 1)])
    batch = []
    for document in cursor:
        batch.append(document)
        if len(batch) == BATCH:
            yield from _shown(batch, titles, names, report)
            batch = []
    yield from _shown(batch, titles, names, report)


def _shown(batch, titles, names, report):
    unseen = {doc.get(name) for doc in batch for name in ("district", "major")} - set(names) - {None}
    if unseen:
        names.update(District.objects(id__in=list(unseen)).order_by().scalar("id", "name"))
        names.update((pk, f"{code} {name}") for pk, code, name in
                     Major.objects(id__in=list(unseen)).order_by().scalar("id", "code", "name"))
    for doc in batch:
        workflow = workflow_definitions.get(doc["workflow_key"], doc["workflow_version"])
        yield [titles.get(doc.get("type"), doc.get("type")), doc.get("candidate_name") or "",
               doc.get("exam_number") or "", names.get(doc.get("district"), ""), names.get(doc.get("major"), ""),
               workflow.state_label(doc.get("state")), doc.get("submitted_at"), doc.get("last_comment") or ""]
    if report is not None and batch:
        report.advance(len(batch))


def write(fmt, found):
    """The file of `found` rows in `fmt` ("xlsx" or "csv"), headed by the columns' labels."""
    return table(fmt, _l("审核队列"), [label for _name, label in COLUMNS], found)


def prune(now=None):
    """Remove the exported files past their time, content and all."""
    for made in ExportFile.objects(expires_at__lte=now or datetime.datetime.now()):
        files.delete(made.file_id)
        made.delete()


def available(file_id, user_id):
    """The exported file the user asked for, while it is kept; None for another's, one past its time, or none."""
    made = ExportFile.objects(pk=file_id, requested_by_id=user_id).first() if file_id else None
    return made if made is not None and not made.expired else None


def download(file_id, user_id):
    """(content, content type, file name) of an available() file, or None (its content gone too)."""
    made = available(file_id, user_id)
    found = files.read(made.file_id) if made is not None else None
    return (found[0], made.content_type, made.filename) if found else None


def filename(fmt, at=None):
    return f"审核队列-{(at or datetime.datetime.now()).strftime('%Y%m%d-%H%M')}.{fmt}"
