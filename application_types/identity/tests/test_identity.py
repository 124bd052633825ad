"""Identity verification 身份认证 through the candidate's pages and the district reviewer's review page."""
import html
import io
import re

import bson
import gridfs
import pytest
from mongoengine.connection import get_db

from app.models import Application, Candidate
from app.models.application import Attachment
from usecases import applications
from application_types.identity.form import IDENTITY_FORM
from forms.builder import form_definitions
from tests.fixtures import candidate_client, staff_client, text
from tests.services.test_photos import id_card_photo, registration_photo
from application_types.identity.workflow import IDENTITY
from workflows.engine import GuardRefused, fire, run_effects
from workflows.registry import EFFECTS, GUARDS

from tests.workflows.fixtures import fill, review

ZHANG = "080105408130"  # 张明 of 和平区
ON_SITE_OFFER = ("继续上传", "到考籍管理区县现场认证")
# The photo the district approved: no face model here, so it is a dark ellipse on light blue.
GOOD_PHOTO = registration_photo()
GOOD_ID_CARD = id_card_photo()
# Right format, size and background; no face where the face should be.
BLANK_PHOTO = registration_photo(head=None)


def errors(response):
    return [html.unescape(m) for m in re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.get_data(as_text=True))]


@pytest.fixture
def zhang(world):
    """张明, not yet verified (the demo seeds every candidate verified)."""
    Candidate.objects(exam_number=ZHANG).update_one(set__identity_verified=False)
    return Candidate.objects.get(exam_number=ZHANG)


@pytest.fixture
def browser(app, zhang):
    return candidate_client(app, ZHANG)


@pytest.fixture
def draft_id(browser):
    """张明 has agreed to the notice: the id of his identity draft."""
    response = browser.post("/apply/identity/notice", data={"agree": "y"})
    assert response.location.endswith("/steps/photos")
    return response.location.split("/")[2]


def upload(browser, application_id, photo=GOOD_PHOTO, id_card=GOOD_ID_CARD, **fields):
    data = dict(fields)
    if photo is not None:
        data["photo"] = (io.BytesIO(photo), "photo.jpg")
    if id_card is not None:
        data["id_photo"] = (io.BytesIO(id_card), "id.jpg")
    return browser.post(f"/applications/{application_id}/steps/photos", data=data, content_type="multipart/form-data")


def submit(browser, application_id):
    assert browser.post(f"/applications/{application_id}/submit").location == f"/applications/{application_id}"
    return Application.objects.get(pk=application_id)


def test_the_shipped_definitions_pass_the_engines_own_checks():
    assert IDENTITY.problems(set(GUARDS), set(EFFECTS)) == []
    assert IDENTITY_FORM.problems() == []


def test_home_page_shows_an_unverified_candidate_where_to_verify(browser):
    page = browser.get("/home")

    assert "身份认证 未认证，办理其他业务前请先完成身份认证。 去认证" in text(page)
    assert 'href="/apply/identity"' in page.get_data(as_text=True)


def test_a_file_the_store_lost_answers_404_and_the_pages_still_open(browser, draft_id, heping):
    upload(browser, draft_id)
    application = submit(browser, draft_id)
    photo = next(a for a in application.attachments if a.field == "photo")
    gridfs.GridFS(get_db()).delete(photo.file_id)

    assert browser.get(f"/applications/{draft_id}/files/{photo.file_id}").status_code == 404
    assert heping.get(f"/applicationview/file/{draft_id}/{photo.file_id}").status_code == 404
    assert browser.get(f"/applications/{draft_id}").status_code == 200
    assert heping.get(f"/applicationview/show/{draft_id}").status_code == 200


def test_good_photos_are_reviewed_by_the_district_and_approval_verifies_the_candidate(browser, draft_id, heping,
                                                                                     zhang):
    response = upload(browser, draft_id)
    assert response.location == f"/applications/{draft_id}/preview"
    application = submit(browser, draft_id)
    assert "状态 考区审核中" in text(browser.get(f"/applications/{draft_id}"))

    page = heping.get(f"/applicationview/show/{draft_id}")
    photo = next(a for a in application.attachments if a.field == "photo")
    assert f'src="/applicationview/file/{draft_id}/{photo.file_id}"' in page.get_data(as_text=True)
    assert heping.get(f"/applicationview/file/{draft_id}/{photo.file_id}").data == GOOD_PHOTO
    assert "已办理：认证通过。" in text(review(heping, application, "approve"))

    zhang.reload()
    assert zhang.identity_verified and zhang.verified_photo_id == str(photo.file_id)
    assert "状态 认证通过" in text(browser.get(f"/applications/{draft_id}"))
    assert "身份认证 已认证" in text(browser.get("/home"))


def test_a_refused_photo_names_each_rule_it_breaks_and_is_not_kept(browser, draft_id):
    white = registration_photo(background=(250, 250, 250), head=(175, 80, 305, 460))

    shown = errors(upload(browser, draft_id, photo=white))

    assert len(shown) == 1 and shown[0].startswith("photo.jpg 不符合要求：背景应为浅蓝色（参考值 RGB 100,197,255）")
    assert "；眼睛所在高度的人像宽度约" in shown[0]
    draft = Application.objects.get(pk=draft_id)
    assert [a.field for a in draft.working_attachments] == ["id_photo"]  # the good ID card photo is kept
    assert draft.working["refused_uploads"] == {"photo": 1}


