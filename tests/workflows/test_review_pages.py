"""Reviewers in the admin UI: scoped queues, the review page, per-course and bulk decisions, definitions."""
import datetime
import json

import pytest

from app.models import Application, AuditEntry, BusinessType, Score, WorkflowDefinition
from usecases import applications
from tests.fixtures import staff_client, text

from tests.workflows.fixtures import fill


def test_queue_lists_only_the_reviewers_district(app, submitted, heping):
    xiaodian = staff_client(app, "xiaodian")

    assert "张明" in text(heping.get("/applicationview/list/?_flt_1_type=exemption"))
    assert "张明" not in text(xiaodian.get("/applicationview/list/"))


@pytest.mark.parametrize("url", ["/applicationview/show/{pk}", "/applicationview/file/{pk}/{file}"])
def test_another_districts_reviewer_cannot_open_it(app, submitted, url):
    xiaodian = staff_client(app, "xiaodian")

    response = xiaodian.get(url.format(pk=submitted.pk, file=submitted.attachments[0].file_id))

    assert response.status_code == 404


def test_another_districts_reviewer_cannot_act_on_it(app, submitted):
    xiaodian = staff_client(app, "xiaodian")

    posted = xiaodian.post(f"/applicationview/review/{submitted.pk}", data={"event": "approve"})
    bulk = xiaodian.post("/applicationview/action_post", data={"action": "approve_selected",
                                                                "rowid": [str(submitted.pk)]}, follow_redirects=True)

    assert posted.status_code == 404
    assert "已审核通过 0 件，共选择 0 件。" in text(bulk)
    assert "张明" not in text(bulk) and "080105408130" not in text(bulk)
    assert submitted.reload().state == "district_review"


def test_review_page_shows_the_application_its_items_and_history(submitted, heping):
    page = heping.get(f"/applicationview/show/{submitted.pk}")

    shown = text(page)
    assert "考区审核中" in shown and "张明" in shown and "学历证书" in shown and "提交申请" in shown
    assert f"/applicationview/file/{submitted.pk}/{submitted.attachments[0].file_id}" in page.get_data(True)
    assert "审核通过" in shown and "审核不通过" in shown


def test_the_history_names_the_fields_a_submission_changed_as_the_form_labels_them(zhang, window, candidate, heping):
    draft = fill(applications.start(zhang, "exemption"))
    Application.objects(pk=draft.pk).update_one(set__working__major_level="专科")  # kept for conditions, not asked
    submitted = applications.submit(draft.reload(), candidate)

    shown = text(heping.get(f"/applicationview/show/{submitted.pk}"))

    assert "草稿 → 考区审核中 张明 专业、免考课程、各课程凭证" in shown
    assert "major_level" not in shown and "evidence" not in shown


def test_rejecting_needs_a_reason(submitted, heping):
    response = heping.post(f"/applicationview/review/{submitted.pk}",
                           data={"event": "reject", "comment": "", "version": submitted.version}, follow_redirects=True)

    assert "请填写理由。" in text(response)
    assert submitted.reload().state == "district_review"


def test_a_course_marked_not_passed_needs_its_reason(submitted, heping):
    response = heping.post(f"/applicationview/review/{submitted.pk}",
                           data={"event": "approve", "decision-00261": "rejected", "reason-00261": ""},
                           follow_redirects=True)

    assert "不通过，请填写原因。" in text(response)
    assert submitted.reload().state == "district_review"


def test_district_then_province_approval_grants_scores_per_course(submitted, heping, province, zhang):
    heping.post(f"/applicationview/review/{submitted.pk}", data={"event": "approve", "version": submitted.version})
    province.post(f"/applicationview/review/{submitted.pk}",
                  data={"event": "approve", "decision-00261": "approved", "decision-00321": "rejected",
                        "reason-00321": "证书与课程不对应", "version": submitted.version + 1})

    submitted.reload()
    assert submitted.state == "approved"
    assert [s.course.code for s in Score.objects(candidate=zhang, source="exemption")] == ["00261"]
    assert [e.action for e in AuditEntry.objects(model="Application").order_by("at")] == ["review", "review"]


