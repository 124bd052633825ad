"""Graduation 毕业申请 through the pages: the wizard, the audit at submission, the district's pre-review, the fee,
the registration form and its PDF, and the university's decision; then what each step refuses, in words."""
import datetime
import io
import re
import urllib.parse

import pypdfium2 as pdfium
import pytest
from bson import ObjectId

from app import roles
from app.models import Application, BusinessType, Candidate, Course, District, MajorPlan, Message, Score
from app.models.payment import PaymentOrder
from app.models.slot import ReviewSlot
from bench.roundtrips import counting
from app.scope import Scope
from app.services import graduation_audit, demo, photos, slots
from usecases import applications
from app.services import files
from tests.fixtures import candidate_client, errors, jpeg, staff_client, text
from tests.services.test_photos import graduation_photo
from application_types.graduation.workflow import GRADUATION
from workflows.engine import Actor, GuardRefused, fire, workflow_definitions
from workflows.registry import EFFECTS

from tests.workflows.fixtures import open_window, review

ASSESSMENT = "本人在自学考试期间坚持工作与学习并重，认真钻研专业知识。" * 16  # 464 characters
PRIOR = {"prior_name": "张明", "prior_id_number": "120101199001011234", "prior_level": "专科",
         "prior_school": "天津职业大学", "prior_major": "法律事务", "diploma_number": "1002212010069999",
         "diploma_month": "2010-07", "diploma_province": "天津市", "prior_era": "2002年及以后毕业",
         "chsi_code": "090888693519AB"}
REGISTER = {"ethnicity": "汉族", "political_status": "群众", "native_place": "天津市和平区", "health": "健康",
            "occupation": "职员", "address": "天津市和平区南京路1号", "education_attained": "大专",
            "overseas_relative": "否", "resume-0-start": "2007-09", "resume-0-end": "2010-07",
            "resume-0-place": "天津职业大学学习", "rewards": "无"}


@pytest.fixture
def graduation_open(app, world):
    open_window("graduation")
    BusinessType.objects(key="graduation").update(set__fee="300.00", set__resubmission_limit=1)


@pytest.fixture
def slot(world):
    starts = datetime.datetime.now().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=3)
    return ReviewSlot(district=District.objects.get(code="120101"), place="和平区招办 101室", starts_at=starts,
                      ends_at=starts + datetime.timedelta(hours=2), capacity=60).save()


@pytest.fixture
def zhang(app, world, graduation_open):
    """张明, verified with his registration photo (the demo's)."""
    return Candidate.objects.get(exam_number="080105408130")


@pytest.fixture
def browser(app, zhang):
    return candidate_client(app, "080105408130")


def step(browser, application_id, key, data=None, **uploads):
    """Post one step of the wizard; the response (a redirect when the step was accepted)."""
    form = dict(data or {})
    for name, content in uploads.items():
        form[name] = (io.BytesIO(content), f"{name}.jpg")
    return browser.post(f"/applications/{application_id}/steps/{key}", data=form,
                        content_type="multipart/form-data")


def accepted(response):
    """Whether the step was accepted; if not, the assertion shows the messages the page gave."""
    errors = re.findall(r'class="(?:error|flash[^"]*)"[^>]*>([^<]+)<', response.get_data(as_text=True))
    assert response.status_code == 302, errors
    return True


def best_scores(candidate):
    scores = graduation_audit.load_scores([str(candidate.pk)])[str(candidate.pk)]
    return list(graduation_audit.best_ids(scores))


def started(browser):
    response = browser.post("/apply/graduation/notice", data={"agree": "y"})
    assert response.status_code == 302 and response.location.endswith("/steps/profile")
    return response.location.split("/")[2]


def through_the_wizard(browser, candidate, slot, major="030101K"):
    """Fill every step of the wizard as a candidate would; the application id."""
    application_id = started(browser)
    assert accepted(step(browser, application_id, "profile", {"profile_confirmed": "y"}))
    assert accepted(step(browser, application_id, "major", {"major": major}))
    assert accepted(step(browser, application_id, "scores", {"scores": best_scores(candidate)}))
    assert step(browser, application_id, "prior", PRIOR, diploma_images=jpeg(),
                register_images=jpeg()).status_code == 302
    assert accepted(step(browser, application_id, "photo", {"photo_source": "verified"}))
    assert accepted(step(browser, application_id, "assessment", {"self_assessment": ASSESSMENT}))
    assert accepted(step(browser, application_id, "proofs"))
    assert accepted(step(browser, application_id, "review", {"review_slot": str(slot.pk), "delivery": "pickup"}))
    return application_id


