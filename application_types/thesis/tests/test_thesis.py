"""Thesis / final project 本科论文与专科毕业设计 through the pages: the candidate applies from the notice to the
submission, the university of the major approves naming the supervisor, whom the candidate then sees; and what each
step refuses, in words."""
import io

import pytest
from app import roles
from app.models import Application, Candidate, Course, Score
from bench.roundtrips import counting
from tests.fixtures import candidate_client, errors, jpeg, staff_client, text
from tests.workflows.fixtures import open_window, staff
from usecases import applications
from workflows.engine import Actor, GuardRefused, TransitionNotAllowed, fire

ZHANG, WANG, ZHAO = "080105408130", "011421104387", "011422045126"  # 030101K (天津师范大学), 120402, 690206
VOUCHER = {"voucher_type": "前置学历毕业证书", "voucher_number": "1002212010069999", "voucher_month": "2010-07",
           "voucher_province": "天津市", "voucher_remark": ""}


@pytest.fixture
def thesis_open(app, world):
    open_window("thesis")


def started(client, lands_on="qualification"):
    """Agree to the notice: a new draft opens at its first step, one left unfinished where input is missing."""
    response = client.post("/apply/thesis/notice", data={"agree": "y"})
    assert response.status_code == 302 and response.location.endswith(f"/steps/{lands_on}"), response.location
    return response.location.split("/")[2]


def materials(client, application_id, data=VOUCHER, image=True):
    form = dict(data)
    if image:
        form["voucher_images"] = (io.BytesIO(jpeg()), "diploma.jpg")
    return client.post(f"/applications/{application_id}/steps/materials", data=form,
                       content_type="multipart/form-data")


def submitted(client):
    """A thesis application filled in and submitted through the pages (the draft started before, if any); the
    application."""
    unfinished = Application.objects(type="thesis", state="draft").first()
    application_id = started(client, "materials" if unfinished else "qualification")
    assert client.post(f"/applications/{application_id}/steps/qualification").status_code == 302
    assert materials(client, application_id).location.endswith(f"/applications/{application_id}/preview")
    response = client.post(f"/applications/{application_id}/submit", follow_redirects=True)
    assert "申请已提交" in text(response), text(response)
    return Application.objects.get(pk=application_id)


def decide(reviewer, application, event, comment="", supervisor=None):
    current = Application.objects.get(pk=application.pk)
    data = {"event": event, "comment": comment, "version": current.version}
    if supervisor is not None:
        data["input-approve-supervisor"] = supervisor
    return reviewer.post(f"/applicationview/review/{application.pk}", data=data, follow_redirects=True)


def test_a_candidate_applies_and_the_university_of_the_major_names_the_supervisor(app, thesis_open):
    zhang = candidate_client(app, ZHANG)
    notice = text(zhang.get("/apply/thesis/notice"))
    assert "本科论文与专科毕业设计 · 考生须知" in notice and "主考院校审核" in notice
    application_id = started(zhang)

    shown = text(zhang.get(f"/applications/{application_id}/steps/qualification"))
    assert "您已通过030101K 法学专业计划中毕业论文（毕业设计）以外的全部课程，可以申请。" in shown
    assert "知识产权法(00226) 理论 81 4 2021年04月 — 080105408130" in shown
    assert "法学(本科)毕业论文(14850) 论文 75 不计学分" in shown

    application = submitted(zhang)
    assert application.state == "university_review" and application.major.code == "030101K"
    assert application.data["voucher_number"] == "1002212010069999" and len(application.attachments) == 1

    tjnu = staff_client(app, "tjnu")
    page = text(tjnu.get(f"/applicationview/show/{application.pk}"))
    assert "指导教师（“审核通过”时必填）" in page and "当前 — →" in page and "1002212010069999" in page
    assert "请及时与指导教师联系" not in page  # the supervisor panel shows nothing before the approval
    assert "申请资格（成绩列表） 已通过030101K 法学专业计划中毕业论文（毕业设计）以外的全部课程。" in page
    assert "知识产权法(00226) 理论 81 4 2021年04月 — 080105408130" in page  # the list the reviewer decides on
    decided = text(decide(tjnu, application, "approve", supervisor="王立新 教授"))
    assert "已办理：审核通过。" in decided

    application.reload()
    assert application.state == "approved" and application.history[-1].given("supervisor") == "王立新 教授"
    detail = text(zhang.get(f"/applications/{application.pk}"))
    assert "审核通过" in detail and "指导教师 王立新 教授 请及时与指导教师联系" in detail
    assert "指导教师 王立新 教授" in text(tjnu.get(f"/applicationview/show/{application.pk}"))
    assert "withdraw" not in zhang.get(f"/applications/{application.pk}").get_data(as_text=True)