def test_a_reviewer_acting_on_a_page_someone_else_has_since_changed_is_told_who_acted(app, submitted, heping,
                                                                                     province):
    seen = submitted.version
    heping.post(f"/applicationview/review/{submitted.pk}", data={"event": "approve", "version": seen})

    # The provincial reviewer's page still shows the application as it was before the district approved.
    response = province.post(f"/applicationview/review/{submitted.pk}",
                             data={"event": "approve", "version": seen}, follow_redirects=True)

    assert "和平区审核员 已于" in text(response) and "您的操作未执行" in text(response)
    assert submitted.reload().state == "provincial_review"


def test_bulk_approve_from_the_list(zhang, window, candidate, heping):
    from tests.workflows.fixtures import submitted_many

    cases = submitted_many(zhang, candidate, 3)

    response = heping.post("/applicationview/action_post", data={
        "action": "approve_selected", "rowid": [str(c.pk) for c in cases]}, follow_redirects=True)

    assert "已审核通过 3 件，共选择 3 件。" in text(response)
    assert {c.reload().state for c in cases} == {"provincial_review"}


def test_bulk_reject_asks_for_one_reason_for_all(zhang, window, candidate, heping):
    from tests.workflows.fixtures import submitted_many

    cases = submitted_many(zhang, candidate, 2)
    rowids = [str(c.pk) for c in cases]

    asked = heping.post("/applicationview/action_post", data={"action": "reject_selected", "rowid": rowids},
                        follow_redirects=True)
    refused = heping.post("/applicationview/bulk_reject", data={"rowid": rowids, "comment": ""})
    done = heping.post("/applicationview/bulk_reject", data={"rowid": rowids, "comment": "材料不全"},
                       follow_redirects=True)

    assert "以下 2 件申请将被审核不通过" in text(asked)
    assert "请填写理由（不超过500个字）。" in text(refused)
    assert "已审核不通过 2 件，共选择 2 件。" in text(done)
    assert {(c.reload().state, c.last_comment) for c in cases} == {("rejected", "材料不全")}


def test_search_by_exam_number(submitted, heping):
    assert "张明" in text(heping.get("/applicationview/list/?_flt_1_exam_number=080105408130"))
    assert "张明" not in text(heping.get("/applicationview/list/?_flt_1_exam_number=999999999999"))


@pytest.mark.parametrize("typed, said", [
    ('{"key": "exemption", }', "不是有效的 JSON（第 1 行第 22 列）：此处应为用双引号括起的名称（最后一项后面多了逗号？）"),
    ('{"states": [1, ]}', "不是有效的 JSON（第 1 行第 16 列）：此处缺少值（最后一项后面多了逗号？）"),
    ('{"key" "exemption"}', "不是有效的 JSON（第 1 行第 8 列）：此处缺少冒号"),
    ('{"key": "exemption"} x', "不是有效的 JSON（第 1 行第 22 列）：内容结束后还有多余的文字"),
    ('{"key": "exemp', "不是有效的 JSON（第 1 行第 9 列）：文字缺少结尾的双引号"),
])
def test_a_revision_that_is_not_json_says_where_and_what_in_words(app, world, typed, said):
    admin = staff_client(app, "admin")
    saved = WorkflowDefinition.latest("exemption")

    page = text(admin.post(f"/workflowdefinitionview/revise/{saved.pk}", data={"body": typed}))

    assert said in page and "Expecting" not in page
    assert WorkflowDefinition.objects(key="exemption").count() == 1


def test_admin_revises_a_workflow_and_a_broken_one_is_refused(app, world):
    admin = staff_client(app, "admin")
    saved = WorkflowDefinition.latest("exemption")
    body = saved.body
    broken = dict(body, states={**body["states"], "limbo": "悬空"})

    refused = admin.post(f"/workflowdefinitionview/revise/{saved.pk}", data={"body": json.dumps(broken)})
    not_json = admin.post(f"/workflowdefinitionview/revise/{saved.pk}", data={"body": "{oops"})
    renamed = dict(body, states={**body["states"], "draft": "填写中"})
    accepted = admin.post(f"/workflowdefinitionview/revise/{saved.pk}", data={"body": json.dumps(renamed),
                                                                            "note": "改名"})

    assert "状态 limbo 无法到达。" in text(refused)
    assert "不是有效的 JSON（第 1 行第 2 列）：此处应为用双引号括起的名称（最后一项后面多了逗号？）" in text(not_json)
    assert accepted.status_code == 302
    assert [d.version for d in WorkflowDefinition.objects(key="exemption").order_by("version")] == [1, 2]