def submitted(browser, candidate, slot):
    return submitted_now(browser, through_the_wizard(browser, candidate, slot))


def submitted_now(browser, application_id):
    response = browser.post(f"/applications/{application_id}/submit", follow_redirects=True)
    assert "申请已提交" in text(response), text(response)
    return Application.objects.get(pk=application_id)


def pay(browser, application):
    cashier = browser.post(f"/applications/{application.pk}/payment").location
    returned = browser.post(urllib.parse.urlsplit(cashier).path + "?" + urllib.parse.urlsplit(cashier).query)
    return browser.get(returned.location, follow_redirects=True)


def test_a_graduation_runs_from_the_wizard_to_the_universitys_approval(app, browser, zhang, slot):
    scores_page = text(browser.get(f"/applications/{started(browser)}/steps/profile"))
    assert "张明" in scores_page and "080105408130" in scores_page

    application = submitted(browser, zhang, slot)

    assert application.state == "district_review" and application.major.code == "030101K"
    recorded = graduation_audit.recorded(application)
    assert recorded.verdict == "eligible" and len(recorded.used_score_ids) == 13
    assert slot.reload().seats_left == 59 and slot.holders == [str(application.pk)]

    heping = staff_client(app, "heping")
    page = text(heping.get(f"/applicationview/show/{application.pk}"))
    assert "毕业条件审核（提交时）" in page and "已完成毕业所需课程" in page and "未支付" in page
    review(heping, application, "approve")
    assert application.reload().state == "awaiting_payment"

    detail = text(browser.get(f"/applications/{application.pk}"))
    assert "去支付" in detail and "300.00元" in detail and "不支持退款" in detail
    home = browser.get("/home").get_data(as_text=True)
    assert f'href="/applications/{application.pk}/payment">去支付</a>' in home, "the fee due waits on the home"

    paid = text(pay(browser, application))
    assert "订单支付成功" in paid and application.reload().state == "final_review"
    locked = Score.objects(candidate=zhang, graduation=str(application.pk), used_for_graduation=True)
    assert {str(s.pk) for s in locked} == set(recorded.used_score_ids)
    assert "已支付" in text(heping.get(f"/applicationview/show/{application.pk}"))

    tjnu = staff_client(app, "tjnu")
    refused = text(review(tjnu, application, "approve"))
    assert "以下内容尚未填写完整" in refused and application.reload().state == "final_review"
    assert browser.get(f"/applications/{application.pk}/documents/registration-form.pdf").status_code == 404

    detail = browser.get(f"/applications/{application.pk}").get_data(as_text=True)
    resume = re.search(r'<a class="button" href="([^"]+)">填写毕业生登记表</a>', detail)
    assert resume and resume.group(1).endswith("/steps/register"), "it leads to the step still to fill in"
    home = browser.get("/home").get_data(as_text=True)
    assert f'href="/applications/{application.pk}/steps/register">填写毕业生登记表</a>' in home
    assert accepted(step(browser, application.pk, "register", REGISTER))
    assert "待您办理" not in text(browser.get("/home")), "filled in: it waits for the university"
    detail = browser.get(f"/applications/{application.pk}").get_data(as_text=True)
    assert re.search(r'<a class="button" href="[^"]+/preview">填写毕业生登记表</a>', detail), "all filled: the preview"
    assert step(browser, application.pk, "major", {"major": "120402"}).status_code == 404, "the wizard is closed"
    browser.post(f"/applications/{application.pk}/submit")
    assert application.reload().data["resume"] == {"0": {"start": "2007-09", "end": "2010-07",
                                                         "place": "天津职业大学学习"}}

    pdf = browser.get(f"/applications/{application.pk}/documents/registration-form.pdf")
    assert pdf.mimetype == "application/pdf"
    document = pdfium.PdfDocument(pdf.data)
    assert round(document[0].get_size()[1]) == 1191, "A3"
    assert "毕业生登记表" in document[0].get_textpage().get_text_range().replace("\n", "")

    review(tjnu, application, "approve")
    assert application.reload().state == "approved"
    assert "审定通过" in text(browser.get(f"/applications/{application.pk}"))


def test_what_an_english_candidates_submission_and_payment_keep_is_in_chinese_for_the_reviewers(app, browser,
                                                                                              zhang, slot):
    browser.get("/language/en")
    application_id = through_the_wizard(browser, zhang, slot)
    browser.post(f"/applications/{application_id}/submit")
    application = Application.objects.get(pk=application_id)

    kept = str(application.findings["audit"])
    assert "基础课程" in kept and "Foundation courses" not in kept
    review(staff_client(app, "heping"), application, "approve")
    pay(browser, application)
    order = PaymentOrder.objects.get(application=application.pk)
    assert application.reload().state == "final_review" and order.subject == "毕业申请费用"
    history = text(browser.get(f"/applications/{application.pk}"))
    assert "Payment platform" in history and "支付平台" not in history


