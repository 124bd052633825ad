"""Message templates 消息模板: filling in the placeholders, what a template may not say, and the page where an
administrator edits a type's templates as rows."""
import datetime
import re

import pytest
from mongoengine import ValidationError

from app import placeholders
from app.extensions import db
from app.models import AuditEntry, BusinessType
from app.models.message import MessageTemplate
from workflows import messages
from tests.fixtures import staff_client, text

KNOWN = "可用的占位符：{姓名}、{准考证号}、{业务}、{状态}、{意见}、{时间}、{申请编号}、{现场审核}。"
FACTS = messages.values("张明", "080105408130", "免考申请", "审核未通过", "凭证不清晰",
                        datetime.datetime(2025, 3, 1, 14, 30, 5), "6650a1b2c3d4e5f6a7b8c9d0")


# Filling in

@pytest.mark.parametrize("written, read", [
    ("{姓名}", "张明"), ("{准考证号}", "080105408130"), ("{业务}", "免考申请"), ("{状态}", "审核未通过"),
    ("{意见}", "凭证不清晰"), ("{时间}", "2025-03-01 14:30"), ("{申请编号}", "6650a1b2c3d4e5f6a7b8c9d0"),
])
def test_each_placeholder_is_filled_in_with_its_fact(written, read):
    assert placeholders.fill(f"您好，{written}。", FACTS) == f"您好，{read}。"


@pytest.mark.parametrize("written", ["{", "}", "}{", "{{姓名}", "{姓名", "请带上{\n}", "{}", "{名字}", "{{}}"])
def test_a_stray_brace_is_kept_as_written_and_never_fails(written):
    assert placeholders.fill(written, FACTS) == written.replace("{姓名}", "张明")


def test_an_empty_comment_leaves_its_placeholder_empty():
    assert placeholders.fill("意见：{意见}。", messages.values("张明", "", "免考申请", "审核通过", None,
                                                           datetime.datetime(2025, 3, 1), "x")) == "意见：。"


def test_a_filled_in_value_is_not_read_again():
    assert placeholders.fill("{意见}", {**FACTS, "意见": "{姓名}"}) == "{姓名}"


# What a template may say

@pytest.mark.parametrize("title, body, field, message", [
    ("{名字}的申请", "正文", "title", "标题中有未知的占位符 {名字}；" + KNOWN),
    ("标题", "您好{ 姓名 }，{name}，{name}", "body", "内容中有未知的占位符 { 姓名 }、{name}；" + KNOWN),
    ("标题", "{}", "body", "内容中有未知的占位符 {}；" + KNOWN),
    ("  ", "正文", "title", "请填写标题。"),
    ("标题", "", "body", "请填写内容。"),
    ("题" * 101, "正文", "title", "标题不能超过100个字。"),
    ("标题", "文" * 2001, "body", "内容不能超过2000个字。"),
])
def test_a_template_that_cannot_be_sent_says_why(title, body, field, message):
    assert {name: str(why) for name, why in MessageTemplate(event="reject", state="rejected", title=title,
                                                             body=body).problems().items()} == {field: message}


def test_a_stray_brace_alone_may_be_saved():
    assert MessageTemplate(event="reject", state="rejected", title="通知}", body="请带上{原件").problems() == {}


def test_the_business_type_refuses_an_unknown_placeholder_when_saved(app):
    kind = BusinessType.objects.get(key="exemption")
    kind.message_templates[0].body = "{考生}：您的申请已通过。"

    with pytest.raises(ValidationError) as refused:
        kind.save()

    assert "内容中有未知的占位符 {考生}；" + KNOWN in str(refused.value)
    assert "{考生}" not in BusinessType.objects.get(key="exemption").message_templates[0].body


def test_the_business_type_refuses_two_templates_for_one_decision(app):
    kind = BusinessType.objects.get(key="exemption")
    kind.message_templates.append(MessageTemplate(event="reject", state="rejected", title="又一条", body="正文"))

    with pytest.raises(ValidationError, match="这一办理事项已有消息模板，每个办理事项只能有一个。"):
        kind.save()


# The page

def page_of(kind="exemption"):
    return f"/businesstypeview/messages/{BusinessType.objects.get(key=kind).pk}"


