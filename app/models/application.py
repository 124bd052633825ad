"""Applications 申请: one document per case, whatever its type.

The state only changes through workflows.engine.fire(), one conditional update
that also records the history entry; see docs/architecture.md.
"""
import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from mongoengine import (DENY, BooleanField, DateTimeField, DictField, Document, DynamicField, EmbeddedDocument,
                         EmbeddedDocumentField, IntField, ListField, ObjectIdField, ReferenceField, StringField)

from app import roles

from .candidate import Candidate
from .district import District
from .major import Major

DECISIONS = (("pending", _l("待审核")), ("approved", _l("通过")), ("rejected", _l("不通过")))
ACTOR_KINDS = (("candidate", _l("考生")), ("staff", _l("工作人员")), ("system", _l("系统")))
# Who the history says took a step the platform took by itself: the system following a step at once, the payment
# platform on a gateway's verified word, and the system cancelling an application left unpaid. Stored in Chinese,
# shown in the page's language.
AUTOMATIC, PAYER, EXPIRER = "系统", "支付平台", "系统（逾期未缴费）"
PLATFORM_NAMES = {AUTOMATIC: _l("系统"), PAYER: _l("支付平台"), EXPIRER: _l("系统（逾期未缴费）")}


class Given(EmbeddedDocument):
    """A typed value the acting reviewer filled in for a transition's input, and the value it replaced."""

    name = StringField(required=True)
    label = StringField()
    before = DynamicField()  # e.g. the mark recorded before a correction; None when there was none
    value = DynamicField(required=True)  # a number or a choice, as the input kind typed it

    @property
    def shown(self):
        return f"{self.value}" if self.before is None else f"{self.before} → {self.value}"


class HistoryEntry(EmbeddedDocument):
    event = StringField(required=True)
    from_state = StringField(required=True)
    to_state = StringField(required=True)
    actor_kind = StringField(choices=ACTOR_KINDS, required=True)
    actor_id = StringField()
    actor_name = StringField()
    at = DateTimeField(required=True)
    comment = StringField()
    changed = ListField(StringField())
    inputs = ListField(EmbeddedDocumentField(Given))
    actor_role = StringField()  # the role a staff member took the step as (app/roles.py)
    stood_in_for = StringField()  # the role whose step it was, when a level above stood in for it (roles.STANDS_IN)

    def level(self):
        """The level that took the step, as staff pages name it (省级审核, or 省级审核（代区县审核）); "" when the entry
        names none (a candidate's or the system's step, or one stored before levels were)."""
        if not self.actor_role:
            return ""
        label = roles.LABELS.get(self.actor_role, self.actor_role)
        if not self.stood_in_for:
            return str(label)
        return _("%(role)s（代%(below)s）", role=label, below=roles.LABELS.get(self.stood_in_for, self.stood_in_for))

    def actor_shown(self):
        """Who took the step, as a page names them: a person by their stored name, the platform in the page's
        language."""
        if self.actor_kind == "system" and self.actor_name in PLATFORM_NAMES:
            return str(PLATFORM_NAMES[self.actor_name])
        return self.actor_name

    def actor_at_level(self):
        """Who took the step and, for staff, the level that decided, as the candidate reads it: "和平区审核员 · 区县审核",
        "省级审核员 · 省级审核（代区县审核）", or the name alone."""
        return " · ".join(part for part in (self.actor_shown(), self.level()) if part)

    def given(self, name):
        """The typed value of the input `name` filled in for this decision, or None."""
        return next((entry.value for entry in self.inputs if entry.name == name), None)


class EffectRecord(EmbeddedDocument):
    name = StringField(required=True)
    key = StringField(required=True)  # unique per application: the effect and the history entry that asked for it
    status = StringField(choices=("pending", "done"), default="pending")
    at = DateTimeField()
    detail = StringField()


class Attachment(EmbeddedDocument):
    field = StringField(required=True)  # the form path the file belongs to, e.g. "evidence.00015.vouchers.0.images"
    file_id = ObjectIdField(required=True)
    filename = StringField()
    content_type = StringField()
    size = IntField()
    sha256 = StringField()
    width = IntField()
    height = IntField()