def test_the_wizard_and_the_reviewer_count_electives_no_module_needed_toward_the_total(app, browser, zhang, slot):
    """030101K's total raised to 60, above its module floors (54); 张明 has passed all four electives."""
    MajorPlan.objects(major=zhang.major).update(set__total_min_credits=60)
    Score(candidate=zhang, exam_number=zhang.exam_number, course=Course.objects.get(code="00261"), mark=66,
          sitting="2023-10").save()
    total = "总学分：已得 61，毕业最低 60 ✓ （含超出模块要求、计入总学分的选修课程 4 学分）"
    counted = "080105408130 13749 环境资源法学 91 4 2022-10 考试 是 计入总学分（超出 选修课程 要求）"

    application_id = through_the_wizard(browser, zhang, slot)
    wizard = text(browser.get(f"/applications/{application_id}/steps/scores"))
    application = submitted_now(browser, application_id)
    reviewer = text(staff_client(app, "heping").get(f"/applicationview/show/{application.pk}"))

    assert total in wizard and counted in wizard and "总学分计算本专业计划内每门课程一个合格成绩的学分" in wizard
    assert total in reviewer and counted in reviewer
    assert graduation_audit.recorded(application).verdict == "eligible"


def test_a_pre_review_rejection_may_be_resubmitted_once(app, browser, zhang, slot):
    application = submitted(browser, zhang, slot)
    heping = staff_client(app, "heping")
    review(heping, application, "reject", "前置学历证书照片不清晰")
    detail = text(browser.get(f"/applications/{application.pk}"))
    assert "初审未通过" in detail and "前置学历证书照片不清晰" in detail and "重新提交" in detail

    assert accepted(step(browser, application.pk, "prior", PRIOR, diploma_images=jpeg()))
    browser.post(f"/applications/{application.pk}/submit")
    assert application.reload().state == "district_review"

    review(heping, application, "reject", "仍不清晰")
    refused = text(browser.post(f"/applications/{application.pk}/submit", follow_redirects=True))
    assert "最多可重新提交 1 次" in refused and application.reload().state == "rejected"


def test_the_profile_step_names_the_candidates_sex_as_a_person_reads_it(app, browser, zhang):
    page = text(browser.get(f"/applications/{started(browser)}/steps/profile"))

    assert "性别：男" in page and "性别：M" not in page


def test_cancelling_before_payment_gives_the_seat_back_and_after_payment_is_refused(app, browser, zhang, slot):
    application = submitted(browser, zhang, slot)
    cancelled = text(browser.post(f"/applications/{application.pk}/withdraw", follow_redirects=True))
    assert application.reload().state == "cancelled" and slot.reload().seats_left == 60
    assert "申请已取消。" in cancelled and "状态 已取消" in cancelled

    second = submitted(browser, zhang, slot)
    review(staff_client(app, "heping"), second, "approve")
    pay(browser, second)
    refused = text(browser.post(f"/applications/{second.pk}/withdraw", follow_redirects=True))
    assert second.reload().state == "final_review" and "不能执行“取消申请”" in refused


def test_a_full_slot_sends_the_candidate_back_to_choose_another(app, browser, zhang, slot):
    slot.update(set__capacity=1, set__seats_left=0, set__holders=["someone-else"])
    application_id = through_the_wizard(browser, zhang, slot)

    response = browser.post(f"/applications/{application_id}/submit", follow_redirects=True)

    assert response.request.path.endswith("/steps/review")
    assert "现场审核地点与时间已报满，请选择其他批次" in text(response)
    assert Application.objects.get(pk=application_id).state == "draft"


def test_the_same_major_cannot_be_applied_for_twice(app, browser, zhang, slot):
    submitted(browser, zhang, slot)
    again = started(browser)

    refused = step(browser, again, "major", {"major": "030101K"})

    assert refused.status_code == 200 and "您已有 030101K 专业的毕业申请，不能重复申请" in text(refused)


def test_a_graduation_in_review_holds_its_scores_from_another_major(app, browser, zhang, slot):
    first = submitted(browser, zhang, slot)
    again = started(browser)
    assert accepted(step(browser, again, "major", {"major": "120103"}))

    page = text(browser.get(f"/applications/{again}/steps/scores"))

    assert "010123100003 02628 管理经济学 69 5 2023-04 考试 是 用于 专业课" in page  # not used by the first
    assert "080105408130 03709 马克思主义基本原理概论 84 4 2020-10 考试 否 未使用：已用于其他毕业申请" in page
    assert str(first.pk) not in page