def test_a_stretched_id_card_photo_is_refused(browser, draft_id):
    shown = errors(upload(browser, draft_id, id_card=id_card_photo(size=(856, 400))))

    assert shown == ["id.jpg 不符合要求：身份证照片被拉伸或变形：宽高比为 2.14，身份证为 1.59（85.6:54）。"]


def test_after_three_refused_photos_the_candidate_may_verify_at_the_district(browser, draft_id, heping, zhang):
    for attempt in range(2):
        page = text(upload(browser, draft_id, photo=BLANK_PHOTO, id_card=None if attempt else GOOD_ID_CARD))
        assert "未检测到人像" in page and not any(choice in page for choice in ON_SITE_OFFER)
    # Choosing in person before the offer changes nothing: the photo is still asked for.
    assert errors(upload(browser, draft_id, photo=None, id_card=None, on_site="y")) == ["请上传报名照片（近期免冠照）。"]

    page = text(upload(browser, draft_id, photo=BLANK_PHOTO, id_card=None))
    assert "未检测到人像" in page and all(choice in page for choice in ON_SITE_OFFER)
    assert all(choice in text(browser.get(f"/applications/{draft_id}/steps/photos")) for choice in ON_SITE_OFFER)

    response = upload(browser, draft_id, photo=None, id_card=None, on_site="y")
    assert response.location == f"/applications/{draft_id}/preview"
    application = submit(browser, draft_id)
    assert "到考籍管理区县现场认证 是" in text(heping.get(f"/applicationview/show/{draft_id}"))
    review(heping, application, "approve")

    zhang.reload()
    assert zhang.identity_verified and zhang.verified_photo_id is None


def test_continuing_to_upload_after_three_refusals_still_needs_good_photos(browser, draft_id):
    for attempt in range(3):
        upload(browser, draft_id, photo=BLANK_PHOTO, id_card=None if attempt else GOOD_ID_CARD)

    assert errors(upload(browser, draft_id, photo=None, id_card=None)) == ["请上传报名照片（近期免冠照）。"]
    assert upload(browser, draft_id, id_card=None).location == f"/applications/{draft_id}/preview"


def test_a_rejection_is_read_by_the_candidate_who_resubmits(browser, draft_id, heping):
    upload(browser, draft_id)
    application = submit(browser, draft_id)

    review(heping, application, "reject", "照片与身份证不是同一人")

    assert "审核意见 照片与身份证不是同一人" in text(browser.get(f"/applications/{draft_id}"))
    assert browser.post(f"/applications/{draft_id}/submit").status_code == 302
    assert Application.objects.get(pk=draft_id).state == "district_review"


def test_another_districts_reviewer_cannot_see_or_act_on_it(app, browser, draft_id, zhang):
    upload(browser, draft_id)
    application = submit(browser, draft_id)
    xiaodian = staff_client(app, "xiaodian")

    assert "张明" not in text(xiaodian.get("/applicationview/list/?_flt_1_type=identity"))
    assert xiaodian.get(f"/applicationview/show/{draft_id}").status_code == 404
    assert xiaodian.post(f"/applicationview/review/{draft_id}", data={"event": "approve"}).status_code == 404
    assert application.reload().state == "district_review" and not zhang.reload().identity_verified


def verified_by_district(candidate_document, actor, reviewer):
    """An identity application with both photos (stand-ins: the rules were checked on upload), approved."""
    identity = applications.start(candidate_document, "identity")
    Application.objects(pk=identity.pk).update_one(set__working_attachments=[
        Attachment(field=name, file_id=bson.ObjectId(), filename=f"{name}.jpg", content_type="image/jpeg", size=30000,
                   sha256="0" * 64) for name in ("photo", "id_photo")])
    return fire(applications.submit(identity.reload(), actor), "approve", reviewer)


def test_an_exemption_is_refused_until_the_candidate_is_verified(zhang, window, candidate, heping_reviewer):
    exemption = fill(applications.start(zhang, "exemption"))
    with pytest.raises(GuardRefused, match="请先完成身份认证。"):
        applications.submit(exemption, candidate)

    verified_by_district(zhang, candidate, heping_reviewer)

    assert applications.submit(exemption.reload(), candidate).state == "district_review"


def test_verifying_again_changes_nothing(zhang, candidate, heping_reviewer):
    verified = verified_by_district(zhang, candidate, heping_reviewer)
    photo = str(verified.attachments[0].file_id)
    Application.objects(pk=verified.pk).update_one(set__effects__0__status="pending")

    assert run_effects(verified.reload()) == []
    zhang.reload()
    assert (zhang.identity_verified, zhang.verified_photo_id) == (True, photo)
    assert [e.status for e in verified.reload().effects] == ["done"]


def test_a_form_naming_an_unknown_file_check_is_refused(app_ctx):
    body = IDENTITY_FORM.to_data()
    photo = next(f for f in body["steps"][0]["fields"] if f["name"] == "photo")
    photo["rules"]["check"] = "palm_reading"

    with pytest.raises(ValueError, match="使用了未知的文件检查 palm_reading"):
        form_definitions.save("identity", body, "admin")


def test_the_demo_photo_rules_are_the_identity_forms():
    """The demo's registration photos are checked as the identity form checks an upload."""
    from app.services.demo_photos import PHOTO_RULES

    assert PHOTO_RULES == IDENTITY_FORM.field("photo").rules