class Item(EmbeddedDocument):
    """One thing the application asks for, decided on its own (an exemption's course)."""

    key = StringField(required=True)
    label = StringField()
    decision = StringField(choices=DECISIONS, default="pending")
    reason = StringField()
    decided_by = StringField()
    decided_at = DateTimeField()


class Submitted(EmbeddedDocument):
    """What one submission published: a resubmission's review page compares it with the one before."""

    entry = IntField(required=True)  # the index in history of the entry that published it
    data = DictField()
    attachments = ListField(EmbeddedDocumentField(Attachment))


class Application(Document):
    type = StringField(required=True, verbose_name=_l("业务类型"))
    candidate = ReferenceField(Candidate, required=True, reverse_delete_rule=DENY, verbose_name=_l("考生"))
    # Copied from the candidate so reviewers' queues filter and search in one indexed query.
    district = ReferenceField(District, required=True, reverse_delete_rule=DENY, verbose_name=_l("考籍管理区县"))
    major = ReferenceField(Major, reverse_delete_rule=DENY, verbose_name=_l("专业"))
    candidate_name = StringField(verbose_name=_l("姓名"))
    exam_number = StringField(verbose_name=_l("准考证号"))
    id_number = StringField(verbose_name=_l("证件号码"))
    workflow_key = StringField(required=True)
    workflow_version = IntField(required=True)
    form_key = StringField(required=True)
    form_version = IntField(required=True)
    state = StringField(required=True, verbose_name=_l("状态"))
    version = IntField(required=True, default=0)
    # What the candidate submitted (reviewers see this) and what they are editing now.
    data = DictField()
    attachments = ListField(EmbeddedDocumentField(Attachment))
    working = DictField()
    working_attachments = ListField(EmbeddedDocumentField(Attachment))
    items = ListField(EmbeddedDocumentField(Item))
    # Each submission's data and files, oldest first (the last is `data` and `attachments`); only the review
    # page reads them, so queues leave them out.
    submissions = ListField(EmbeddedDocumentField(Submitted))
    history = ListField(EmbeddedDocumentField(HistoryEntry))
    effects = ListField(EmbeddedDocumentField(EffectRecord))
    # What the system found when the candidate submitted, e.g. {"audit": the plan audit}; reviewers see it.
    findings = DictField()
    agreed_notice = BooleanField(default=False)
    created_at = DateTimeField(default=datetime.datetime.now, verbose_name=_l("创建时间"))
    submitted_at = DateTimeField(verbose_name=_l("提交时间"))
    updated_at = DateTimeField(default=datetime.datetime.now, verbose_name=_l("更新时间"))
    last_comment = StringField(verbose_name=_l("最近意见"))
    # Set by the timers job (workflows/timers.py) once the application has waited at its review level longer than
    # its type's limit in working days: since when, and the role above that level it is escalated to. Moving on
    # clears both (workflows/engine.fire).
    overdue_since = DateTimeField(verbose_name=_l("超时时间"))
    escalated_to = StringField(verbose_name=_l("提请督办"))

    meta = {
        "collection": "applications",
        # Each queue's query starts with what its scope fixes (tests/test_queue_indexes.py checks every one): a
        # district's, a university's majors', or for the province the workflow versions its roles reach
        # (workflows/reach.py); each ends with the queue's order, oldest submission first.
        # Ties in the order go by id (views/admin/queue.py), so the id ends each too.
        "indexes": [("district", "state", "submitted_at", "id"), ("major", "state", "submitted_at", "id"),
                    ("workflow_key", "workflow_version", "state", "submitted_at", "id"),
                    ("type", "state", "district", "submitted_at"), ("candidate", "type"),
                    "effects.status", ("exam_number", "submitted_at", "id"), ("id_number", "submitted_at", "id"),
                    "candidate_name",
                    # The overdue ones of a queue, and those escalated to a role.
                    ("district", "overdue_since"), ("major", "overdue_since"), ("escalated_to", "overdue_since")],
    }

    def __str__(self):
        return f"{self.candidate_name or ''}（{self.exam_number or ''}）"