def test_the_voucher_is_required_each_with_its_message(app, thesis_open):
    zhang = candidate_client(app, ZHANG)
    application_id = started(zhang)

    without_image = materials(zhang, application_id, image=False)
    assert without_image.status_code == 200 and "请上传凭证图片。" in errors(without_image)
    blanks = materials(zhang, application_id, {"voucher_type": ""}, image=False)
    assert {"请填写凭证类型。", "请填写凭证编号。", "请填写获取凭证时间。", "请填写获取凭证省份。"} <= set(errors(blanks)), \
        errors(blanks)
    wrong = materials(zhang, application_id, {**VOUCHER, "voucher_number": "12-34", "voucher_month": "2010-13"})
    assert {"凭证编号为6至30位数字或字母。", "请按 年-月 填写，如 2024-04。"} <= set(errors(wrong)), errors(wrong)

    response = zhang.post(f"/applications/{application_id}/submit", follow_redirects=True)
    assert "以下内容尚未填写完整" in text(response) and "凭证编号" in text(response)
    assert Application.objects.get(pk=application_id).state == "draft"


@pytest.mark.parametrize("typed, reason", [
    ("", "请填写指导教师。"),
    ("   ", "请填写指导教师。"),
    ("王" * 31, "指导教师不能超过30个字，且不能含有控制字符。"),
    ("王立新\x07", "指导教师不能超过30个字，且不能含有控制字符。"),
])
def test_an_approval_without_a_proper_supervisor_is_refused_beside_the_input(app, thesis_open, typed, reason):
    application = submitted(candidate_client(app, ZHANG))
    tjnu = staff_client(app, "tjnu")

    response = decide(tjnu, application, "approve", supervisor=typed)

    html = response.get_data(as_text=True)
    assert response.status_code == 200 and reason in text(response)
    beside = html[html.index('name="input-approve-supervisor"'):]
    assert beside.index(reason) < beside.index('name="comment"')
    assert application.reload().state == "university_review" and len(application.history) == 1


def test_a_thirty_character_supervisor_is_accepted(app, thesis_open):
    application = submitted(candidate_client(app, ZHANG))

    decide(staff_client(app, "tjnu"), application, "approve", supervisor="王" * 30)

    assert application.reload().state == "approved"


def test_only_a_reviewer_of_the_majors_university_may_decide(app, thesis_open):
    application = submitted(candidate_client(app, ZHANG))
    heping = staff("和平区审核员", roles.DISTRICT_REVIEWER, roles.SCOPE_DISTRICT, "120101")
    shanxi = staff("山西大学审核员", roles.UNIVERSITY_REVIEWER, roles.SCOPE_UNIVERSITY, "10108")

    with app.test_request_context():
        with pytest.raises(TransitionNotAllowed, match="当前状态为“主考院校审核中”，不能执行“审核通过”。"):
            fire(application, "approve", heping, inputs={"supervisor": "王立新"})
        with pytest.raises(GuardRefused, match="该申请不在您的办理范围内。"):
            fire(application, "approve", shanxi, inputs={"supervisor": "王立新"})
        # Through the pages the application is not there for either of them.
        security = app.appbuilder.sm
        user = security.add_user("sxu", "山西大学", "审核员", "sxu@example.com",
                                 [security.find_role(roles.UNIVERSITY_REVIEWER)], password="demo2024")
        user.university_code = "10108"
        security.session.commit()
    for username in ("heping", "sxu"):
        reviewer = staff_client(app, username)
        assert reviewer.get(f"/applicationview/show/{application.pk}").status_code == 404
        assert decide(reviewer, application, "approve", supervisor="王立新").status_code == 404
    assert application.reload().state == "university_review"


def test_a_rejection_needs_a_reason_which_the_candidate_reads(app, thesis_open):
    zhang = candidate_client(app, ZHANG)
    application = submitted(zhang)
    tjnu = staff_client(app, "tjnu")

    assert "请填写理由。" in text(decide(tjnu, application, "reject"))
    assert application.reload().state == "university_review"
    decide(tjnu, application, "reject", comment="前置学历毕业证书图片不清晰，请重新上传。")

    assert application.reload().state == "rejected"
    detail = text(zhang.get(f"/applications/{application.pk}"))
    assert "审核未通过" in detail and "前置学历毕业证书图片不清晰，请重新上传。" in detail and "重新提交" in detail


