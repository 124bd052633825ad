"""Data imports 数据导入: a file of scores, of the old system's candidates or of the catalogue, uploaded, checked row by
row against the store (a background job), then committed (another) as the administrator chooses: the whole file or
nothing, or its valid rows with the refused ones given back as a sheet.

Each kind (one module here) declares its columns once and a `Checker` that checks a batch of rows against the store
(batched `$in` reads, never one per row), marking each row new, changed, unchanged or refused with its problems, and
writes a batch of new and changed rows in bulk. A file is read once per job; the commit checks it again against the
store as it then is, and writes only new and changed rows, so the same file imported twice changes nothing.
"""
import datetime

from flask import current_app
from flask_babel import gettext as _

from app.jobs.queue import JobFailed
from app.models import AuditEntry, DataImport, ImportProblem, Job
from app.models.data_import import CHECKED, CHECKING, COMMITTED, COMMITTING, FAILED, MODES, VALID, WHOLE
from app.models.job import QUEUED, RUNNING, JobResult
from app.services import files

from . import candidates, catalogue, scores, sheets
from .base import CHANGED, NEW, REFUSED, UNCHANGED, Row

KINDS = {"scores": scores, "candidates": candidates, "courses": catalogue.courses, "majors": catalogue.majors,
         "plans": catalogue.plans}
CONTENT_TYPES = {".xlsx": sheets.FORMATS["xlsx"], ".csv": sheets.FORMATS["csv"]}


class Refused(Exception):
    """A commit that cannot start; the message says why."""


def upload(kind, content, filename, user):
    """Keep an uploaded file and record it as an import of `kind`, waiting for its check."""
    content_type = next((known for ending, known in CONTENT_TYPES.items() if filename.lower().endswith(ending)),
                        "application/octet-stream")
    return DataImport(kind=kind, filename=filename[-200:], file_id=files.keep(content, filename, content_type),
                      uploaded_by_id=getattr(user, "id", None), uploaded_by=getattr(user, "username", None)).save()


def check(data_import, report):
    """The check job: every row checked, the counts and each refused row's problems recorded. Run again (its job
    retried) once the import is being committed or is committed, it leaves it as it is: checked again, an old file
    could be committed once more over what changed since."""
    if data_import.state in (COMMITTING, COMMITTED):
        return _counts(data_import)
    rows = _checked(data_import, report, passes=1)
    if rows is None:
        return _counts(data_import)
    _record(data_import, rows, state=CHECKED, checked_at=datetime.datetime.now())
    return _counts(data_import.reload())


def commit(data_import, report):
    """The commit job (the one to time): the file checked again against the store as it is now, then its new and
    changed rows written in batches; in whole-file mode nothing is written if any row is refused now. Only an import
    its page marked as being committed (start_commit) is: that is where another commit of the kind is waited for."""
    if data_import.state != COMMITTING:
        raise JobFailed(_("此文件已导入或尚未校验完成，不能再次导入。"))
    try:
        rows = _checked(data_import, report, passes=2)
        if rows is None:
            raise JobFailed(data_import.error)
        counted = _record(data_import, rows, state=COMMITTING)
        if data_import.mode == WHOLE and counted[REFUSED]:
            raise JobFailed(_("有 %(n)d 行被拒绝，按“拒绝整个文件”的选择，整个文件未导入。请查看校验报告。", n=counted[REFUSED]))
        checker = _checker(data_import)
        for batch in rows:
            checker.write([row for row in batch if row.state in (NEW, CHANGED)])
            report.advance(len(batch))
        checker.finish()
    except Exception:
        back_to_checked(str(data_import.pk))
        raise
    DataImport.objects(pk=data_import.pk).update(set__state=COMMITTED, set__committed_at=datetime.datetime.now())
    data_import.reload()
    AuditEntry.record(data_import.uploader, "import",
                      data_import, {"file": data_import.filename, "mode": str(dict(MODES)[data_import.mode]),
                                    "added": data_import.new, "updated": data_import.changed,
                                    "unchanged": data_import.unchanged})
    return _counts(data_import)


def back_to_checked(data_import):
    """An import whose commit did not complete may be committed again (its rows written so far are unchanged then)."""
    DataImport.objects(pk=data_import, state=COMMITTING).update(set__state=CHECKED)


def _checker(data_import):
    return KINDS[data_import.kind].Checker(data_import)


