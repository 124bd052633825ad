"""The site messages decisions send the candidate: the templates a type ships (SiteMessage, and the texts most types
share), and sending the one the application's business type has for a transition that has just landed.

A template answers one decision: an event of the workflow and the state it takes the application to, so a
district's approval that forwards an exemption to the province says so, and the province's approval says it is done.
"""
import datetime
from dataclasses import dataclass

from flask import g, has_app_context
from flask_babel import gettext as _

from app.models import BusinessType, Message
from app.models.message import MessageTemplate, sms_text
from app.services import sms
from app.wording import stored
from app.models.references import reference_id


@dataclass(frozen=True)
class SiteMessage:
    """A message template a type's business type starts with: sent when `event` takes an application to `state`.
    Its texts are stored as they are, like the notice, and administrators edit them from then on."""

    event: str
    state: str
    title: str
    body: str

    def template(self):
        return MessageTemplate(event=self.event, state=self.state, title=self.title, body=self.body)


# A notice that answers no decision: the day before the on-site review the application holds a seat at, sent by
# the platform (`send_reminders`). Its template is stored as a decision's is, under this event and state.
REMINDER = ("review_reminder", "review_slot")
REMINDER_SENDER = "系统"

# How a message starts: whom it is for and which application it is about.
ABOUT = "{姓名}：\n您的{业务}（申请编号 {申请编号}）"
RESUBMIT = "如需继续办理，请在办理时间内按意见修改后重新提交。"


def lines(*texts):
    """The lines given, each on its own, the empty ones left out."""
    return "\n".join(text for text in texts if text)


def approved(state="approved", then=""):
    """The application was approved and has ended in `state`; `then` says what follows for the candidate."""
    return SiteMessage("approve", state, "{业务}审核通过", lines(ABOUT + "已于 {时间} 审核通过。", then))


def forwarded(state, then="审核结果将另行通知。"):
    """The district approved and passed the application on to the next review, `state`."""
    return SiteMessage("approve", state, "{业务}已通过考区审核",
                       lines(ABOUT + "已于 {时间} 通过考区审核，当前状态：{状态}。", then))


def rejected(state="rejected", then=RESUBMIT):
    """The application was not approved, with the reviewer's reason; `then` says what the candidate may do."""
    return SiteMessage("reject", state, "{业务}审核未通过", lines(ABOUT + "于 {时间} 审核未通过。", "理由：{意见}", then))


def reminder(then="请按时携带身份证件和申请材料到场。"):
    """The day before the on-site review the candidate booked."""
    return SiteMessage(*REMINDER, "明天请参加现场审核", lines(ABOUT + "预约的现场审核在明天：{现场审核}。", then))


def values(name, exam_number, business, state, comment, at, number, review=""):
    """The placeholders' values (app/placeholders.py), each as the message shows it."""
    return {"姓名": name, "准考证号": exam_number or "", "业务": business, "状态": state, "意见": comment or "",
            "时间": at.strftime("%Y-%m-%d %H:%M"), "申请编号": number, "现场审核": review}


def preview(template, business, state):
    """(title, body) of `template` as a made-up candidate would read it, for the administrator writing it."""
    return template.render(values(_("张三"), "240101000001", business, state, _("（审核意见）"),
                                  datetime.datetime.now(), "6650a1b2c3d4e5f6a7b8c9d0",
                                  _("和平区 2025-03-02 09:00–11:30 和平区自学考试办公室")))


def business_types():
    """{key: business type with its title and message templates}, read once per request for every type."""
    if not has_app_context():  # a shell or a test firing outside any request
        return _load()
    if "message_templates" not in g:
        g.message_templates = _load()
    return g.message_templates


def _load():
    return {kind.key: kind for kind in BusinessType.objects.only("key", "title", "message_templates")}


def send(application, workflow, index):
    """Send the candidate the message the application's business type has for its history entry `index`, if it
    has one, and the SMS too when the template asks (queued, one job each); True when sent. Its origin names the
    application and the entry, so sending again sends nothing. The templates are read once per request, so a bulk
    decision costs one insert per application (and a job for each SMS). The message is written in Chinese, whoever
    decided."""
    kind = business_types().get(application.type)
    entry = application.history[index]
    template = kind.template_for(entry.event, entry.to_state) if kind is not None else None
    if template is None:
        return False
    with stored():
        return deliver(application, kind, template, values(
            application.candidate_name, application.exam_number, kind.title, workflow.state_label(entry.to_state),
            entry.comment, entry.at, str(application.pk)), entry.actor_name, f"decision:{application.pk}:{index}")


def deliver(application, kind, template, filled, sender, origin):
    """Send the candidate `template` filled in with `filled`, once per `origin`, and its SMS when it asks."""
    title, body = template.render(filled)
    title = title.strip() or kind.title  # a template of {意见} alone, for a decision with no comment
    candidate = reference_id(application, "candidate")
    sent = Message.send(candidate, reference_id(application, "district"), title, body.strip() or title, sender,
                        origin)
    if sent and template.sms:
        sms.notify(candidate, sms_text(title))
    return sent
