"""新建业务: an administrator makes a blank type from its key, its title and who reviews it, through the pages alone;
a candidate applies on it and the chosen reviewer decides."""
import datetime

import pytest

from app import roles
from app.models import Application, AuditEntry, BusinessType, FormDefinition, Message, WorkflowDefinition
from tests.fixtures import candidate_client, staff_client, text
from tests.workflows.fixtures import review
from usecases import business_types
from workflows.engine import workflow_definitions

ZHANG = "080105408130"  # 和平区, 030101K 法学 of 天津师范大学


def created(client, **form):
    return client.post("/businesstypeview/new", data=form, follow_redirects=True)


def counts():
    return BusinessType.objects.count(), WorkflowDefinition.objects.count(), FormDefinition.objects.count()


def test_the_business_type_list_offers_a_blank_type_chosen_reviewer_and_all(app, world):
    admin = staff_client(app, "admin")
    assert 'href="/businesstypeview/new"' in admin.get("/businesstypeview/list/").get_data(as_text=True)
    page = text(admin.get("/businesstypeview/new"))
    assert "业务代码" in page and "业务名称" in page and "由谁审核 区县审核 主考院校审核 省级审核" in page

    made = text(created(admin, key="degree", title="学位申请", reviewer=roles.UNIVERSITY_REVIEWER))

    assert "已新建业务“学位申请”，流程与表单为第 1 版。启用并设置开放时间后考生即可申请。" in made
    kind = BusinessType.objects.get(key="degree")
    assert (kind.title, kind.workflow_key, kind.form_key, kind.enabled, kind.opens_at) == (
        "学位申请", "degree", "degree", False, None)
    for model in (WorkflowDefinition, FormDefinition):
        first = model.latest("degree")
        assert (first.version, first.created_by, first.title, first.note) == (1, "admin", "学位申请", "新建的空白业务")
    workflow = workflow_definitions.get("degree", 1)
    assert [(t.event, t.by) for t in workflow.transitions if roles.CANDIDATE not in t.by] == [
        ("approve", (roles.UNIVERSITY_REVIEWER,)), ("reject", (roles.UNIVERSITY_REVIEWER,))]
    assert workflow.states["review"] == "主考院校审核中"
    entry = AuditEntry.objects(action="create").first()
    assert (entry.actor_name, entry.summary, entry.labelled_changes) == ("admin", "学位申请", {
        "业务代码": {"old": None, "new": "degree"}, "由谁审核": {"old": None, "new": "主考院校审核"}})
    form = text(admin.get(f"/formdefinitionview/show/{FormDefinition.latest('degree').pk}"))
    assert "申请信息" in form and "说明" in form and "第一版" in form


@pytest.mark.parametrize("reviewer", roles.REVIEWERS)
def test_a_blank_workflow_passes_every_check_whoever_reviews(app_ctx, reviewer):
    workflow = workflow_definitions.check(business_types.blank_workflow("degree", "学位申请", reviewer).to_data())

    reject = workflow.find("reject", "review", {reviewer})
    resubmit = workflow.find("resubmit", "rejected", {roles.CANDIDATE})
    assert reject.comment_required and "resubmissions_left" in resubmit.guards
    assert {"identity_verified", "window_open", "form_complete"} <= set(resubmit.guards) & set(
        workflow.find("submit", "draft", {roles.CANDIDATE}).guards)
    assert workflow.find("withdraw", "rejected", {roles.CANDIDATE}) is not None


@pytest.mark.parametrize("form, message", [
    ({"key": "Degree-1", "title": "学位申请"}, "业务代码为2–40位小写字母或下划线。"),
    ({"key": "", "title": "学位申请"}, "业务代码为2–40位小写字母或下划线。"),
    ({"key": "exemption", "title": "免考"}, "业务代码 exemption 已被使用，请换一个。"),
    ({"key": "degree", "title": "  "}, "请填写业务名称。"),
    ({"key": "degree", "title": "学" * 51}, "业务名称不能超过50个字。"),
    ({"key": "degree", "title": "学位申请", "reviewer": "admin"}, "请选择由谁审核。"),
    ({"key": "degree", "title": "学位申请", "reviewer": ""}, "请选择由谁审核。"),
])
def test_a_type_that_cannot_be_made_says_why_and_nothing_is_saved(app, world, form, message):
    admin = staff_client(app, "admin")
    before = counts()
    form = {"reviewer": roles.DISTRICT_REVIEWER, **form}

    page = created(admin, **form)

    assert page.status_code == 200 and message in text(page)
    assert f'value="{form["key"]}"' in page.get_data(as_text=True)  # what was typed is kept
    assert counts() == before and not AuditEntry.objects(action="create").first()


