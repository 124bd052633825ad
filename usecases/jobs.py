"""The kinds of job: what each does, and how it is retried and kept."""
import datetime

from flask_babel import gettext as _
from huey import crontab

from app.models import Application, DataImport, ExportFile, Major, Sitting
from app.models.job import JobResult
from app.scope import Scope
from app.services import arrangement, files, imports, preaudit, publication, sms
from workflows import timers
from workflows.engine import resume_pending

from . import exports

from app.jobs.queue import kind

from . import payment


@kind("sms", retries=2, keep=datetime.timedelta(days=1), retryable=False, given_up=sms.forget)
def send_sms(report, code, text):
    """Deliver a code's message. The text travels only on the queue, so a failed send is not run again by staff:
    the candidate asks for a new code."""
    sms.deliver(code, text)


@kind("notice_sms", retries=2, keep=datetime.timedelta(days=7))
def send_notice(report, candidate, text):
    """Deliver the SMS a decision's message template sends; staff may run a failed one again."""
    sms.deliver_notice(candidate, text)


def _pending():
    return Application.objects(effects__status="pending").limit(1).count(with_limit_and_skip=True) > 0


@kind("resume", schedule=crontab(minute="*"), due=_pending, title=lambda: _("补办未完成的业务处理"),
      keep=datetime.timedelta(days=7))
def resume(report):
    """Finish the effects a crash left pending (each is safe to run again), every minute there are some."""
    seen, still = resume_pending(report)
    return JobResult(counts={"applications": seen, "pending": still})


@kind("export", retryable=True)
def export_queue(report, query, format, requested_by_id=None):
    """Write a review queue's rows to a file the staff user who asked downloads from the job's page; files past
    their time go first."""
    exports.prune()
    found = exports.Query.unpacked(query)
    report.start(found.count())
    content = exports.write(format, exports.rows(found, report))
    filename = exports.filename(format)
    made = ExportFile(job=report.job_id, requested_by_id=requested_by_id, filename=filename,
                      content_type=exports.FORMATS[format],
                      file_id=files.keep(content, filename, exports.FORMATS[format])).save()
    return JobResult(counts={"rows": report.done}, file_id=made.pk)


@kind("preaudit")
def graduation_preaudit(report, scope_kind, scope_code, majors=(), major=None):
    """Pre-audit every candidate of some majors (`major`: one, as jobs asked before a university could be chosen)
    within the scope of the staff user who asked."""
    wanted = list(majors) or [major]
    found = {str(m.pk): m for m in Major.objects(pk__in=wanted).only("code", "name")}
    return preaudit.run(report, [found[pk] for pk in wanted if pk in found], Scope(scope_kind, scope_code))


@kind("arrange")
def arrange_rooms(report, sitting):
    """Seat a sitting's paid courses in its districts' exam rooms; refused whole, with the shortfalls, where seats
    are short. Run again after late changes, it moves only what changed."""
    return arrangement.run(report, Sitting.objects.get(pk=sitting))


@kind("import_check")
def import_check(report, data_import, kind):
    """Check an uploaded import file row by row against the store and keep the report."""
    return imports.check(DataImport.objects.get(pk=data_import), report)


# Not run again from the jobs' page: a failed commit goes back to checked, and is committed again from its import's.
@kind("import_commit", retryable=False, given_up=lambda data_import, kind: imports.back_to_checked(data_import))
def import_commit(report, data_import, kind):
    """Commit a checked import file as its administrator chose; `kind` lets a second commit of the kind wait."""
    return imports.commit(DataImport.objects.get(pk=data_import), report)


@kind("overdue", schedule=crontab(minute="5"), due=timers.due, title=lambda: _("标记超时未审核的申请"),
      keep=datetime.timedelta(days=7))
def overdue(report):
    """Flag the applications that have waited at a review level longer than their type allows, every hour."""
    return JobResult(counts={"flagged": timers.flag_overdue(report)})


@kind("expire_unpaid", schedule=crontab(minute="15"), due=payment.expiring, title=lambda: _("取消逾期未缴费的申请"),
      keep=datetime.timedelta(days=7))
def expire_unpaid(report):
    """Cancel the applications left unpaid past their type's payment limit, giving their seats back, every hour."""
    return JobResult(counts={"cancelled": payment.expire_unpaid(report)})


@kind("review_reminders", schedule=crontab(minute="30", hour="8-20"), due=timers.reminders_due,
      title=lambda: _("现场审核前一天提醒考生"), keep=datetime.timedelta(days=7))
def review_reminders(report):
    """Remind the candidates holding a seat of tomorrow's on-site reviews, once each, from the morning on (a
    booking made later in the day is reminded at the next hour)."""
    return JobResult(counts={"sent": timers.send_reminders(report)})


@kind("announce_scores", schedule=crontab(minute="*"), due=publication.due, title=lambda: _("通知考生成绩已公布"),
      keep=datetime.timedelta(days=7))
def announce_scores(report):
    """Tell the candidates with an exam score of a sitting whose publication time has come that its scores are
    out, once each, within the minute."""
    return JobResult(counts={"sent": publication.announce_due(report)})
