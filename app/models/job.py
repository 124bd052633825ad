"""Background jobs 后台任务: what each job on the queue (app/jobs/) is, who asked, and how far it has come."""
import datetime
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from mongoengine import (DateTimeField, DictField, Document, EmbeddedDocument, EmbeddedDocumentField, IntField,
                         ListField, ObjectIdField, StringField)

from .registration import Move, Shortfall

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATES = ((QUEUED, _l("排队中")), (RUNNING, _l("进行中")), (DONE, _l("已完成")), (FAILED, _l("失败")))
FINISHED = (DONE, FAILED)
# Every kind of job the queue runs (usecases/jobs.py registers what each does).
KINDS = (("sms", _l("发送短信验证码")), ("resume", _l("补办未完成的业务处理")), ("preaudit", _l("批量毕业预审")),
         ("notice_sms", _l("发送短信通知")), ("overdue", _l("标记超时未审核的申请")),
         ("expire_unpaid", _l("取消逾期未缴费的申请")), ("review_reminders", _l("现场审核前一天提醒考生")),
         ("export", _l("导出审核队列")), ("arrange", _l("编排考场")), ("announce_scores", _l("通知考生成绩已公布")),
         ("import_check", _l("校验导入文件")), ("import_commit", _l("导入数据")))
# A finished job's result in words, from its typed counts.
OUTCOMES = {"sms": _l("已发送"), "resume": _l("处理申请%(applications)d件，仍有%(pending)d项待办"),
            "preaudit": _l("符合毕业条件%(eligible)d人，差一门课程%(one_short)d人，其余%(not_eligible)d人"),
            "notice_sms": _l("已发送"), "overdue": _l("新标记超时申请%(flagged)d件"),
            "expire_unpaid": _l("取消逾期未缴费的申请%(cancelled)d件"),
            "review_reminders": _l("发送现场审核提醒%(sent)d条"), "export": _l("已导出%(rows)d行"),
            "arrange": _l("新排座位%(placed)d个，保留%(kept)d个，调整%(moved)d个，释放%(removed)d个"),
            "announce_scores": _l("发送成绩公布消息%(sent)d条"),
            "import_check": _l("新增%(new)d行，修改%(changed)d行，未变%(unchanged)d行，拒绝%(refused)d行"),
            "import_commit": _l("新增%(new)d行，修改%(changed)d行，未变%(unchanged)d行，拒绝%(refused)d行")}


class Progress(NamedTuple):
    """How far a job has come, as its page's bar and the polling endpoint show it."""

    id: str
    state: str
    done: int
    total: int
    outcome: str = ""  # Job.outcome

    @property
    def percent(self):
        if self.state == DONE:
            return 100
        return self.done * 100 // self.total if self.total else 0


class JobResult(EmbeddedDocument):
    """What a finished job found, typed: counts by name, and what it made (a pre-audit's findings are
    PreauditEntry documents of their own)."""

    counts = DictField(field=IntField(), verbose_name=_l("数量"))
    file_id = ObjectIdField()  # the ExportFile the job wrote, for the user who asked to download
    # An arrangement's: where seats were short (a refused run), and the seats it moved (the first MOVES_LISTED).
    shortfalls = ListField(EmbeddedDocumentField(Shortfall), verbose_name=_l("座位不足"))
    moves = ListField(EmbeddedDocumentField(Move), verbose_name=_l("调整座位的考生"))


class Job(Document):
    kind = StringField(required=True, choices=KINDS, verbose_name=_l("任务类型"))
    title = StringField(required=True, max_length=200, verbose_name=_l("任务"))
    # A staff user's id and name; None for a candidate's request or the platform's own schedule.
    requested_by_id = IntField(verbose_name=_l("发起人编号"))
    requested_by = StringField(max_length=128, verbose_name=_l("发起人"))
    state = StringField(required=True, default=QUEUED, choices=STATES, verbose_name=_l("状态"))
    done = IntField(default=0, min_value=0, verbose_name=_l("已处理"))
    total = IntField(default=0, min_value=0, verbose_name=_l("总数"))
    # What the job works on, kept so a failed job can be run again (never a secret: those travel on the queue).
    params = DictField()
    result = EmbeddedDocumentField(JobResult, verbose_name=_l("结果"))
    # What went wrong, as staff read it; the technical detail is in the server's log.
    error = StringField(max_length=500, verbose_name=_l("错误"))
    attempts = IntField(default=0, min_value=0, verbose_name=_l("执行次数"))
    created_at = DateTimeField(required=True, default=datetime.datetime.now, verbose_name=_l("创建时间"))
    started_at = DateTimeField(verbose_name=_l("开始时间"))
    # When the job last said anything (its start, each progress report): a running job silent for long has lost
    # the process running it.
    touched_at = DateTimeField()
    finished_at = DateTimeField(verbose_name=_l("结束时间"))
    # Set when a routine job succeeds (a code sent, a periodic run): MongoDB removes it then. Failed jobs stay.
    expires_at = DateTimeField()

    meta = {
        "collection": "jobs",
        "ordering": ["-created_at"],
        "indexes": [
            ("requested_by_id", "-created_at"),  # a staff user's own jobs, newest first
            "-created_at",  # every job, for administrators
            ("kind", "-created_at"),  # the list filtered by kind
            ("state", "-created_at"),  # the list filtered by state
            ("state", "touched_at"),  # running jobs gone silent (app/jobs/queue.py: interrupt_stale)
            {"fields": ["expires_at"], "expireAfterSeconds": 0},
        ],
    }

    def __str__(self):
        return self.title

    @property
    def progress(self):
        return Progress(str(self.pk), self.state, self.done, self.total, self.outcome)

    @property
    def outcome(self):
        """The result in words once done, the error once failed, else nothing."""
        if self.state == FAILED:
            return self.error or ""
        if self.state != DONE:
            return ""
        return str(OUTCOMES[self.kind]) % (self.result.counts if self.result else {})