def test_each_step_says_what_is_wrong(app, browser, zhang, slot):
    application_id = started(browser)
    assert "请填写我已核对以上个人信息" in text(step(browser, application_id, "profile", {}))
    step(browser, application_id, "major", {"major": "030101K"})

    best = best_scores(zhang)
    duplicate = Score(candidate=zhang, exam_number=zhang.exam_number, course=Score.objects(
        candidate=zhang).first().course, mark=90, sitting="2024-04").save()
    both = best + [str(duplicate.pk)]
    page = text(step(browser, application_id, "scores", {"scores": both}))
    assert f"课程 {duplicate.course.code} {duplicate.course.name} 只能选择一个成绩" in page

    wrong_era = text(step(browser, application_id, "prior", {**PRIOR, "diploma_month": "2001-06"},
                          diploma_images=jpeg(), register_images=jpeg()))
    assert "与所选毕业时间“2002年及以后毕业”不符" in wrong_era
    other_name = text(step(browser, application_id, "prior", {**PRIOR, "prior_name": "张小明"}))
    assert "请上传姓名更改证明" in other_name
    no_code = text(step(browser, application_id, "prior", {**PRIOR, "chsi_code": ""}))
    assert "请填写学历证书电子注册备案表在线验证码" in no_code

    zhang.update(unset__verified_photo_id=True)  # verified at the district after the page was shown
    assert "您在考籍管理区县现场完成了身份认证，没有身份认证照片可以使用，请上传新照片。" in text(
        step(browser, application_id, "photo", {"photo_source": "verified"}))

    short = text(step(browser, application_id, "assessment", {"self_assessment": "认真学习" * 99}))
    assert "至少400个字，当前396个字" in short

    assert "请填写邮寄地址" in text(step(browser, application_id, "review", {
        "review_slot": str(slot.pk), "delivery": "mail", "mail_recipient": "张明", "mail_phone": "13800138000"}))
    assert Application.objects.get(pk=application_id).working.get("self_assessment") is None, "nothing half-saved"


def test_a_candidate_verified_with_a_photo_may_reuse_it_as_the_graduation_photo(app, browser, zhang):
    photo, _type = files.read(ObjectId(zhang.verified_photo_id))
    application_id = started(browser)

    page = browser.get(f"/applications/{application_id}/steps/photo").get_data(as_text=True)

    assert photos.registration_photo(photo) == [], "the demo's photo passes the identity photo rules"
    assert '<option value="verified">使用身份认证照片</option>' in page
    assert accepted(step(browser, application_id, "photo", {"photo_source": "verified"}))


def test_a_candidate_verified_on_site_is_not_offered_an_identity_photo_and_told_why(app, world, graduation_open):
    on_site = Candidate.objects.get(exam_number=f"24{demo.ON_SITE_EVERY:010d}")
    browser = candidate_client(app, on_site.exam_number)
    application_id = started(browser)
    why = "您在考籍管理区县现场完成了身份认证，没有身份认证照片可以使用，请上传新照片。"

    page = browser.get(f"/applications/{application_id}/steps/photo")
    forged = step(browser, application_id, "photo", {"photo_source": "verified"})

    assert on_site.identity_verified and on_site.verified_photo_id is None
    assert 'value="verified"' not in page.get_data(as_text=True) and why in text(page)
    assert forged.status_code == 200 and why in errors(forged)
    assert Application.objects.get(pk=application_id).working.get("photo_source") is None
    assert accepted(step(browser, application_id, "photo", {"photo_source": "new"}, photo=graduation_photo()))


def test_a_major_whose_plan_is_not_met_is_refused_with_what_is_missing(app, browser, zhang):
    application_id = started(browser)
    step(browser, application_id, "major", {"major": "120402"})

    page = text(step(browser, application_id, "scores", {"scores": best_scores(zhang)}))

    assert "请选择加考选项" in page
    page = text(step(browser, application_id, "scores", {"scores": best_scores(zhang), "extra_option": ""}))
    assert "缺少" in page or "未满足" in page


def test_the_registration_form_refuses_a_resume_row_that_ends_before_it_starts(app, browser, zhang, slot):
    application = submitted(browser, zhang, slot)
    review(staff_client(app, "heping"), application, "approve")
    pay(browser, application)

    page = text(step(browser, application.pk, "register", {**REGISTER, "resume-0-start": "2011-09"}))

    assert "本人主要简历第1项的起始时间晚于结束时间" in page