def _checked(data_import, report, passes):
    """The file's rows checked, in batches, or None (the import failed, its error recorded) if it is unreadable."""
    kind = KINDS[data_import.kind]
    found = files.read(data_import.file_id)
    try:
        if found is None:
            raise sheets.Unreadable(_("上传的文件已不在存储中，请重新上传。"))
        filled = sheets.read(found[0], data_import.filename, kind.COLUMNS)
    except sheets.Unreadable as error:
        ImportProblem.objects(data_import=data_import).delete()
        DataImport.objects(pk=data_import.pk).update(set__state=FAILED, set__error=str(error)[:500], set__rows=0,
                                                     set__new=0, set__changed=0, set__unchanged=0, set__refused=0)
        data_import.error = str(error)[:500]
        return None
    report.start(len(filled) * passes)
    checker, rows = kind.Checker(data_import), []
    size = getattr(kind, "BATCH", None) or current_app.config["IMPORT_BATCH_SIZE"]
    for start in range(0, len(filled), size):
        batch = [Row(number, cells, *sheets.parse_row(kind.COLUMNS, cells)) for number, cells in
                 filled[start:start + size]]
        checker.check(batch)
        for row in batch:
            if row.refused:
                row.state = REFUSED
        rows.append(batch)
        report.advance(len(batch))
    return rows


def _record(data_import, rows, **updates):
    """Keep what the check found: the counts, and the problems of the refused rows (in place of any before)."""
    counted = dict.fromkeys((NEW, CHANGED, UNCHANGED, REFUSED), 0)
    ImportProblem.objects(data_import=data_import).delete()
    collection = ImportProblem._get_collection()
    for batch in rows:
        for row in batch:
            counted[row.state] += 1
        problems = [{"data_import": data_import.pk, "row": row.number, "column": column[:50], "message": message[:500]}
                    for row in batch for column, message in row.problems]
        if problems:
            collection.insert_many(problems, ordered=False)
    DataImport.objects(pk=data_import.pk).update(
        set__rows=sum(len(batch) for batch in rows), unset__error=True,
        **{f"set__{name}": count for name, count in counted.items()}, **{f"set__{k}": v for k, v in updates.items()})
    return counted


def _counts(data_import):
    return JobResult(counts={"new": data_import.new, "changed": data_import.changed,
                             "unchanged": data_import.unchanged, "refused": data_import.refused})


def under_way(kind):
    """A commit of `kind` queued or running, if any."""
    return Job.objects(kind="import_commit", state__in=[QUEUED, RUNNING], params__kind=kind).first()


def start_commit(data_import, mode):
    """Mark a checked import as being committed in `mode`; raises Refused (another commit of the kind is under way,
    or the import is not checked, or committed already)."""
    if mode not in (WHOLE, VALID):
        raise Refused(_("请选择导入方式。"))
    if under_way(data_import.kind):
        raise Refused(_("另一个%(kind)s导入正在进行，请等它完成后再导入。", kind=data_import.kind_label))
    if not DataImport.objects(pk=data_import.pk, state=CHECKED).update(set__state=COMMITTING, set__mode=mode):
        raise Refused(_("此文件已导入或尚未校验完成，不能再次导入。"))
    # Two requests may both have found no commit job above before either queued its own: each marks its import
    # first, then looks for another of the kind being committed, so at most one of them goes on.
    if DataImport.objects(kind=data_import.kind, state=COMMITTING, pk__ne=data_import.pk).first() is not None:
        back_to_checked(data_import.pk)
        raise Refused(_("另一个%(kind)s导入正在进行，请等它完成后再导入。", kind=data_import.kind_label))
    data_import.reload()


def problems(data_import, page, size):
    """One page of the check's problems, in row order, and how many there are."""
    found = ImportProblem.objects(data_import=data_import).order_by("row")
    return found.count(), list(found.skip(page * size).limit(size).only("row", "column", "message"))


def refused_rows(data_import):
    """The refused rows as an .xlsx to correct and import again, each with its problems; None if there are none."""
    listed = {}
    for row, column, message in ImportProblem.objects(data_import=data_import).order_by("row").scalar(
            "row", "column", "message"):
        listed.setdefault(row, []).append(f"{column}：{message}" if column else message)
    found = files.read(data_import.file_id)
    if not listed or found is None:
        return None
    kind = KINDS[data_import.kind]
    filled = sheets.read(found[0], data_import.filename, kind.COLUMNS)
    return sheets.refused_sheet(kind.COLUMNS, [(cells, "；".join(listed[number])) for number, cells in filled
                                               if number in listed])


__all__ = ["CHECKING", "KINDS", "Refused", "Row", "check", "commit", "problems", "refused_rows", "start_commit",
           "upload"]