def rows(*rows, do="save", **extra):
    """The page's form with `rows` as (decision, title, body) and what else is posted."""
    form = {"rows": str(len(rows)), "do": do, **extra}
    for i, (step, title, body) in enumerate(rows):
        form.update({f"rows-{i}-step": step, f"rows-{i}-title": title, f"rows-{i}-body": body})
    return form


def problems(response):
    """The reasons shown under the rows' fields."""
    return re.findall(r'<div class="form-group has-error">.*?<p class="help-block"[^>]*>(.*?)</p>',
                      response.get_data(as_text=True), flags=re.S)


def test_the_business_types_page_links_to_its_message_templates(admin_client):
    kind = BusinessType.objects.get(key="exemption")
    page = admin_client.get(f"/businesstypeview/show/{kind.pk}").get_data(as_text=True)

    assert f'href="{page_of()}"' in page and "消息模板" in page
    assert "reject → rejected" not in page  # the raw list is not shown; its page is


def test_the_page_lists_the_templates_the_decisions_the_placeholders_and_a_preview(admin_client):
    response = admin_client.get(page_of())
    shown = text(response)

    assert "消息模板：免考申请" in shown
    assert "{意见} 审核人填写的意见或理由；未填写时为空" in shown and "{申请编号}" in shown
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', response.get_data(as_text=True))
    assert ("approve:provincial_review", "审核通过（区县审核，转为“省级审核中”）") in options
    assert ("reject:rejected", "审核不通过（区县审核、省级审核，转为“审核未通过”）") in options
    assert 'value="reject:rejected" selected' in response.get_data(as_text=True)
    assert "免考申请审核未通过 张三： 您的免考申请（申请编号 6650a1b2c3d4e5f6a7b8c9d0）于" in shown
    assert "理由：（审核意见）" in shown


def test_saving_keeps_the_rows_audits_old_and_new_and_the_next_decision_uses_them(admin_client):
    before = BusinessType.objects.get(key="exemption")
    kept = [(f"{t.event}:{t.state}", t.title, t.body) for t in before.message_templates[:2]]

    saved = admin_client.post(page_of(), data=rows(*kept, ("reject:rejected", "{业务}没有通过", "理由：{意见}")),
                              follow_redirects=True)

    assert "已保存消息模板。此后的办理按新的模板发送站内消息。" in text(saved)
    after = BusinessType.objects.get(key="exemption")
    assert [(t.event, t.state, t.title) for t in after.message_templates] == [
        ("approve", "provincial_review", "{业务}已通过考区审核"), ("approve", "approved", "{业务}审核通过"),
        ("reject", "rejected", "{业务}没有通过")]
    entry = AuditEntry.objects(model="BusinessType", action="edit").first()
    change = entry.labelled_changes["消息模板"]
    assert change["old"][2].startswith("审核不通过（区县审核、省级审核，转为“审核未通过”）：{业务}审核未通过——{姓名}：")
    assert change["new"][2] == "审核不通过（区县审核、省级审核，转为“审核未通过”）：{业务}没有通过——理由：{意见}"
    assert change["old"][:2] == change["new"][:2] and entry.actor_name == "admin"


def test_saving_the_same_templates_records_nothing(admin_client):
    kind = BusinessType.objects.get(key="exemption")
    same = [(f"{t.event}:{t.state}", t.title, t.body) for t in kind.message_templates]

    saved = admin_client.post(page_of(), data=rows(*same), follow_redirects=True)

    assert "消息模板没有变化。" in text(saved) and not AuditEntry.objects(model="BusinessType").first()


def test_a_row_is_added_without_saving_and_a_ticked_one_is_removed_when_saved(admin_client):
    kind = BusinessType.objects.get(key="exemption")
    kept = [(f"{t.event}:{t.state}", t.title, t.body) for t in kind.message_templates]

    added = admin_client.post(page_of(), data=rows(*kept, do="add"))
    assert added.get_data(as_text=True).count('name="rows-3-title" value=""') == 1
    assert len(BusinessType.objects.get(key="exemption").message_templates) == 3
    blank = admin_client.post(page_of(), data=rows(*kept, ("", "", ""), **{"rows-0-remove": "1"}),
                              follow_redirects=True)

    assert "已保存消息模板。" in text(blank)
    assert [t.state for t in BusinessType.objects.get(key="exemption").message_templates] == ["approved", "rejected"]