def test_after_payment_the_registration_form_changes_nothing_the_reviewers_saw(app, browser, zhang, slot):
    application = submitted(browser, zhang, slot)
    step(browser, application.pk, "assessment", {"self_assessment": "改过的自我鉴定" * 70})  # saved, never published
    review(staff_client(app, "heping"), application, "approve")
    pay(browser, application)
    kept = [a.file_id for a in application.reload().attachments if a.field == "diploma_images"]

    step(browser, application.pk, "register", {**REGISTER, "drop_file": [str(f) for f in kept]})
    browser.post(f"/applications/{application.pk}/submit")

    application.reload()
    assert application.data["self_assessment"] == ASSESSMENT and application.data["ethnicity"] == "汉族"
    assert [a.file_id for a in application.attachments if a.field == "diploma_images"] == kept
    assert application.major.code == "030101K"


def test_without_a_fee_the_pre_review_goes_straight_to_the_final_review(app, browser, zhang, slot):
    BusinessType.objects(key="graduation").update(unset__fee=True)
    application = submitted(browser, zhang, slot)

    review(staff_client(app, "heping"), application, "approve")

    assert application.reload().state == "final_review"
    assert Score.objects(graduation=str(application.pk)).count() == 13
    assert [(h.event, h.actor_kind, h.actor_name) for h in application.history[-2:]] == [
        ("approve", "staff", "和平区审核员"), ("waive", "system", "系统")]


def told(application):
    """The titles of the site messages the decisions on `application` sent, oldest first."""
    return [m.title for m in Message.objects(origin__startswith=f"decision:{application.pk}:").order_by("sent_at")]


def test_the_candidate_is_told_the_fee_is_due_and_then_that_it_was_received(app, browser, zhang, slot):
    application = submitted(browser, zhang, slot)

    review(staff_client(app, "heping"), application, "approve")
    assert told(application) == ["毕业申请初审通过，请缴纳毕业审定费"]
    pay(browser, application)

    assert told(application) == ["毕业申请初审通过，请缴纳毕业审定费", "已收到毕业审定费"]
    page = text(browser.get("/messages"))
    assert "已收到毕业审定费" in page and "请缴纳毕业审定费" in page


def test_without_a_fee_the_candidate_is_told_the_review_moved_on_and_no_fee_is_due(app, browser, zhang, slot):
    BusinessType.objects(key="graduation").update(unset__fee=True)
    application = submitted(browser, zhang, slot)

    review(staff_client(app, "heping"), application, "approve")

    assert told(application) == ["毕业申请初审通过"]
    body = Message.objects.get(origin__startswith=f"decision:{application.pk}:").body
    assert "免交毕业审定费，已进入毕业审定。" in body and "填写毕业生登记表" in body


def test_a_graduation_on_a_version_from_before_the_waive_step_still_skips_a_fee_it_does_not_have(app, browser,
                                                                                                   zhang, slot):
    """Versions saved before the `waive` transition moved a fee-free application on from an effect; those
    applications still move on."""
    body = GRADUATION.to_data()
    body["transitions"] = [t for t in body["transitions"] if t["event"] != "waive"]
    approve = next(t for t in body["transitions"] if t["event"] == "approve" and t["from"] == ["district_review"])
    approve["effects"] = ["waive_free_fee"]
    body["events"].pop("waive")
    workflow_definitions.save("graduation", body, "admin")
    BusinessType.objects(key="graduation").update(unset__fee=True)
    application = submitted(browser, zhang, slot)
    assert "waive" not in workflow_definitions.get("graduation", application.workflow_version).events

    review(staff_client(app, "heping"), application, "approve")

    assert application.reload().state == "final_review"
    assert Score.objects(graduation=str(application.pk)).count() == 13
    assert [h.event for h in application.history[-2:]] == ["approve", "pay"]


def test_an_automatic_step_refused_leaves_the_approval_standing_and_says_why_in_the_log(app, browser, zhang, slot,
                                                                                       monkeypatch, caplog):
    BusinessType.objects(key="graduation").update(unset__fee=True)
    application = submitted(browser, zhang, slot)
    monkeypatch.delitem(EFFECTS, "lock_graduation_scores")  # as if a later release had retired it

    page = text(review(staff_client(app, "heping"), application, "approve"))

    assert "已办理：审核通过。" in page and application.reload().state == "awaiting_payment"
    assert "Automatic waive of application" in caplog.text


