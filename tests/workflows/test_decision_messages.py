"""The site message a decision sends the candidate, from the business type's template: what the candidate reads,
once per decision, one each in bulk, and none where the type has no template."""
import collections
import re

import pytest

import application_types  # noqa: F401  (registers the shipped types, for the parameters below)
from app import migrations
from app.models import BusinessType, Message
from app.models.message import MessageTemplate
from bench.roundtrips import counting
from usecases import applications, business_types
from workflows import messages, types
from workflows.engine import fire, workflow_definitions, workflow_of
from tests.fixtures import candidate_client, text

from tests.workflows.fixtures import review, submitted_many

ZHANG = "080105408130"


def told(application):
    """The messages the platform sent about `application`, oldest first."""
    return list(Message.objects(origin__startswith=f"decision:{application.pk}:").order_by("sent_at", "origin"))


def read(app, title):
    """What 张明 reads opening the newest message titled `title` from his 站内消息 list."""
    browser = candidate_client(app, ZHANG)
    listed = browser.get("/messages").get_data(as_text=True)
    link = re.search(r'<a href="(/messages/[0-9a-f]{24})">(?:<span class="state">[^<]*</span> )?' + re.escape(title),
                     listed)
    assert link, f"{title} is not on the list"
    return text(browser.get(link[1]))


def test_a_district_rejection_tells_the_candidate_why(app, submitted, heping):
    review(heping, submitted, "reject", "凭证图片不清晰，请重新上传。")

    page = read(app, "免考申请审核未通过")
    assert "张明：" in page and f"您的免考申请（申请编号 {submitted.pk}）于" in page
    assert "理由：凭证图片不清晰，请重新上传。" in page and "和平区审核员" in page
    assert "如需继续办理，请在办理时间内按意见修改后重新提交。" in page


def test_the_district_forwarding_and_the_provinces_approval_each_say_where_it_stands(app, submitted, heping,
                                                                                    province):
    review(heping, submitted, "approve")
    review(province, submitted, "approve")

    assert [m.title for m in told(submitted)] == ["免考申请已通过考区审核", "免考申请审核通过"]
    assert "当前状态：省级审核中。" in read(app, "免考申请已通过考区审核")
    page = read(app, "免考申请审核通过")
    assert "审核通过。" in page and "审核通过的课程已以“免考”记入成绩" in page


def test_a_resubmission_approved_sends_the_approval_after_the_rejection(app, submitted, candidate, heping,
                                                                       heping_reviewer):
    fire(submitted, "reject", heping_reviewer, comment="缺少电子注册备案表。")
    applications.submit(submitted, candidate)

    fire(submitted, "approve", heping_reviewer)

    assert [(m.title, m.sender) for m in told(submitted)] == [("免考申请审核未通过", "和平区审核员甲"),
                                                              ("免考申请已通过考区审核", "和平区审核员甲")]
    assert "理由：缺少电子注册备案表。" in told(submitted)[0].body
    assert "当前状态：省级审核中" in read(app, "免考申请已通过考区审核")


def test_sending_a_decisions_message_again_sends_nothing(submitted, heping_reviewer):
    fire(submitted, "reject", heping_reviewer, comment="凭证不清晰")
    entry = len(submitted.history) - 1

    again = messages.send(submitted, workflow_of(submitted), entry)

    assert again is False and len(told(submitted)) == 1


def test_a_decision_without_a_template_sends_none(submitted, heping_reviewer):
    BusinessType.objects(key="exemption").update(set__message_templates=[])

    fire(submitted, "reject", heping_reviewer, comment="凭证不清晰")

    assert told(submitted) == []


def test_the_candidates_own_steps_send_nothing_unless_the_type_has_a_template_for_them(draft, candidate):
    kind = BusinessType.objects.get(key="exemption")
    kind.message_templates.append(MessageTemplate(event="submit", state="district_review", title="已收到{业务}",
                                                  body="{姓名}：我们已收到您的申请，{时间}。"))
    kind.save()

    applications.submit(draft, candidate)

    assert [m.title for m in told(draft)] == ["已收到免考申请"]
    assert told(draft)[0].sender == "张明"