def test_the_preview_is_updated_without_saving(admin_client):
    preview = admin_client.post(page_of(), data=rows(("reject:rejected", "{姓名}的{业务}", "状态：{状态}"),
                                                     do="preview"))

    assert "张三的免考申请 状态：审核未通过" in text(preview)
    assert len(BusinessType.objects.get(key="exemption").message_templates) == 3


@pytest.mark.parametrize("row, message", [
    (("", "标题", "正文"), "请选择办理事项。"),
    (("approve:nowhere", "标题", "正文"), "流程中没有这一办理事项，请重新选择。"),
    (("reject:rejected", "", "正文"), "请填写标题。"),
    (("reject:rejected", "标题", "  "), "请填写内容。"),
    (("reject:rejected", "题" * 101, "正文"), "标题不能超过100个字。"),
    (("reject:rejected", "标题", "文" * 2001), "内容不能超过2000个字。"),
    (("reject:rejected", "{名称}审核未通过", "正文"), "标题中有未知的占位符 {名称}；" + KNOWN),
    (("reject:rejected", "标题", "理由：{理由}"), "内容中有未知的占位符 {理由}；" + KNOWN),
])
def test_a_bad_row_is_shown_with_its_reason_and_nothing_is_saved(admin_client, row, message):
    before = BusinessType.objects.get(key="exemption").to_mongo()

    response = admin_client.post(page_of(), data=rows(("approve:approved", "{业务}审核通过", "通过了"), row))

    assert problems(response) == [message]
    assert "以下模板有需要修改的地方（见各条下方的提示），修改后才能保存。" in text(response)
    assert f'value="{row[1]}"' in response.get_data(as_text=True) or not row[1].strip()
    assert BusinessType.objects.get(key="exemption").to_mongo() == before
    assert not AuditEntry.objects(model="BusinessType").first()


def test_a_second_template_for_one_decision_is_refused_on_its_row(admin_client):
    response = admin_client.post(page_of(), data=rows(("reject:rejected", "一", "正文"),
                                                      ("reject:rejected", "二", "正文")))

    assert problems(response) == ["这一办理事项已有消息模板，每个办理事项只能有一个。"]
    assert [t.title for t in BusinessType.objects.get(key="exemption").message_templates] != ["一"]


def test_templates_are_not_saved_while_another_setting_of_the_type_is_refused_and_it_says_which(admin_client):
    BusinessType.objects(key="exemption").update(set__offered_if="level ==")  # as stored before today's checks

    response = admin_client.post(page_of(), data=rows(("reject:rejected", "{业务}未通过", "理由：{意见}")),
                                 follow_redirects=True)

    assert "未保存：申请条件：规则的写法不正确（第 1 个字附近）。" in text(response)
    assert len(BusinessType.objects.get(key="exemption").message_templates) == 3
    assert 'value="{业务}未通过"' in response.get_data(as_text=True)


@pytest.mark.parametrize("count", ["-1", "abc", "100000"])
def test_a_malformed_row_count_is_read_within_bounds(admin_client, count):
    response = admin_client.post(page_of(), data={"rows": count, "do": "preview"})

    assert response.status_code == 200


def test_a_district_reviewer_may_edit_templates_only_holding_the_business_type_permission(app, world):
    from app import roles

    heping = staff_client(app, "heping")
    form = rows(("reject:rejected", "{业务}未通过", "理由：{意见}"))

    refused = heping.post(page_of(), data=form)
    shown = heping.get(page_of())

    assert (refused.status_code, shown.status_code) == (403, 403)
    assert "您没有办理此项业务的权限。" in text(refused)
    assert [t.title for t in BusinessType.objects.get(key="exemption").message_templates][2] == "{业务}审核未通过"

    security = app.appbuilder.sm
    with app.app_context():
        role = security.add_role("业务配置")
        security.add_permission_role(role, security.find_permission_view_menu("can_edit", roles.BUSINESS_TYPES))
        user = security.find_user(username="heping")
        user.roles.append(role)
        db.session.commit()

    allowed = heping.post(page_of(), data=form, follow_redirects=True)

    assert "已保存消息模板。" in text(allowed)
    assert [t.title for t in BusinessType.objects.get(key="exemption").message_templates] == ["{业务}未通过"]
    assert AuditEntry.objects(model="BusinessType").first().actor_name == "heping"