def test_a_second_paid_graduation_does_not_take_the_first_ones_scores(app, browser, zhang, slot):
    first = submitted(browser, zhang, slot)
    review(staff_client(app, "heping"), first, "approve")
    pay(browser, first)
    second = Application(**{name: first[name] for name in first._fields if name not in ("id", "history", "effects")})
    second.save()
    from application_types.graduation.effects import lock_graduation_scores

    lock_graduation_scores(second)

    assert Score.objects(graduation=str(first.pk)).count() == 13
    assert Score.objects(graduation=str(second.pk)).count() == 0


# --- what a standing graduation rests on does not move ---------------------------------------------------------

FROZEN = "知识产权法（00226）的成绩已用于 030101K 专业的毕业申请（%s），该申请办理期间和审定通过后不能更改计入的成绩。"


@pytest.fixture
def two_passes(zhang):
    """张明's old record's pass of 00226 (65, 2000-10) has joined his record beside his 81: (81, 65)."""
    Score.objects(exam_number="019901234567").update(set__candidate=zhang)
    law = Course.objects.get(code="00226")
    return Score.objects.get(candidate=zhang, course=law, mark=81), Score.objects.get(candidate=zhang, course=law, mark=65)


def graduation_at(app, browser, candidate, slot, stage):
    """张明's graduation, submitted and taken to `stage`: submitted, rejected, paid or approved."""
    application = submitted(browser, candidate, slot)
    heping = staff_client(app, "heping")
    if stage == "rejected":
        review(heping, application, "reject", "前置学历证书照片不清晰")
    if stage in ("paid", "approved"):
        review(heping, application, "approve")
        pay(browser, application)
    if stage == "approved":
        assert accepted(step(browser, application.pk, "register", REGISTER))
        browser.post(f"/applications/{application.pk}/submit")
        review(staff_client(app, "tjnu"), application, "approve")
    return application.reload()


@pytest.mark.parametrize("stage, label", [("submitted", "考区初审中"), ("rejected", "初审未通过"), ("paid", "毕业审定中"),
                                          ("approved", "审定通过")])
def test_the_score_a_standing_graduation_uses_cannot_be_switched(app, browser, zhang, slot, two_passes, stage, label):
    used, other = two_passes
    application = graduation_at(app, browser, zhang, slot, stage)
    assert str(used.pk) in graduation_audit.recorded(application).used_score_ids

    page = browser.get("/scores/duplicates")
    forged = browser.post("/scores/duplicates", data={"score": str(other.pk)}, follow_redirects=True)

    assert FROZEN % label in text(page) and "是 已用于毕业申请 81 2021-04" in text(page)
    assert "否 65 2000-10" in text(page)
    assert f'value="{other.pk}"' not in page.get_data(as_text=True), "no switch is offered"
    assert FROZEN % label in text(forged)
    assert (used.reload().counts, other.reload().counts) == (True, True), "nothing changed"


def test_a_merge_while_the_graduation_stands_leaves_the_pass_it_uses_counting(app, browser, zhang, slot):
    law = Course.objects.get(code="00226")
    Score.objects(exam_number="019901234567", course=law).update(set__mark=90)  # the old record's better pass
    application = submitted(browser, zhang, slot)
    used = Score.objects.get(candidate=zhang, course=law, mark=81)
    assert str(used.pk) in graduation_audit.recorded(application).used_score_ids
    open_window("merge")
    merge = applications.start(zhang, "merge")
    Application.objects(pk=merge.pk).update_one(set__working={"sources": {
        "0": {"kind": "exam_number", "exam_number": "019901234567"}}})
    with app.test_request_context():
        merge = applications.submit(merge.reload(), Actor.for_candidate(zhang))
        fire(merge, "approve", Actor("staff", None, "和平区审核员", frozenset({roles.DISTRICT_REVIEWER}),
                                     Scope(roles.SCOPE_DISTRICT, "120101")))

    page = text(browser.get("/scores/duplicates"))
    assert "是 已用于毕业申请 81 2021-04" in page and "否 90" in page
    assert "81" in text(browser.get("/plan?major=030101K")).split("知识产权法")[1][:60]


def test_once_the_graduation_is_cancelled_the_score_may_be_switched_again(app, browser, zhang, slot, two_passes):
    used, other = two_passes
    application = submitted(browser, zhang, slot)
    browser.post(f"/applications/{application.pk}/withdraw")

    page = browser.get("/scores/duplicates")
    chosen = browser.post("/scores/duplicates", data={"score": str(other.pk)}, follow_redirects=True)

    assert f'value="{other.pk}"' in page.get_data(as_text=True)
    assert "已保存：该课程以所选成绩计入。" in text(chosen)
    assert (used.reload().counts, other.reload().counts) == (False, True)


