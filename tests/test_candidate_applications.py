"""A candidate applies for course exemption through the pages: notice, steps, uploads, preview, submit, review."""
import datetime
import html
import io
import os
import re

import bson
import pytest
from PIL import Image

from app import roles
from app.models import Application, BusinessType
from app.scope import Scope
from tests.fixtures import candidate_client, jpeg, text
from workflows.engine import Actor, fire

ZHAO, WANG = "011422045126", "011421104387"  # 赵强 of 小店区 (690206 行政管理), 王芳
COURSES = ["00261", "00321"]
LABELS = {"00261": "行政法学（00261），5学分", "00321": "中国文化概论（00321），5学分"}
AGREE_FIRST = "请先阅读并勾选“我已阅读并同意考生须知”。"

# No app_ctx here: a context pushed around client requests makes them share one `g` (see test_candidate_accounts).


def errors(response):
    """The messages shown next to the fields."""
    return [html.unescape(m) for m in re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.get_data(as_text=True))]


def noise_png(side):
    """A PNG of random pixels: it does not compress, so its size is about side² × 3 bytes."""
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


def voucher(code, slot=0, images=(), **changes):
    """POST fields of one voucher of one course; `images` are (file name, bytes)."""
    values = {"type": "学历证书", "number": f"N-{code}", "obtained": "2020-06", "province": "山西省", "remark": ""}
    values.update(changes)
    prefix = f"evidence-{code}-vouchers-{slot}-"
    data = {prefix + name: value for name, value in values.items()}
    if images:
        data[prefix + "images"] = [(io.BytesIO(content), name) for name, content in images]
    return data


def evidence(codes=COURSES, **changes_by_code):
    """A voucher with one JPEG for each course; a course's changes replace its voucher's fields."""
    data = {}
    for code in codes:
        data.update(voucher(code, images=[(f"{code}.jpg", jpeg())], **changes_by_code.get(code, {})))
    return data


def step(application_id, key):
    return f"/applications/{application_id}/steps/{key}"


def post_files(client, url, data):
    return client.post(url, data=data, content_type="multipart/form-data")


def stored(application_id):
    return Application.objects.get(pk=application_id)


@pytest.fixture
def zhao(app, world):
    return candidate_client(app, ZHAO)


@pytest.fixture
def wang(app, world):
    return candidate_client(app, WANG)


@pytest.fixture
def at_evidence(zhao):
    """赵强 has agreed to the notice, kept his major and ticked two courses: his application's id."""
    response = zhao.post("/apply/exemption/notice", data={"agree": "y"})
    application_id = response.location.split("/")[2]
    assert zhao.post(step(application_id, "major"), data={"major": "690206"}).status_code == 302
    assert zhao.post(step(application_id, "courses"), data={"courses": COURSES}).status_code == 302
    return application_id


@pytest.fixture
def filled(zhao, at_evidence):
    response = post_files(zhao, step(at_evidence, "evidence"), evidence())
    assert response.location == f"/applications/{at_evidence}/preview"
    return at_evidence


@pytest.fixture
def submitted(zhao, filled):
    assert zhao.post(f"/applications/{filled}/submit").status_code == 302
    return filled


def carry_on(client, application_id):
    """Where the application's 继续填写 leads."""
    page = client.get(f"/applications/{application_id}").get_data(as_text=True)
    return re.search(r'<a class="button" href="([^"]+)">继续填写</a>', page).group(1)


def test_carrying_on_a_draft_leads_to_the_first_step_still_to_fill_in(zhao, at_evidence):
    assert carry_on(zhao, at_evidence) == step(at_evidence, "evidence")
    post_files(zhao, step(at_evidence, "evidence"), evidence())
    assert carry_on(zhao, at_evidence) == f"/applications/{at_evidence}/preview"


