"""Site messages, feedback answers and news: what staff say to candidates."""
import datetime

from flask import g
from flask_appbuilder.fields import QuerySelectField
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import validators

from app import roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.datamodel.interface import FieldErrors
from app.models import Candidate, Feedback, Message, News
from app.scope import restrict, staff_scope

from .scope import scoped


def _staff_name(user):
    return f"{user.first_name}{user.last_name}"


def _in_scope():
    return restrict(Candidate.objects.only("name", "exam_number", "district"), staff_scope(g.user))


# The candidates in the sender's scope; the blank choice sends to all.
_RECIPIENT = QuerySelectField(_l("收件考生"), query_func=_in_scope, get_pk_func=lambda candidate: str(candidate.pk),
                              allow_blank=True, blank_text=_l("（全体考生）"), widget=Select2Widget(),
                              validators=[validators.Optional()],
                              description=_l("不选则发送给全体考生（须有群发权限）。"))


class MessageView(MongoModelView):
    """A district reviewer writes to one candidate of their district; sending to all needs BROADCAST."""

    noun = _l("站内消息")
    datamodel = MongoEngineInterface(Message)
    class_permission_name = roles.MESSAGES
    base_permissions = list(roles.WRITE) + [roles.BROADCAST]
    base_filters = scoped()
    base_order = ("sent_at", "desc")
    list_columns = ["title", "recipient", "sender", "sent_at"]
    show_columns = ["title", "body", "recipient", "district", "sender", "sent_at"]
    add_columns = edit_columns = ["recipient", "title", "body"]
    search_columns = ["title", "district", "sender", "sent_at"]
    add_form_extra_fields = edit_form_extra_fields = {"recipient": _RECIPIENT}

    def pre_add(self, item):
        item.sender = _staff_name(g.user)
        self._check_reach(item)

    def pre_update(self, item):
        self._check_reach(item)

    def _check_reach(self, item):
        """To all only with BROADCAST; a named recipient is in scope, as the select refuses any other."""
        if item.recipient is None and not self.appbuilder.sm.has_access(roles.BROADCAST, self.class_permission_name):
            raise FieldErrors({"recipient": _("您只能给本辖区的考生发消息，请选择收件考生。")})


class FeedbackView(MongoModelView):
    """Candidates write; staff in scope read and answer. Every answer is audited like any staff edit."""

    noun = _l("反馈建议")
    datamodel = MongoEngineInterface(Feedback)
    class_permission_name = roles.FEEDBACK
    base_permissions = list(roles.ANSWER) + ["can_delete"]
    base_filters = scoped()
    base_order = ("submitted_at", "desc")
    list_columns = ["title", "candidate", "district", "submitted_at", "answered_at"]
    show_columns = ["title", "content", "candidate", "district", "contact", "phone", "submitted_at", "answer",
                    "answered_by", "answered_at"]
    edit_columns = ["answer"]
    search_columns = ["title", "district", "submitted_at", "answered_at", "answered_by"]

    def prefill_form(self, form, pk):
        """The question stands under the answer box, so the reviewer answers with it in view."""
        item = self.datamodel.get(pk, self._base_filters)
        form.answer.description = f"{item.title}：{item.content}"

    def pre_update(self, item):
        if not (item.answer or "").strip():
            raise FieldErrors({"answer": _("请填写答复内容。")})
        item.answered_by = _staff_name(g.user)
        item.answered_at = datetime.datetime.now()


class NewsView(MongoModelView):
    noun = _l("新闻通知")
    datamodel = MongoEngineInterface(News)
    class_permission_name = roles.NEWS
    base_order = ("published_at", "desc")
    list_columns = ["title", "published_at", "published"]
    search_columns = ["title", "published", "published_at"]
    description_columns = {"published_at": _l("设为将来的时间，则到时才显示。")}


VIEWS = (
    (MessageView, "fa-envelope"),
    (FeedbackView, "fa-comments"),
    (NewsView, "fa-newspaper-o"),
)
