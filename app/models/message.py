"""Site messages 站内消息: from staff to one candidate, or to all when no recipient is named; and the templates of
those the platform sends when a decision is made on an application.

A message to one candidate carries when they opened it (`read_at`); who has read a message to all is kept in a
small collection of its own, so such a message needs no row per candidate until someone opens it. Either way the
unread count is two counts an index serves, each touching neither the messages read nor those of other candidates.
"""
import datetime

from flask_babel import lazy_gettext as _l
from mongoengine import (CASCADE, DENY, BooleanField, DateTimeField, Document, EmbeddedDocument, ReferenceField,
                         StringField)
from mongoengine.errors import NotUniqueError

from app import placeholders

from .candidate import Candidate
from .district import District


TITLE_LIMIT = 100
BODY_LIMIT = 5000


class Message(Document):
    recipient = ReferenceField(Candidate, reverse_delete_rule=CASCADE, verbose_name=_l("收件考生"))
    # The recipient's managing district, kept here so district reviewers list their own messages in one query.
    district = ReferenceField(District, reverse_delete_rule=DENY, verbose_name=_l("考籍管理区县"))
    title = StringField(required=True, max_length=TITLE_LIMIT, verbose_name=_l("标题"))
    body = StringField(required=True, max_length=BODY_LIMIT, multiline=True, verbose_name=_l("内容"))
    sent_at = DateTimeField(default=datetime.datetime.now, verbose_name=_l("发送时间"))
    sender = StringField(max_length=100, verbose_name=_l("发送人"))
    # For a message the platform sends about something, e.g. "notify_recheck_result:<application id>". Unique,
    # so an effect that runs twice sends it once.
    origin = StringField(unique=True, sparse=True)
    # When the recipient opened it; never set on a message to all (MessageRead keeps those, one row per reader).
    read_at = DateTimeField()

    meta = {"collection": "messages", "ordering": ["-sent_at"],
            "indexes": [("recipient", "-sent_at"), ("district", "-sent_at"), ("recipient", "read_at")]}

    def clean(self):
        self.district = self.recipient.district if self.recipient is not None else None

    @classmethod
    def send(cls, recipient, district, title, body, sender, origin):
        """A message the platform sends about something, in one insert: the recipient's and the district's ids are
        given (the district the application is filed under), not read. False when the message of `origin` was sent
        already."""
        try:
            cls(recipient=recipient, district=district, title=title[:TITLE_LIMIT], body=body[:BODY_LIMIT],
                sender=sender, origin=origin).save(clean=False)
        except NotUniqueError:
            return False
        return True

    @staticmethod
    def visible_filter(candidate):
        """The messages a candidate may read, as a store filter: their own and those to all."""
        return {"$or": [{"recipient": candidate.pk}, {"recipient": None}]}

    @classmethod
    def visible_to(cls, candidate):
        return cls.objects(__raw__=cls.visible_filter(candidate))

    @classmethod
    def unread_count(cls, candidate):
        """The messages to the candidate not opened and those to all, less the ones to all they opened: two counts
        on indexes ((recipient, read_at) and (candidate, message)), as every candidate page shows it."""
        shown = cls._get_collection().count_documents({"$or": [{"recipient": candidate.pk, "read_at": None},
                                                               {"recipient": None}]})
        return shown - MessageRead._get_collection().count_documents({"candidate": candidate.pk})

    def __str__(self):
        return self.title


class MessageRead(Document):
    """One candidate has opened one message to all."""

    message = ReferenceField(Message, required=True, reverse_delete_rule=CASCADE)
    candidate = ReferenceField(Candidate, required=True, reverse_delete_rule=CASCADE)
    read_at = DateTimeField(default=datetime.datetime.now)

    meta = {"collection": "message_reads",
            "indexes": [{"fields": ["candidate", "message"], "unique": True}]}

    @classmethod
    def read_by(cls, candidate, messages):
        """Ids of the `messages` (loaded with `recipient` and `read_at`) the candidate has opened."""
        notices = [message.pk for message in messages if message._data.get("recipient") is None]
        reads = cls.objects(candidate=candidate, message__in=notices).no_dereference().scalar("message")
        return {message.pk for message in messages if message.read_at} | {ref.id for ref in reads}

    @classmethod
    def mark(cls, message, candidate):
        """Record that the candidate opened the message; opening it again changes nothing."""
        if message._data.get("recipient") is None:
            cls.objects(message=message, candidate=candidate).update_one(
                upsert=True, set_on_insert__read_at=datetime.datetime.now())
        else:
            Message.objects(pk=message.pk, recipient=candidate, read_at=None).update_one(
                set__read_at=datetime.datetime.now())


class MessageTemplate(EmbeddedDocument):
    """The site message a business type sends when `event` takes one of its applications to `state`: a title and a
    body with placeholders (app/placeholders.py) filled in from the application and the decision."""

    event = StringField(required=True, max_length=100, verbose_name=_l("办理事项"))
    state = StringField(required=True, max_length=100, verbose_name=_l("办理后状态"))
    title = StringField(required=True, max_length=TITLE_LIMIT, verbose_name=_l("标题"))
    body = StringField(required=True, max_length=2000, verbose_name=_l("内容"))
    # An SMS goes too, in the background: the title, as `sms_text` words it, to the candidate's phone.
    sms = BooleanField(default=False, verbose_name=_l("同时发送短信"))

    def problems(self):
        """{"title" / "body": why it cannot be sent}, in words an administrator reads; empty when it can."""
        found = {}
        for name in ("title", "body"):
            text, limit = (getattr(self, name) or "").strip(), self._fields[name].max_length
            label = self._fields[name].verbose_name
            strays = placeholders.unknown(text)
            if not text:
                found[name] = _l("请填写%(label)s。", label=label)
            elif len(text) > limit:
                found[name] = _l("%(label)s不能超过%(max)d个字。", label=label, max=limit)
            elif strays:
                found[name] = _l("%(label)s中有未知的占位符 %(unknown)s；可用的占位符：%(known)s。", label=label,
                                 unknown="、".join(strays), known=placeholders.known())
        return found

    def render(self, values):
        """(title, body) with the placeholders `values` gives filled in."""
        return placeholders.fill(self.title, values), placeholders.fill(self.body, values)

    def __str__(self):
        return f"{self.event} → {self.state}：{self.title}"


# The SMS a template sends besides its site message: its short form, the title filled in. Stored texts are
# Chinese whatever the sender's language, as the templates are.
SMS_TEXT = "【自学考试】{title}。详情请登录自学考试服务平台查看站内消息。"


def sms_text(title):
    """The SMS of a message titled `title` (filled in)."""
    return SMS_TEXT.format(title=title)