def test_a_candidate_applies_from_notice_to_submission(zhao):
    assert AGREE_FIRST in text(zhao.post("/apply/exemption/notice", data={}))
    assert Application.objects.count() == 0

    response = zhao.post("/apply/exemption/notice", data={"agree": "y"})
    application_id = response.location.split("/")[2]
    assert response.location == step(application_id, "major")
    assert '<option selected value="690206">' in zhao.get(response.location).get_data(as_text=True)  # his own major

    response = zhao.post(step(application_id, "major"), data={"major": "690206"})
    assert response.location == step(application_id, "courses")
    offered = text(zhao.get(response.location))
    assert all(label in offered for label in (*LABELS.values(), "领导科学（00320），4学分", "公共政策（00318），4学分"))

    response = zhao.post(step(application_id, "courses"), data={"courses": COURSES})
    assert response.location == step(application_id, "evidence")
    response = post_files(zhao, response.location, evidence(**{"00321": {"number": "DZ-2020-77", "remark": "电子注册"}}))
    assert response.location == f"/applications/{application_id}/preview"

    preview = zhao.get(response.location)
    page = text(preview)
    assert f"专业 690206 行政管理 免考课程 {LABELS['00261']}；{LABELS['00321']}" in page
    assert (f"{LABELS['00321']} 凭证 1 凭证类型 学历证书 凭证编号 DZ-2020-77 获取凭证时间 2020-06 "
            "获取凭证省份 山西省 备注 电子注册 凭证图片 00321.jpg") in page
    images = re.findall(r'<img src="([^"]+)" alt="([^"]+)">', preview.get_data(as_text=True))
    assert [alt for _src, alt in images] == ["00261.jpg", "00321.jpg"]
    shown = zhao.get(images[0][0])
    assert (shown.status_code, shown.mimetype, shown.data) == (200, "image/jpeg", jpeg())

    response = zhao.post(f"/applications/{application_id}/submit")
    assert response.location == f"/applications/{application_id}"
    page = text(zhao.get(response.location))
    assert "申请已提交，现为“考区审核中”，由区县审核人员办理，请耐心等待结果。" in page and "状态 考区审核中" in page
    assert f"{LABELS['00261']} 待审核 {LABELS['00321']} 待审核" in page
    assert re.search(r"免考申请 \d{4}-\d\d-\d\d \d\d:\d\d 考区审核中 查看", text(zhao.get("/applications")))


def test_a_form_with_no_step_to_fill_in_a_draft_is_not_started_and_says_so(app, zhao):
    import copy

    from app.models import FormDefinition
    from forms.builder import form_definitions

    body = copy.deepcopy(FormDefinition.latest("exemption").body)
    for each in body["steps"]:
        each["states"] = ["district_review"]  # every step waits for the district, none is filled in a draft
    with app.app_context():
        form_definitions.save("exemption", body, "admin")

    response = zhao.post("/apply/exemption/notice", data={"agree": "y"})

    assert response.status_code == 200 and "该业务的申请表中没有现在可以填写的步骤，暂不能申请。" in text(response)
    assert Application.objects.count() == 0


@pytest.mark.parametrize("key, posted, message", [
    ("major", {"major": ""}, "请填写专业。"),
    ("major", {"major": "999999"}, "不是有效的选择。"),
    ("courses", {}, "请填写免考课程。"),
    ("courses", {"courses": ["03706"]}, "所选的 03706 不在可选范围内，请刷新页面后重新选择。"),  # a course he has already passed
], ids=["no-major", "unknown-major", "no-course", "course-not-offered"])
def test_a_bad_choice_is_shown_and_nothing_is_kept(zhao, at_evidence, key, posted, message):
    before = stored(at_evidence).working

    response = zhao.post(step(at_evidence, key), data=posted)

    assert response.status_code == 200 and errors(response) == [message]
    assert "请按提示修改后再继续。" in text(response)
    assert stored(at_evidence).working == before


@pytest.mark.parametrize("changes, message", [
    ({"number": ""}, "请填写凭证编号。"),
    ({"number": "   "}, "请填写凭证编号。"),
    ({"number": "N" * 61}, "不能超过60个字。"),
    ({"type": ""}, "请填写凭证类型。"),
    ({"type": "驾驶证"}, "不是有效的选择。"),
    ({"obtained": ""}, "请填写获取凭证时间。"),
    ({"obtained": "2020-6"}, "请按 年-月 填写，如 2024-04。"),
    ({"obtained": "2020年6月"}, "请按 年-月 填写，如 2024-04。"),
    ({"province": "火星"}, "不是有效的选择。"),
    ({"remark": "备" * 201}, "不能超过200个字。"),
], ids=["no-number", "blank-number", "long-number", "no-type", "unknown-type", "no-month", "month-no-zero", "month-in-words",
        "unknown-province", "long-remark"])