def test_reviewers_cannot_revise_definitions(app, world):
    saved = WorkflowDefinition.latest("exemption")

    response = staff_client(app, "province").get(f"/workflowdefinitionview/revise/{saved.pk}")

    assert response.status_code in (302, 403)


def test_business_window_must_close_after_it_opens(app, world):
    admin = staff_client(app, "admin")
    kind = BusinessType.objects.get(key="exemption")

    response = admin.post(f"/businesstypeview/edit/{kind.pk}", data={
        "key": "exemption", "title": "免考申请", "workflow_key": "exemption", "form_key": "exemption",
        "opens_at": "2026-03-01 09:00:00", "closes_at": "2026-02-01 09:00:00", "enabled": "y"})

    assert "截止时间须晚于开放时间。" in text(response)
    assert kind.reload().closes_at.year != 2026 or kind.closes_at.month != 2


def test_the_business_window_is_set_to_the_minute_from_the_pickers_values(app, world):
    admin = staff_client(app, "admin")
    kind = BusinessType.objects.get(key="exemption")
    form = {"key": "exemption", "title": "免考申请", "workflow_key": "exemption", "form_key": "exemption",
            "enabled": "y"}

    page = text(admin.get(f"/businesstypeview/edit/{kind.pk}"))
    saved = admin.post(f"/businesstypeview/edit/{kind.pk}", data={
        **form, "opens_at": "2027-03-01T08:30", "closes_at": "2027-03-31T18:00"}, follow_redirects=True)

    assert "开放时间" in page and saved.status_code == 200
    kind.reload()
    assert (kind.opens_at, kind.closes_at) == (datetime.datetime(2027, 3, 1, 8, 30), datetime.datetime(2027, 3, 31, 18))


@pytest.mark.parametrize("typed", ["2027-13-01T08:30", "明天", "2027-03-01"])
def test_a_window_time_that_is_not_one_is_refused_and_nothing_changes(app, world, typed):
    admin = staff_client(app, "admin")
    kind = BusinessType.objects.get(key="exemption")
    before = kind.opens_at

    refused = admin.post(f"/businesstypeview/edit/{kind.pk}", data={
        "key": "exemption", "title": "免考申请", "workflow_key": "exemption", "form_key": "exemption",
        "opens_at": typed, "closes_at": "2027-03-31T18:00", "enabled": "y"})

    assert "不是有效的日期与时间值" in text(refused) and kind.reload().opens_at == before


def test_a_types_key_cannot_change_once_an_application_names_it(app, world, submitted):
    admin = staff_client(app, "admin")
    kind = BusinessType.objects.get(key="exemption")
    form = {"title": "免考申请", "workflow_key": "exemption", "form_key": "exemption", "enabled": "y"}

    refused = admin.post(f"/businesstypeview/edit/{kind.pk}", data={**form, "key": "course_exemption"})

    assert "已有申请使用业务代码 exemption，不能再修改。" in text(refused) and kind.reload().key == "exemption"
    renamed = BusinessType.objects.get(key="backfill")
    assert not Application.objects(type="backfill").first()
    admin.post(f"/businesstypeview/edit/{renamed.pk}", data={**form, "title": "成绩补登", "workflow_key": "backfill",
                                                              "form_key": "backfill", "key": "score_backfill"})
    assert renamed.reload().key == "score_backfill"  # nothing names it yet


def test_the_candidate_sees_the_granted_exemption_among_their_scores(app, at_province, province):
    from tests.fixtures import candidate_client

    province.post(f"/applicationview/review/{at_province.pk}", data={"event": "approve",
                                                                     "version": at_province.version})

    page = text(candidate_client(app, "080105408130").get("/scores"))
    assert "行政法学（00261） 5 通过" in page and "免考" in page


