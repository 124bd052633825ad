"""What the review page tells a reviewer: what changed and by which labels, the versions in words, why there is
nothing for them to do, and, for a merge, the records it names."""
import json

import pytest

from app.models import Application, Candidate, Score, WorkflowDefinition
from tests.fixtures import candidate_client, staff_client, text
from usecases import applications
from workflows.engine import workflow_definitions

from tests.workflows.fixtures import review


def test_the_history_names_every_change_by_a_label_even_those_no_field_asks_for(submitted, heping):
    # An application submitted before a changed file was recorded as itself kept the count of refused uploads.
    Application.objects(pk=submitted.pk).update_one(set__history__0__changed=["courses", "refused_uploads"])

    shown = text(heping.get(f"/applicationview/show/{submitted.pk}"))

    assert "草稿 → 考区审核中 张明 免考课程、重新上传的文件" in shown and "refused_uploads" not in shown


def test_the_page_names_the_versions_in_words_not_by_their_keys(submitted, heping):
    shown = text(heping.get(f"/applicationview/show/{submitted.pk}"))

    assert "办理依据 免考申请流程第 1 版，申请表第 1 版" in shown
    assert "exemption v1" not in shown and " v1" not in shown


def test_a_first_submission_has_nothing_to_compare(submitted, heping):
    assert "与上次提交相比" not in text(heping.get(f"/applicationview/show/{submitted.pk}"))


def test_a_resubmission_with_nothing_changed_says_so(submitted, heping, candidate):
    review(heping, submitted, "reject", "材料不全")
    applications.submit(submitted.reload(), candidate)

    shown = text(heping.get(f"/applicationview/show/{submitted.pk}"))

    assert "与上次提交相比没有修改。" in shown


def test_a_resubmission_shows_a_removed_course_old_beside_new(submitted, heping, candidate):
    review(heping, submitted, "reject", "材料不全")
    working = submitted.reload().working
    Application.objects(pk=submitted.pk).update_one(
        set__working={**working, "courses": ["00261"], "evidence": {"00261": working["evidence"]["00261"]}},
        set__working_attachments=[a for a in submitted.working_attachments if "00261" in a.field])
    applications.submit(submitted.reload(), candidate)

    page = heping.get(f"/applicationview/show/{submitted.pk}")
    html = page.get_data(as_text=True)
    changes = text(page)[text(page).index("与上次提交相比"):text(page).index("申请内容")]

    assert "免考课程 行政法学（00261），5学分；中国文化概论（00321），5学分 行政法学（00261），5学分 " in changes
    assert "中国文化概论（00321），5学分 · 凭证 1 · 凭证编号 N-00321 （未填写）" in changes
    assert "行政法学（00261），5学分 · 凭证" not in changes  # the course kept, with the same voucher
    assert html.count('class="change-old"') == html.count('class="change-new"') >= 2


def test_no_sentence_for_a_reviewer_who_has_a_decision_to_make(submitted, heping):
    page = heping.get(f"/applicationview/show/{submitted.pk}")

    assert 'id="no-action"' not in page.get_data(as_text=True) and "审核通过" in text(page)


def test_a_reviewer_is_told_the_province_acts_now(at_province, heping):
    shown = text(heping.get(f"/applicationview/show/{at_province.pk}"))

    assert "该申请在“省级审核中”，由省级审核人员办理，您无需操作。" in shown


def test_a_reviewer_is_told_the_candidate_acts_now(submitted, heping):
    review(heping, submitted, "reject", "材料不全")

    shown = text(heping.get(f"/applicationview/show/{submitted.pk}"))

    assert "该申请在“审核未通过”，等待考生重新提交或撤回申请，您无需操作。" in shown


def test_a_reviewer_is_told_a_finished_application_needs_nothing(at_province, province):
    review(province, at_province, "approve")

    shown = text(province.get(f"/applicationview/show/{at_province.pk}"))

    assert "该申请“审核通过”，办理已结束，您无需操作。" in shown


def test_an_administrator_on_a_transfer_out_is_told_who_handles_it(app, transfer_window, zhang, candidate):
    from application_types.transfer_out.tests.test_transfer_out import draft

    passed = Score.objects(candidate=zhang, passed=True).first()
    application = applications.submit(draft(zhang, [passed]), candidate)

    shown = text(staff_client(app, "admin").get(f"/applicationview/show/{application.pk}"))

    assert "该申请在“省级审核中”，由省级审核人员办理，您无需操作。" in shown


def test_a_reviewer_is_told_the_check_that_refuses_every_decision(app, world, zhang, candidate, heping):
    """A revision that checks the applicant's record on rejection too: with it retired, nothing can be decided."""
    from tests.workflows.fixtures import open_window

    body = json.loads(json.dumps(WorkflowDefinition.latest("merge").body))
    for transition in body["transitions"]:
        if transition["event"] == "reject":
            transition["guards"] = ["record_not_retired"]
    workflow_definitions.save("merge", body, "admin")
    open_window("merge")
    application = merge_draft(zhang, "019901234567")
    applications.submit(application, candidate)
    old = Candidate.objects.get(exam_number="019901234567")
    Candidate.objects(pk=zhang.pk).update_one(set__merged_into=old)

    shown = text(heping.get(f"/applicationview/show/{application.pk}"))

    assert "您现在不能办理该申请：该考生的档案已合档并入准考证号 019901234567，本申请不能再办理。" in shown


def merge_draft(candidate_document, *numbers):
    application = applications.start(candidate_document, "merge")
    sources = {str(slot): {"kind": "exam_number", "exam_number": number} for slot, number in enumerate(numbers)}
    Application.objects(pk=application.pk).update_one(set__working={**application.working, "sources": sources})
    return application.reload()


@pytest.fixture
def merging(app, world, zhang, candidate):
    from tests.workflows.fixtures import open_window

    open_window("merge")
    other = Candidate.objects(district__ne=zhang.district, merged_into=None).first()
    return applications.submit(merge_draft(zhang, "019901234567", "088888888888", other.exam_number), candidate), other


def test_a_merge_review_shows_the_old_record_beside_the_current_one(merging, heping):
    application, _other = merging
    old = Candidate.objects.get(exam_number="019901234567")

    page = heping.get(f"/applicationview/show/{application.pk}")
    shown = text(page)

    assert "需要合并的考籍" in shown
    assert "准考证号 080105408130 019901234567 088888888888" in shown
    assert f"证件号码 {application.id_number} {old.id_number} （与现考籍不一致）" in shown
    assert "考籍管理区县 和平区 和平区" in shown
    assert "2 条成绩，合格课程 2 门（2000-10 至 2001-04）" in shown  # the old record's, under both its numbers
    assert "未找到该号码的考籍。" in shown


def test_a_record_outside_the_reviewers_scope_is_named_by_its_district_only(app, merging, heping):
    application, other = merging

    district_page = text(heping.get(f"/applicationview/show/{application.pk}"))
    whole_province = text(staff_client(app, "admin").get(f"/applicationview/show/{application.pk}"))

    assert f"该号码的考籍由{other.district.name}管理，不在您的管辖范围内，不显示其信息。" in district_page
    assert other.name not in district_page and other.id_number not in district_page
    assert other.id_number in whole_province and "不在您的管辖范围内" not in whole_province


def test_the_candidate_never_sees_the_records_a_merge_names(app, merging):
    application, other = merging

    shown = text(candidate_client(app, "080105408130").get(f"/applications/{application.pk}"))

    assert "需要合并的考籍" not in shown and other.id_number not in shown
