"""SMS notices: a decision whose message template asks for one queues an SMS besides the site message; the job
sends it to the candidate's phone, a failure is recorded and retried, and the administrator ticks it per template."""
import pytest

from app.models import AuditEntry, BusinessType, Job, Message
from tests.accounts.test_sms import Outbox
from tests.fixtures import staff_client, text
from workflows.engine import fire

from tests.test_message_templates import page_of, rows


def decide(app, application, event, reviewer, comment=""):
    """A reviewer's decision, made as a request or a job makes it: within the app, which queues the SMS."""
    with app.app_context():
        return fire(application, event, reviewer, comment=comment)


@pytest.fixture
def outbox(app, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_BACKEND", "tests.accounts.test_sms:Outbox")
    monkeypatch.setattr(Outbox, "sent", [])
    return Outbox.sent


def with_sms(*decisions):
    """Tick 同时发送短信 on the exemption's templates of these (event, state) decisions."""
    kind = BusinessType.objects.get(key="exemption")
    for template in kind.message_templates:
        template.sms = (template.event, template.state) in decisions
    kind.save()


def test_a_rejection_whose_template_asks_for_an_sms_texts_the_candidates_phone(app, submitted, zhang,
                                                                             heping_reviewer, outbox):
    with_sms(("reject", "rejected"))

    decide(app, submitted, "reject", heping_reviewer, "凭证不清晰")

    assert outbox == [(zhang.phone, "【自学考试】免考申请审核未通过。详情请登录自学考试服务平台查看站内消息。")]
    job = Job.objects.get(kind="notice_sms")
    assert (job.state, job.title, job.outcome) == ("done", "短信通知发往考生", "已发送")
    assert Message.objects(origin__startswith=f"decision:{submitted.pk}:").count() == 1


def test_a_template_without_sms_sends_only_the_site_message(app, submitted, heping_reviewer, outbox):
    with_sms(("reject", "rejected"))

    decide(app, submitted, "approve", heping_reviewer)

    assert outbox == [] and not Job.objects(kind="notice_sms")
    assert Message.objects(origin__startswith=f"decision:{submitted.pk}:").count() == 1


def test_a_failing_gateway_is_retried_then_recorded_and_the_decision_stands(app, submitted, heping_reviewer,
                                                                           monkeypatch):
    monkeypatch.setitem(app.config, "SMS_BACKEND", "tests.accounts.test_sms:DownGateway")
    with_sms(("reject", "rejected"))

    decide(app, submitted, "reject", heping_reviewer, "凭证不清晰")

    job = Job.objects.get(kind="notice_sms")
    assert (job.state, job.attempts, job.error) == ("failed", 3, "短信服务商未能发送，请检查短信服务配置。")
    assert submitted.reload().state == "rejected"
    assert Message.objects(origin__startswith=f"decision:{submitted.pk}:").count() == 1


def test_a_failed_notice_is_run_again_by_staff(app, submitted, heping_reviewer, outbox, monkeypatch, zhang):
    monkeypatch.setitem(app.config, "SMS_BACKEND", "tests.accounts.test_sms:DownGateway")
    with_sms(("reject", "rejected"))
    decide(app, submitted, "reject", heping_reviewer, "凭证不清晰")
    monkeypatch.setitem(app.config, "SMS_BACKEND", "tests.accounts.test_sms:Outbox")
    admin = staff_client(app, "admin")
    job = Job.objects.get(kind="notice_sms")
    admin.post(f"/jobview/retry/{job.pk}", follow_redirects=True)

    assert job.reload().state == "done" and [phone for phone, _ in outbox] == [zhang.phone]


def test_the_administrator_ticks_the_sms_per_template_sees_its_text_and_the_audit_says_so(admin_client):
    kind = BusinessType.objects.get(key="exemption")
    kept = [(f"{t.event}:{t.state}", t.title, t.body) for t in kind.message_templates]

    shown = admin_client.post(page_of(), data=rows(*kept, do="preview", **{"rows-2-sms": "1"}))
    assert "短信 【自学考试】免考申请审核未通过。详情请登录自学考试服务平台查看站内消息。" in text(shown)
    assert shown.get_data(as_text=True).count('value="1" checked> 同时发送短信') == 1
    saved = admin_client.post(page_of(), data=rows(*kept, **{"rows-2-sms": "1"}), follow_redirects=True)

    assert "已保存消息模板。" in text(saved)
    assert [t.sms for t in BusinessType.objects.get(key="exemption").message_templates] == [False, False, True]
    change = AuditEntry.objects(model="BusinessType", action="edit").first().labelled_changes["消息模板"]
    assert change["new"][2].endswith("（同时发送短信）") and not change["old"][2].endswith("（同时发送短信）")
    again = admin_client.get(page_of()).get_data(as_text=True)
    assert 'name="rows-2-sms" value="1" checked' in again and 'name="rows-0-sms" value="1" checked' not in again