def test_the_candidate_may_withdraw_until_the_university_decides(app, thesis_open):
    zhang = candidate_client(app, ZHANG)
    application = submitted(zhang)

    response = zhang.post(f"/applications/{application.pk}/withdraw", follow_redirects=True)

    assert "申请已撤回。" in text(response) and application.reload().state == "withdrawn"
    assert "已撤回" in text(zhang.get(f"/applications/{application.pk}"))


def test_a_decided_application_cannot_be_withdrawn_nor_applied_for_again(app, thesis_open):
    zhang = candidate_client(app, ZHANG)
    application = submitted(zhang)
    decide(staff_client(app, "tjnu"), application, "approve", supervisor="王立新")

    refused = text(zhang.post(f"/applications/{application.pk}/withdraw", follow_redirects=True))
    assert "当前状态为“审核通过”，不能执行“撤回申请”。" in refused and application.reload().state == "approved"

    again = started(zhang)
    assert zhang.post(f"/applications/{again}/steps/qualification").status_code == 302
    materials(zhang, again)
    response = text(zhang.post(f"/applications/{again}/submit", follow_redirects=True))
    assert "您已有一份本科论文与专科毕业设计申请（审核通过），不能重复申请。" in response
    assert Application.objects.get(pk=again).state == "draft"


@pytest.mark.parametrize("exam_number, reason", [
    (WANG, "尚未通过120402 行政管理专业计划中毕业论文（毕业设计）以外的课程：英语(专升本)（13000）。"),
    (ZHAO, "690206 行政管理专业的计划中没有毕业论文（毕业设计）课程，无需申请。"),
])
def test_an_unqualified_candidate_is_told_why_and_refused(app, thesis_open, exam_number, reason):
    client = candidate_client(app, exam_number)
    application_id = started(client)

    shown = text(client.get(f"/applications/{application_id}/steps/qualification"))
    assert f"您暂不符合申请条件：{reason}" in shown
    refused = client.post(f"/applications/{application_id}/steps/qualification")
    assert refused.status_code == 200 and f'<p class="error" role="alert">{reason}</p>' in refused.get_data(as_text=True)

    # Going past the first step does not help: the submission is refused with the same reason.
    materials(client, application_id)
    response = text(client.post(f"/applications/{application_id}/submit", follow_redirects=True))
    assert reason in response and Application.objects.get(pk=application_id).state == "draft"


def test_the_submission_guard_holds_the_rule_without_the_step(app, thesis_open):
    """The workflow refuses an unqualified candidate even if the form's step no longer checks it."""
    wang = Candidate.objects.get(exam_number=WANG)
    with app.test_request_context():
        application = applications.start(wang, "thesis")
        with pytest.raises(GuardRefused, match="英语\\(专升本\\)（13000）"):
            fire(application, "submit", Actor.for_candidate(wang),
                 publish={"data": {**VOUCHER, "major": "120402"}, "attachments": [], "items": []})


def test_identity_comes_first(app, thesis_open):
    Candidate.objects(exam_number=ZHANG).update_one(set__identity_verified=False)
    zhang = candidate_client(app, ZHANG)
    application_id = started(zhang)
    zhang.post(f"/applications/{application_id}/steps/qualification")
    materials(zhang, application_id)

    response = text(zhang.post(f"/applications/{application_id}/submit", follow_redirects=True))

    assert "请先完成身份认证。" in response and Application.objects.get(pk=application_id).state == "draft"


def test_the_course_list_costs_the_same_round_trips_whatever_the_scores(app, thesis_open):
    zhang = candidate_client(app, ZHANG)
    step = f"/applications/{started(zhang)}/steps/qualification"
    zhang.get(step)
    with counting() as few:
        zhang.get(step)
    candidate = Candidate.objects.get(exam_number=ZHANG)
    for code in ("00144", "10791", "02628", "00261", "13000", "00247"):
        Score(candidate=candidate, exam_number=ZHANG, course=Course.objects.get(code=code), mark=41,
              sitting="2019-04").save()

    with counting() as many:
        page = text(zhang.get(step))

    assert "可以申请" in page and many.mongo == few.mongo