def test_queue_round_trips_do_not_grow_with_page_size(app, zhang, window, candidate, heping):
    from app.extensions import db
    from bench.roundtrips import counting

    from tests.workflows.fixtures import submitted_many

    submitted_many(zhang, candidate, 11)
    heping.get("/applicationview/list/")  # the first request parses and caches the definitions
    counts = {}
    for size in (5, 10):
        with app.app_context(), counting(db.engine) as trips:
            page = heping.get(f"/applicationview/list/?psize_ApplicationView={size}")
        assert page.get_data(True).count("/applicationview/show/") == size
        counts[size] = (trips.mongo, trips.sql)

    assert counts[5] == counts[10]


@pytest.mark.parametrize("route", ["/applicationview/action/approve_selected/{pk}", "/applicationview/edit/{pk}",
                                   "/applicationview/delete/{pk}", "/applicationview/add"])
def test_applications_change_only_through_review(app, submitted, route):
    admin = staff_client(app, "admin")

    response = admin.post(route.format(pk=submitted.pk), data={"state": "approved"})

    assert response.status_code == 404
    assert submitted.reload().state == "district_review"


def test_an_unknown_bulk_action_is_not_found(submitted, heping):
    response = heping.post("/applicationview/action_post", data={"action": "delete_everything",
                                                                  "rowid": [str(submitted.pk)]})

    assert response.status_code == 404


def test_rejecting_from_the_review_page_rejects_every_course(submitted, heping):
    # The page's radios start at 通过; a rejection of the whole application must not leave them so.
    heping.post(f"/applicationview/review/{submitted.pk}", data={
        "event": "reject", "comment": "材料不全", "decision-00261": "approved", "decision-00321": "approved",
        "version": submitted.version})

    submitted.reload()
    assert submitted.state == "rejected"
    assert {(i.decision, i.reason) for i in submitted.items} == {("rejected", "材料不全")}


@pytest.mark.parametrize("change, reason", [
    (lambda b: b.update(initial=["draft"]), "initial 的值不正确"),
    (lambda b: b["transitions"][0].update(to=["x"]), "to 的值不正确"),
    (lambda b: b.update(title={"zh": "免考"}), "title 的值不正确"),
    (lambda b: b.update(transitions="none"), "transitions 的值不正确"),
])
def test_the_workflow_editor_refuses_wrong_types_with_a_reason(app, world, change, reason):
    saved = WorkflowDefinition.latest("exemption")
    body = json.loads(json.dumps(saved.body))
    change(body)

    response = staff_client(app, "admin").post(f"/workflowdefinitionview/revise/{saved.pk}",
                                               data={"body": json.dumps(body)})

    assert response.status_code == 200 and reason in text(response)
    assert WorkflowDefinition.objects(key="exemption").count() == 1


@pytest.mark.parametrize("path, value, reason", [
    (("steps", 2, "fields", 0, "fields", 0, "fields", 5, "rules", "max_kb"), "x", "max_kb 的值不正确"),
    (("steps", 0, "fields", 0, "label"), None, "label 的值不正确"),
    (("steps", 0, "fields", 0, "name"), ["major"], "name 的值不正确"),
])
def test_the_form_editor_refuses_wrong_types_with_a_reason(app, world, path, value, reason):
    from app.models import FormDefinition

    saved = FormDefinition.latest("exemption")
    body = json.loads(json.dumps(saved.body))
    node = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value

    response = staff_client(app, "admin").post(f"/formdefinitionview/revise/{saved.pk}",
                                               data={"body": json.dumps(body)})

    assert response.status_code == 200 and reason in text(response)
    assert FormDefinition.objects(key="exemption").count() == 1


def test_the_staff_home_lists_the_queues_of_the_types_the_reviewer_acts_on(app, world):
    heping_home = staff_client(app, "heping").get("/admin/").get_data(as_text=True)
    tjnu_home = staff_client(app, "tjnu").get("/admin/").get_data(as_text=True)
    assert "免考申请审核" in heping_home and "_flt_1_type=exemption" in heping_home
    assert "_flt_1_type=exemption" not in tjnu_home