def test_a_key_that_only_a_definition_holds_is_taken_too(app, world):
    with app.test_request_context():
        FormDefinition(key="degree", version=1, title="学位申请表", created_by="admin",
                       body=business_types.blank_form("degree", "学位申请表").to_data()).save()

    with pytest.raises(business_types.TypeRefused) as refused:
        business_types.new_type("degree", "学位申请", roles.DISTRICT_REVIEWER, "admin")

    assert refused.value.errors == {"key": "业务代码 degree 已被使用，请换一个。"}
    assert not BusinessType.objects(key="degree").first() and not WorkflowDefinition.latest("degree")


def test_only_an_administrator_makes_a_type(app, world):
    for name in ("province", "tjnu"):
        response = staff_client(app, name).post("/businesstypeview/new", data={
            "key": "degree", "title": "学位申请", "reviewer": roles.UNIVERSITY_REVIEWER})
        assert response.status_code in (302, 403)
    assert not BusinessType.objects(key="degree").first() and not WorkflowDefinition.latest("degree")


def apply(candidate, key):
    """The candidate applies through the pages, from the notice to the submission; the application."""
    started = candidate.post(f"/apply/{key}/notice", data={"agree": "y"})
    assert started.location.endswith("/steps/details"), started.location
    application_id = started.location.split("/")[2]
    step = candidate.post(f"/applications/{application_id}/steps/details", data={"remarks": "申请学士学位"})
    assert step.location.endswith(f"/applications/{application_id}/preview"), text(step)
    submitted = candidate.post(f"/applications/{application_id}/submit", follow_redirects=True)
    assert "申请已提交" in text(submitted), text(submitted)
    return Application.objects.get(pk=application_id)


def test_a_new_type_once_enabled_with_a_window_is_applied_for_and_its_reviewer_decides(app, world):
    admin = staff_client(app, "admin")
    created(admin, key="degree", title="学位申请", reviewer=roles.UNIVERSITY_REVIEWER)
    kind = BusinessType.objects.get(key="degree")
    zhang = candidate_client(app, ZHANG)
    assert 'href="/apply/degree"' not in zhang.get("/home").get_data(as_text=True)  # disabled, no window

    admin.post(f"/businesstypeview/edit/{kind.pk}", data={
        "key": "degree", "title": "学位申请", "workflow_key": "degree", "form_key": "degree", "enabled": "y",
        "opens_at": "2020-01-01T08:00", "closes_at": "2099-12-31T18:00"})
    assert 'href="/apply/degree"' in zhang.get("/home").get_data(as_text=True)
    application = apply(zhang, "degree")
    assert (application.state, application.data["remarks"]) == ("review", "申请学士学位")

    tjnu = staff_client(app, "tjnu")
    assert "主考院校审核中" in text(tjnu.get(f"/applicationview/show/{application.pk}"))
    assert staff_client(app, "heping").get(f"/applicationview/show/{application.pk}").status_code == 404  # no part
    refused = text(review(tjnu, application, "reject"))
    assert Application.objects.get(pk=application.pk).state == "review" and "请填写理由。" in refused
    decided = text(review(tjnu, application, "approve"))

    assert "已办理：审核通过。" in decided
    assert Application.objects.get(pk=application.pk).state == "approved"
    assert "审核通过" in text(zhang.get(f"/applications/{application.pk}"))


def test_a_new_types_rejection_and_approval_each_tell_the_candidate(app, world):
    admin = staff_client(app, "admin")
    created(admin, key="degree", title="学位申请", reviewer=roles.UNIVERSITY_REVIEWER)
    kind = BusinessType.objects.get(key="degree")
    kind.update(enabled=True, opens_at=datetime.datetime(2020, 1, 1), closes_at=datetime.datetime(2099, 1, 1))
    zhang = candidate_client(app, ZHANG)
    application = apply(zhang, "degree")
    tjnu = staff_client(app, "tjnu")

    review(tjnu, application, "reject", "请补充学位外语成绩。")
    assert zhang.post(f"/applications/{application.pk}/submit").status_code == 302  # resubmitted
    review(tjnu, application, "approve")

    sent = Message.objects(origin__startswith=f"decision:{application.pk}:").order_by("origin")
    assert [m.title for m in sent] == ["学位申请审核未通过", "学位申请审核通过"]
    assert "理由：请补充学位外语成绩。" in sent[0].body and f"申请编号 {application.pk}" in sent[1].body
    assert [(t.event, t.state) for t in kind.reload().message_templates] == [("approve", "approved"),
                                                                             ("reject", "rejected")]


def test_a_type_made_in_english_keeps_its_definitions_texts_in_chinese(app, world):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("en"):
        business_types.new_type("degree", "学位申请", roles.UNIVERSITY_REVIEWER, "admin")

    assert workflow_definitions.get("degree", 1).states["review"] == "主考院校审核中"


def test_the_lists_add_button_leads_to_the_new_type_page(app, world):
    admin = staff_client(app, "admin")
    response = admin.get("/businesstypeview/add")
    assert response.status_code == 302 and response.headers["Location"].endswith("/businesstypeview/new")
    assert "由谁审核" in admin.get("/businesstypeview/new").get_data(as_text=True)