def test_a_bad_voucher_is_shown_next_to_its_field_and_nothing_is_published(zhao, at_evidence, changes, message):
    response = post_files(zhao, step(at_evidence, "evidence"), evidence(**{"00321": changes}))

    assert response.status_code == 200 and errors(response) == [message]
    assert "evidence" not in stored(at_evidence).working


def test_a_voucher_without_images_is_asked_for_them(zhao, at_evidence):
    data = {**evidence(["00261"]), **voucher("00321")}
    response = post_files(zhao, step(at_evidence, "evidence"), data)
    assert errors(response) == ["请上传凭证图片。"]


@pytest.mark.parametrize("upload, message", [
    (("big.png", noise_png(600)), "big.png 大小为 {kb:.0f} KB，超过了 1024 KB 的上限。"),
    (("scan.jpg", b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"), "scan.jpg 的实际格式是 PDF，只接受 JPG、PNG。"),
    (("scan.jpg", b"\xff\xd8\xff\xe0 not really a jpeg"), "scan.jpg 无法识别为 JPG、PNG 文件，可能已损坏或只是改了扩展名。"),
], ids=["over-1-MB", "pdf-named-jpg", "garbage-named-jpg"])
def test_a_refused_image_is_explained_and_not_kept(zhao, at_evidence, upload, message):
    name, content = upload
    data = {**evidence(["00261"]), **voucher("00321", images=[upload])}

    response = post_files(zhao, step(at_evidence, "evidence"), data)

    assert errors(response) == [message.format(kb=len(content) / 1024)]
    kept = [a.filename for a in stored(at_evidence).working_attachments]
    assert kept == ["00261.jpg"] and f"{name}（" not in text(response)  # not listed among the kept files


def test_more_than_four_images_for_a_voucher_are_refused(zhao, at_evidence):
    data = {**evidence(["00261"]), **voucher("00321", images=[(f"{n}.jpg", jpeg()) for n in range(5)])}

    response = post_files(zhao, step(at_evidence, "evidence"), data)

    assert errors(response) == ["凭证图片最多4个文件。"]
    assert [a.filename for a in stored(at_evidence).working_attachments] == ["00261.jpg"]


def test_submitting_with_something_missing_is_refused_on_the_preview(zhao, filled):
    # A third course ticked after the vouchers were filled in has none yet.
    zhao.post(step(filled, "courses"), data={"courses": [*COURSES, "00320"]})
    missing = "以下内容尚未填写完整：各课程凭证（00320）。"
    assert missing in text(zhao.get(f"/applications/{filled}/preview"))

    response = zhao.post(f"/applications/{filled}/submit", follow_redirects=True)

    assert response.request.path == f"/applications/{filled}/preview"
    assert text(response).count(missing) == 2  # the refusal, and the list above the summary
    assert (stored(filled).state, stored(filled).submitted_at, stored(filled).data) == ("draft", None, {})


def test_a_good_upload_is_kept_while_another_field_is_corrected(zhao, at_evidence):
    response = post_files(zhao, step(at_evidence, "evidence"), evidence(**{"00321": {"obtained": "2020/06"}}))
    assert errors(response) == ["请按 年-月 填写，如 2024-04。"]
    page = text(response)
    assert "00261.jpg（" in page and "00321.jpg（" in page  # listed on the page, not asked for again

    fixed = {**voucher("00261"), **voucher("00321")}  # no images this time
    response = post_files(zhao, step(at_evidence, "evidence"), fixed)

    assert response.location == f"/applications/{at_evidence}/preview"
    attachments = stored(at_evidence).working_attachments
    assert [(a.field, a.filename) for a in attachments] == [("evidence.00261.vouchers.0.images", "00261.jpg"),
                                                            ("evidence.00321.vouchers.0.images", "00321.jpg")]
    assert "尚未填写完整" not in text(zhao.get(response.location))


def test_ticking_delete_removes_a_kept_image(zhao, filled):
    old = next(a for a in stored(filled).working_attachments if a.filename == "00321.jpg")
    page = zhao.get(step(filled, "evidence")).get_data(as_text=True)
    assert f'name="drop_file" value="{old.file_id}"' in page

    data = {**voucher("00261"), **voucher("00321", images=[("new.jpg", jpeg(colour=(0, 0, 0)))]),
            "drop_file": str(old.file_id)}
    response = post_files(zhao, step(filled, "evidence"), data)

    assert response.status_code == 302
    assert [a.filename for a in stored(filled).working_attachments] == ["00261.jpg", "new.jpg"]
    assert zhao.get(f"/applications/{filled}/files/{old.file_id}").status_code == 404
    assert "00321.jpg" not in text(zhao.get(f"/applications/{filled}/preview"))


def test_deleting_the_only_image_of_a_voucher_asks_for_another(zhao, filled):
    old = next(a for a in stored(filled).working_attachments if a.filename == "00321.jpg")
    data = {**voucher("00261"), **voucher("00321"), "drop_file": str(old.file_id)}

    response = post_files(zhao, step(filled, "evidence"), data)

    assert errors(response) == ["请上传凭证图片。"]
    assert "00321.jpg（" in text(response)


def test_an_image_can_be_replaced_when_the_voucher_has_its_four(zhao, filled):
    more = voucher("00321", images=[(f"more{n}.jpg", jpeg()) for n in range(3)])
    assert post_files(zhao, step(filled, "evidence"), {**voucher("00261"), **more}).status_code == 302
    old = next(a for a in stored(filled).working_attachments if a.filename == "00321.jpg")

    data = {**voucher("00261"), **voucher("00321", images=[("new.jpg", jpeg())]), "drop_file": str(old.file_id)}
    response = post_files(zhao, step(filled, "evidence"), data)

    assert errors(response) == [] and response.status_code == 302
    assert [a.filename for a in stored(filled).working_attachments if "00321" in a.field] == [
        "more0.jpg", "more1.jpg", "more2.jpg", "new.jpg"]


def test_unticking_a_course_drops_its_vouchers(zhao, filled):
    response = zhao.post(step(filled, "courses"), data={"courses": ["00261"]})

    assert response.status_code == 302
    application = stored(filled)
    assert list(application.working["evidence"]) == ["00261"]
    assert [a.filename for a in application.working_attachments] == ["00261.jpg"]
    preview = text(zhao.get(f"/applications/{filled}/preview"))
    assert "N-00321" not in preview and "尚未填写完整" not in preview


def test_outside_the_window_the_notice_says_when_and_nothing_is_started(zhao):
    opens = datetime.datetime.now().replace(microsecond=0) + datetime.timedelta(days=10)
    BusinessType.objects(key="exemption").update_one(set__opens_at=opens,
                                                     set__closes_at=opens + datetime.timedelta(days=20))

    response = zhao.post("/apply/exemption/notice", data={"agree": "y"})

    assert response.status_code == 200
    end = opens + datetime.timedelta(days=20)
    assert (f"该业务的办理时间为 {opens:%Y-%m-%d %H:%M} 至 {end:%Y-%m-%d %H:%M}，当前不在办理时间内。"
            in text(response))
    assert Application.objects.count() == 0


def id_guessing_urls(application_id, file_id):
    return [("get", f"/applications/{application_id}"),
            ("get", step(application_id, "major")),
            ("post", step(application_id, "major")),
            ("get", f"/applications/{application_id}/preview"),
            ("post", f"/applications/{application_id}/submit"),
            ("post", f"/applications/{application_id}/withdraw"),
            ("get", f"/applications/{application_id}/files/{file_id}")]


def test_another_candidate_finds_nothing_at_any_url_of_the_application(wang, zhao, filled):
    before = stored(filled)
    file_id = before.working_attachments[0].file_id

    answers = [(method, url, getattr(wang, method)(url, data={"major": "690206"}).status_code)
               for method, url in id_guessing_urls(filled, file_id)]

    assert answers == [(method, url, 404) for method, url, _status in answers]
    after = stored(filled)
    assert (after.state, after.version, after.working) == (before.state, before.version, before.working)
    assert zhao.get(f"/applications/{filled}").status_code == 200  # the owner still reaches it


@pytest.mark.parametrize("url", [
    "/applications/not-an-id", "/applications/123/preview", "/applications/{id}/files/{other}",
    "/applications/{id}/files/not-an-id", "/applications/{id}/steps/nonsense",
])
def test_a_malformed_or_foreign_id_answers_404(zhao, filled, url):
    assert zhao.get(url.format(id=filled, other=bson.ObjectId())).status_code == 404


def test_a_file_of_another_application_is_not_served_through_ones_own(app, zhao, wang, filled):
    wang_id = wang.post("/apply/exemption/notice", data={"agree": "y"}).location.split("/")[2]
    zhao_file = stored(filled).working_attachments[0].file_id

    assert wang.get(f"/applications/{wang_id}/files/{zhao_file}").status_code == 404


def test_not_signed_in_the_application_pages_lead_to_sign_in(app, filled):
    response = app.test_client().get(f"/applications/{filled}")
    assert response.status_code == 302
    assert response.location == f"/account/login?next=/applications/{filled}"


@pytest.fixture
def rejected(app, submitted):
    """小店区's reviewer refused both courses: one for its own reason, the other for the general one."""
    reviewer = Actor("staff", "r1", "小店区审核员", frozenset({roles.DISTRICT_REVIEWER}),
                     Scope(roles.SCOPE_DISTRICT, "140105"))
    with app.app_context():
        fire(stored(submitted), "reject", reviewer, comment="请补充学历认证报告",
             decisions={"00261": ("rejected", "凭证图片模糊")})
    return submitted


def test_a_rejection_is_shown_with_the_reason_for_each_course(zhao, rejected):
    page = text(zhao.get(f"/applications/{rejected}"))
    assert "状态 审核未通过" in page and "审核意见 请补充学历认证报告" in page
    assert f"{LABELS['00261']} 不通过 凭证图片模糊 {LABELS['00321']} 不通过 请补充学历认证报告" in page
    assert "审核不通过 小店区审核员 · 区县审核 请补充学历认证报告" in page  # the person and the level that decided


def test_a_rejected_application_is_corrected_and_resubmitted_through_the_pages(zhao, rejected):
    assert "重新提交" in text(zhao.get(f"/applications/{rejected}"))
    data = {**voucher("00261", number="N-00261-清晰版", images=[("clear.jpg", jpeg((640, 480)))]),
            **voucher("00321")}
    assert post_files(zhao, step(rejected, "evidence"), data).status_code == 302

    response = zhao.post(f"/applications/{rejected}/submit", follow_redirects=True)

    page = text(response)
    assert "申请已提交，现为“考区审核中”，由区县审核人员办理，请耐心等待结果。" in page  # where the resubmission went
    assert "状态 考区审核中" in page and f"{LABELS['00261']} 待审核 {LABELS['00321']} 待审核" in page
    assert "凭证编号 N-00261-清晰版" in page and "clear.jpg" in page
    assert [h.event for h in stored(rejected).history] == ["submit", "reject", "resubmit"]


def test_a_withdrawn_application_can_no_longer_be_edited(zhao, submitted):
    response = zhao.post(f"/applications/{submitted}/withdraw", follow_redirects=True)
    page = text(response)
    assert "申请已撤回。" in page and "状态 已撤回" in page and "撤回申请 赵强" in page
    assert "修改并提交" not in page

    before = stored(submitted)

    response = post_files(zhao, step(submitted, "evidence"), evidence(**{"00261": {"number": "改过的编号"}}))

    assert response.location == f"/applications/{submitted}"
    assert "该申请当前不能修改。" in text(zhao.get(response.location))
    after = stored(submitted)
    assert (after.state, after.working, after.working_attachments) == ("withdrawn", before.working,
                                                                       before.working_attachments)
