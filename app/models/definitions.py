"""Versioned workflow and form definitions. A saved version never changes: an edit is a new version."""
import datetime
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from mongoengine import DateTimeField, DictField, Document, IntField, StringField


class _Versioned:
    key = StringField(required=True, regex=r"^[a-z_]{2,40}$", verbose_name=_l("代码"))
    version = IntField(required=True, min_value=1, verbose_name=_l("版本"))
    title = StringField(max_length=100, verbose_name=_l("名称"))
    body = DictField(required=True, verbose_name=_l("定义"))
    note = StringField(max_length=500, verbose_name=_l("修改说明"))
    created_at = DateTimeField(default=datetime.datetime.now, verbose_name=_l("保存时间"))
    created_by = StringField(max_length=128, verbose_name=_l("保存人"))

    @classmethod
    def latest(cls, key):
        return cls.objects(key=key).order_by("-version").first()

    def __str__(self):
        return _("%(title)s 第%(version)d版", title=self.title or self.key, version=self.version)


# The event that grants: a final state it leads to ends an application granted.
APPROVAL = "approve"
_STAGES = {}  # (key, version) -> Stages, read once a process (WorkflowDefinition.stages)


@dataclass(frozen=True)
class Stages:
    """What a workflow's states mean for an application in them: its initial state (a draft), its final states,
    those of them an approval leads to, and each state's label."""

    initial: str
    final: frozenset
    granted: frozenset
    labels: dict

    @classmethod
    def of(cls, initial, final, states, moves):
        """The stages of a workflow with these states and (event, target) moves."""
        return cls(initial, frozenset(final), frozenset(target for event, target in moves if event == APPROVAL)
                   & frozenset(final), dict(states))

    def standing(self, state):
        """Whether an application in `state` still stands on what it was submitted with: submitted and neither
        given up nor ended ungranted (under way, sent back for correction, or approved)."""
        return state != self.initial and (state not in self.final or state in self.granted)

    def label(self, state):
        return self.labels.get(state, state)


class WorkflowDefinition(_Versioned, Document):
    meta = {"collection": "workflow_definitions", "ordering": ["key", "-version"],
            "indexes": [{"fields": ["key", "version"], "unique": True}]}

    @classmethod
    def stages(cls, versions):
        """{(key, version): Stages} of the stored versions named. A saved version never changes, so each is read
        once a process: one query for those not read before, none when all were."""
        unread = {version for version in versions if version not in _STAGES}
        if unread:
            for saved in cls.objects(key__in=sorted({key for key, _version in unread})).only(
                    "key", "version", "body").as_pymongo():
                body = saved["body"]
                _STAGES[(saved["key"], saved["version"])] = Stages.of(
                    body["initial"], body.get("final", ()), body.get("states", {}),
                    [(move.get("event"), move.get("to")) for move in body.get("transitions", ())])
        return {version: _STAGES[version] for version in versions if version in _STAGES}

    @staticmethod
    def forget_stages():
        """Drop the stages read so far (a store replaced under the process, as the tests do)."""
        _STAGES.clear()


class FormDefinition(_Versioned, Document):
    meta = {"collection": "form_definitions", "ordering": ["key", "-version"],
            "indexes": [{"fields": ["key", "version"], "unique": True}]}


# What became of a shipped body under an administrator's version: it waits for a decision, or was decided.
APPLIED, WAITING, ADOPTED, KEPT = "applied", "waiting", "adopted", "kept"
SHIPPED_STATUSES = ((APPLIED, _l("已自动生效")), (WAITING, _l("待处理")), (ADOPTED, _l("已采用内置版本")),
                    (KEPT, _l("已保留当前版本")))


class ShippedDefinition(Document):
    """The body the latest release shipped for one definition key, and what became of it.

    It takes effect by itself over the system's own versions; over an administrator's version it waits until an
    administrator adopts or keeps it. `revision` counts the bodies shipped, so a decision applies to the one shown.
    """

    definition = StringField(required=True, choices=(("WorkflowDefinition", _l("流程定义")),
                                                     ("FormDefinition", _l("表单定义"))),
                             verbose_name=_l("定义类型"))
    key = StringField(required=True, verbose_name=_l("代码"))
    body = DictField(required=True, verbose_name=_l("内置定义"))
    status = StringField(required=True, choices=SHIPPED_STATUSES, verbose_name=_l("处理结果"))
    revision = IntField(required=True, min_value=1, default=1)
    shipped_at = DateTimeField(default=datetime.datetime.now, verbose_name=_l("发布时间"))
    decided_by = StringField(max_length=128, verbose_name=_l("处理人"))
    decided_at = DateTimeField(verbose_name=_l("处理时间"))

    meta = {"collection": "shipped_definitions",
            "indexes": [{"fields": ["definition", "key"], "unique": True}, ("definition", "status", "key")]}

    def __str__(self):
        return f"{self.key} r{self.revision}"