def test_scores_a_graduation_uses_are_not_offered_for_transfer_out_and_refused_on_approval(app, browser, zhang, slot):
    open_window("transfer_out")
    politics = Score.objects.get(candidate=zhang, course=Course.objects.get(code="03709"))
    outside = Score.objects.get(candidate=zhang, course=Course.objects.get(code="00144"))  # not in 030101K's plan
    transfer = applications.start(zhang, "transfer_out")
    Application.objects(pk=transfer.pk).update_one(set__working={
        "province": "江西省", "exam_number": "360101234567", "level": "本科", "major": "法学", "reason": "工作调动",
        "phone": "13800138000", "scores": [str(politics.pk)]})
    transfer = applications.submit(transfer.reload(), Actor.for_candidate(zhang))

    graduation = submitted(browser, zhang, slot)
    offered = {value for value, _label in applications.context_for(applications.start(zhang, "transfer_out"))
               .choices_of("scores")}
    with pytest.raises(GuardRefused) as refused:
        fire(transfer, "approve", Actor("staff", "province", "考试院审核员", frozenset({roles.PROVINCIAL_REVIEWER}),
                                        Scope(roles.SCOPE_PROVINCE)))

    assert str(outside.pk) in offered and not offered & set(graduation_audit.recorded(graduation).used_score_ids)
    assert str(refused.value) == ("以下成绩已用于毕业申请，不能转出：马克思主义基本原理概论（03709）"
                                  "已用于 030101K 专业的毕业申请（考区初审中）。")
    assert not politics.reload().transferred_out


# --- whose on-site review sessions a candidate may choose ------------------------------------------------------

def review_options(browser, application_id):
    """The sessions the review step offers, by district name."""
    page = browser.get(f"/applications/{application_id}/steps/review").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="review_slot".*?</select>', page, re.S).group(0)
    return [label.split()[0] for value, label in re.findall(r'<option[^>]*value="([^"]+)"[^>]*>([^<]+)<', select)]


def let_choose(app, *district_names):
    """The administrator lets graduation candidates choose these other districts' sessions, in the admin UI."""
    kind = BusinessType.objects.get(key="graduation")
    saved = staff_client(app, "admin").post(f"/businesstypeview/edit/{kind.pk}", data={
        "key": kind.key, "title": kind.title, "workflow_key": kind.workflow_key, "form_key": kind.form_key,
        "opens_at": f"{kind.opens_at:%Y-%m-%d %H:%M:%S}", "closes_at": f"{kind.closes_at:%Y-%m-%d %H:%M:%S}",
        "fee": "300.00", "resubmission_limit": "1", "enabled": "y",
        "review_districts": [str(District.objects.get(name=name).pk) for name in district_names]})
    assert saved.status_code == 302, text(saved)


def test_a_candidate_is_offered_only_their_own_districts_sessions(app, browser, zhang):
    application_id = started(browser)
    page = text(browser.get(f"/applications/{application_id}/steps/review"))

    assert review_options(browser, application_id) == ["和平区"] * 4  # of the demo's 24 sessions in 6 districts
    assert "可选择和平区的现场审核批次。" in page


def test_the_business_type_may_open_other_districts_sessions(app, browser, zhang):
    let_choose(app, "河西区", "南开区")
    application_id = started(browser)

    offered = review_options(browser, application_id)
    page = text(browser.get(f"/applications/{application_id}/steps/review"))

    assert sorted(set(offered)) == ["南开区", "和平区", "河西区"] and len(offered) == 12
    assert "可选择和平区、河西区、南开区的现场审核批次。" in page
    assert BusinessType.objects.get(key="graduation").fee == 300, "the rest of the type is kept"


def test_a_session_outside_the_scope_is_refused_saying_which_may_be_chosen(app, browser, zhang):
    application_id = started(browser)
    hexi = ReviewSlot.objects(district=District.objects.get(name="河西区")).first()

    forged = step(browser, application_id, "review", {"review_slot": str(hexi.pk), "delivery": "pickup"})

    assert forged.status_code == 200
    assert errors(forged) == ["所选现场审核批次不在可选范围内，只能选择和平区的批次，请重新选择。"]
    assert Application.objects.get(pk=application_id).working.get("review_slot") is None