def test_a_bulk_rejection_tells_each_candidate_once_at_one_insert_each(app, zhang, window, candidate, heping):
    first, *cases = submitted_many(zhang, candidate, 7)
    heping.post("/applicationview/bulk_reject", data={"rowid": [str(first.pk)], "comment": "材料不全"})  # reads
    shipped = [message.template() for message in types.of("exemption").messages]  # the definitions once
    calls = {}
    for name, chosen, templates in (("without", cases[:3], []), ("with", cases[3:], shipped)):
        BusinessType.objects(key="exemption").update(set__message_templates=templates)
        with counting() as counted:  # the decisions, not the queue the reviewer is sent back to
            heping.post("/applicationview/bulk_reject", data={"rowid": [str(c.pk) for c in chosen],
                                                              "comment": "材料不全"})
        assert "已审核不通过 3 件，共选择 3 件。" in text(heping.get("/applicationview/list/"))
        calls[name] = collections.Counter(counted.mongo_calls)

    assert calls["with"] - calls["without"] == collections.Counter({"messages.insert_one": 3})
    assert calls["without"] - calls["with"] == collections.Counter()
    assert [len(told(case)) for case in cases] == [0, 0, 0, 1, 1, 1]
    assert {m.body.split("理由：")[1].split("\n")[0] for case in cases[3:] for m in told(case)} == {"材料不全"}

    again = heping.post("/applicationview/bulk_reject", data={"rowid": [str(c.pk) for c in cases[3:]],
                                                              "comment": "材料不全"}, follow_redirects=True)
    assert "已审核不通过 0 件" in text(again) and [len(told(case)) for case in cases[3:]] == [1, 1, 1]


def test_a_message_the_reviewer_typed_braces_into_keeps_them(submitted, heping_reviewer):
    fire(submitted, "reject", heping_reviewer, comment="请补交{学位证书}与 {姓名} 的证明 }{")

    assert "理由：请补交{学位证书}与 {姓名} 的证明 }{\n" in told(submitted)[0].body


def test_a_template_that_comes_out_empty_still_sends_a_message(submitted, heping_reviewer):
    BusinessType.objects(key="exemption").update(set__message_templates=[
        MessageTemplate(event="approve", state="provincial_review", title="{意见}", body="{意见}")])

    fire(submitted, "approve", heping_reviewer)

    assert [(m.title, m.body) for m in told(submitted)] == [("免考申请", "免考申请")]


@pytest.mark.parametrize("kind", types.shipped(), ids=lambda kind: kind.key)
def test_every_shipped_template_answers_a_decision_of_its_workflow_and_can_be_saved(kind):
    decisions = {(t.event, t.target) for t in kind.workflow.transitions} | {messages.REMINDER}
    reviewed = {(t.event, t.target) for t in kind.workflow.transitions if t.event in ("approve", "reject")}
    shipped = [message.template() for message in kind.messages]

    assert {(t.event, t.state) for t in shipped} <= decisions
    assert all(not template.problems() for template in shipped)
    if kind.key != "recheck":  # its keep and correct are told by its own effect, with the old and new mark
        assert reviewed <= {(t.event, t.state) for t in shipped}
    else:
        assert {(t.event, t.state) for t in shipped} == reviewed - {("approve", "approved")}


def test_a_business_type_stored_before_messages_gets_its_shipped_templates_and_a_later_edit_stays(app):
    BusinessType._get_collection().update_one({"key": "change"}, {"$unset": {"message_templates": ""}})
    BusinessType._get_collection().update_one({"key": "merge"}, {"$set": {"message_templates": []}})

    migrations.ship_message_templates(BusinessType._get_collection().database)

    assert [t.title for t in BusinessType.objects.get(key="change").message_templates] == ["{业务}审核通过",
                                                                                          "{业务}审核未通过"]
    assert BusinessType.objects.get(key="merge").message_templates == []


def test_a_copied_type_starts_with_the_sources_templates(app, window):
    made = business_types.copy_type(BusinessType.objects.get(key="exemption"), "degree", "学位申请", "admin")

    assert [(t.event, t.state, t.title) for t in made.message_templates] == [
        (t.event, t.state, t.title) for t in BusinessType.objects.get(key="exemption").message_templates]
    assert workflow_definitions.latest("degree")[0] == 1



def test_a_reviewer_reading_english_pages_sends_the_candidate_the_message_in_chinese(app, submitted, heping):
    heping.get("/language/en")
    review(heping, submitted, "approve")

    assert "当前状态：省级审核中。" in told(submitted)[0].body