def test_a_session_put_out_of_scope_after_it_was_chosen_is_refused_at_submission(app, browser, zhang):
    let_choose(app, "河西区")
    hexi = ReviewSlot.objects(district=District.objects.get(name="河西区")).first()
    application_id = through_the_wizard(browser, zhang, hexi)
    let_choose(app)

    response = browser.post(f"/applications/{application_id}/submit", follow_redirects=True)

    assert response.request.path.endswith("/steps/review")
    assert ("“现场审核与登记表领取”中有内容需要修改：所选现场审核批次不在可选范围内，只能选择和平区的批次，请重新选择。"
            in text(response))
    assert Application.objects.get(pk=application_id).state == "draft" and hexi.reload().holders == []


def test_a_booking_outside_the_scope_never_lands(app, zhang):
    hexi = ReviewSlot.objects(district=District.objects.get(name="河西区")).first()
    within = slots.scope(zhang, "graduation")

    assert (within.names, slots.book(hexi.pk, "application-1", within)) == (("和平区",), False)
    assert hexi.reload().holders == [] and not slots.in_scope(hexi.pk, within)


def test_the_administrator_picks_the_other_districts_from_a_list_in_chinese(app, world):
    kind = BusinessType.objects.get(key="graduation")

    page = staff_client(app, "admin").get(f"/businesstypeview/edit/{kind.pk}").get_data(as_text=True)

    assert "可选其他区县的现场审核批次" in page and "不选表示只能选择本人考籍管理区县的批次" in page
    select = re.search(r'<select[^>]*name="review_districts".*?</select>', page, re.S).group(0)
    assert "multiple" in select and re.findall(r">([^<]+)</option>", select) == [
        "和平区", "河东区", "河西区", "南开区", "小店区", "西宁市"]


def test_the_scope_names_the_own_district_first_and_once_in_a_fixed_number_of_queries(app, zhang):
    heping, hexi = District.objects.get(name="和平区"), District.objects.get(name="河西区")
    BusinessType.objects(key="graduation").update(set__review_districts=[hexi, heping])
    candidate = Candidate.objects.get(pk=zhang.pk)

    with counting() as trips:
        within = slots.scope(candidate, "graduation")

    assert (within.districts, within.names) == ((heping.pk, hexi.pk), ("和平区", "河西区"))
    assert trips.mongo == 2  # the type's setting, the districts' names


def test_a_resubmission_shows_the_reviewer_each_changed_answer_and_file_old_beside_new(app, browser, zhang, slot):
    application = submitted(browser, zhang, slot)
    heping = staff_client(app, "heping")
    review(heping, application, "reject", "前置学历证书照片不清晰")
    first = {str(a.file_id) for a in application.reload().attachments if a.field == "diploma_images"}

    assert accepted(step(browser, application.pk, "prior", {**PRIOR, "chsi_code": "090888693519CD"},
                         diploma_images=jpeg(colour=(90, 90, 90))))
    browser.post(f"/applications/{application.pk}/submit")
    application.reload()
    second = {str(a.file_id) for a in application.attachments if a.field == "diploma_images"}
    page = heping.get(f"/applicationview/show/{application.pk}")
    html = page.get_data(as_text=True)
    changes = html[html.index('id="changes"'):html.index("申请内容")]

    assert "与上次提交相比" in text(page)
    assert "学历证书电子注册备案表在线验证码 090888693519AB 090888693519CD" in text(page)
    assert "前置学历毕业证书照片" in changes and "电子注册备案表或学历认证报告照片" not in changes  # the same file
    assert all(f"/file/{application.pk}/{file_id}" in changes for file_id in first | second)
    assert "chsi_code" not in text(page) and "diploma_images" not in text(page)
    assert "重新提交 初审未通过 → 考区初审中 张明 学历证书电子注册备案表在线验证码、前置学历毕业证书照片" in text(page)
    old = heping.get(f"/applicationview/file/{application.pk}/{first.pop()}")  # a replaced file stays readable
    assert old.status_code == 200 and old.mimetype == "image/jpeg"


def test_the_message_after_submitting_follows_where_the_application_went(app, browser, zhang, slot):
    application = submitted(browser, zhang, slot)
    assert applications.submitted_message(application) == "申请已提交，现为“考区初审中”，由区县审核人员办理，请耐心等待结果。"

    # A type whose submission leads to its fee, or to its end, says so rather than promise a review.
    application.state = "awaiting_payment"
    assert applications.submitted_message(application) == "申请已提交，现为“待支付”，请按本页提示缴费。"
    application.state = "final_review"  # decided there once the candidate has filled in the registration form
    assert applications.submitted_message(application) == "申请已提交，现为“毕业审定中”，请按本页提示继续办理。"
    application.state = "approved"
    assert applications.submitted_message(application) == "申请已提交，现为“审定通过”。"
