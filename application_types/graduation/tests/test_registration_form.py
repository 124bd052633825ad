"""The graduation registration form 毕业生登记表: an A3 PDF whose Chinese is real text in an embedded font, with the
candidate's photo, that the candidate downloads once they filled the registration step.

Each PDF is rendered with PDFium (pypdfium2), and its text read back, as a viewer would.
"""
import re

import bson

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from app.models import Application, Candidate, Score
from application_types.graduation import registration_form
from app.services import files
from forms.builder import form_definitions
from forms.spec import FileRules
from tests.fixtures import candidate_client, jpeg, text
from workflows.engine import workflow_definitions

A3 = (841.89, 1190.55)  # pt
MM = 72 / 25.4  # pt per mm
SENTENCE = "本人在参加高等教育自学考试期间，坚持工作与学习相结合，认真完成各门课程的学习与考核。"
REGISTRATION = {
    "photo_source": "verified", "self_assessment": SENTENCE * 12,
    "prior_school": "天津商业大学", "prior_major": "会计", "prior_level": "专科", "diploma_number": "100621201505001234",
    "ethnicity": "汉族", "political_status": "共青团员", "native_place": "天津市和平区", "health": "健康",
    "work_started": "2016-07", "occupation": "企业职员", "employer": "天津市和平区某贸易有限公司",
    "address": "天津市和平区南京路88号", "education_attained": "专科", "overseas_relative": "否",
    "resume": {"0": {"start": "2013-09", "end": "2016-07", "place": "天津商业大学会计专业学习"},
               "1": {"start": "2016-07", "end": "2024-12", "place": "天津市和平区某贸易有限公司会计"}},
    "family": {"0": {"name": "张国强", "relation": "父亲", "employer": "天津市第一机械厂", "position": "工人"}},
    "rewards": "无", "works": "无",
}


@pytest.fixture
def zhang(world):
    """张明 of 和平区, 030101K 法学, with passes of his own (demo data). Rendering wants `app_ctx` (the font path
    and the language); the page tests do without it, as a context they share would share `g` across clients."""
    return Candidate.objects.get(exam_number="080105408130")


def passes(candidate, count=3):
    return list(Score.objects(candidate=candidate, passed=True)[:count])


def graduation(candidate, state="final_review", attachments=(), **data):
    """A graduation application of `candidate` in `state`, holding the registration data with `data` over it
    (a None value leaves the field out), its chosen scores locked to it as payment locks them. Unsaved: rendering
    needs no more."""
    values = {"scores": [str(score.pk) for score in passes(candidate)], **REGISTRATION, **data}
    pk = bson.ObjectId()
    Score.objects(pk__in=values["scores"]).update(set__used_for_graduation=True, set__graduation=str(pk))
    return Application(id=pk, type="graduation", candidate=candidate, district=candidate.district, major=candidate.major,
                       candidate_name=candidate.name, exam_number=candidate.exam_number,
                       id_number=candidate.id_number, workflow_key="graduation", form_key="graduation", state=state,
                       data={key: value for key, value in values.items() if value is not None},
                       attachments=list(attachments))


def saved(application):
    """The application stored, pinned to the latest graduation workflow and form."""
    application.workflow_version = workflow_definitions.latest("graduation")[0]
    application.form_version = form_definitions.latest("graduation")[0]
    return application.save()


def stored_photo(content):
    """The Attachment of a photo kept in GridFS under the form's `photo` field."""
    return files.store(files.check(content, "photo.jpg", FileRules(formats=("JPEG",), max_kb=2048)), "photo")


def pages(data):
    document = pdfium.PdfDocument(data)
    return [document[index] for index in range(len(document))]


def shown(page):
    """The page's text as a viewer extracts it, whitespace removed (cells wrap, labels run down)."""
    return re.sub(r"\s", "", page.get_textpage().get_text_range())


def test_the_form_is_an_a3_page_of_real_chinese_text(app_ctx, zhang):
    application = graduation(zhang)
    chosen = Score.objects(pk__in=application.data["scores"]).first()

    first, *rest = pages(registration_form.render(application))

    assert first.get_size() == pytest.approx(A3, abs=0.5)
    page = shown(first)
    assert "高等教育自学考试毕业生登记表" in page
    assert all(value in page for value in (zhang.name, zhang.id_number, zhang.exam_number, "030101K法学",
                                           "天津商业大学会计专业学习", "2013年09月", "张国强", "天津市和平区南京路88号"))
    assert re.sub(r"\s", "", SENTENCE * 12) in page, "the self-assessment, whole, on the front"
    assert chosen.course.name in "".join(shown(p) for p in rest)


def test_the_font_is_embedded_and_no_other_is_named(app_ctx, zhang):
    data = registration_form.render(graduation(zhang))

    assert re.search(rb"/FontFile[23]", data), "the font program is in the file"
    fonts = re.findall(rb"/BaseFont\s*/([^\s/>\]]+)", data)
    assert fonts and all(re.fullmatch(rb"[A-Z]{6}\+NotoSansSC\S*", font) for font in fonts), fonts
    assert b"UniGB" not in data and b"STSong" not in data, "no viewer-supplied CJK font"


@pytest.mark.parametrize("source, size", [("new", (320, 240)), ("verified", (390, 567))])
def test_the_photo_is_printed_in_its_box_keeping_its_shape(app_ctx, zhang, source, size):
    content = jpeg(size, (200, 40, 40))
    photo = stored_photo(content)
    if source == "new":
        application = graduation(zhang, photo_source="new", attachments=[photo])
    else:
        Candidate.objects(pk=zhang.pk).update_one(set__verified_photo_id=str(photo.file_id))
        application = graduation(zhang.reload())

    page = pages(registration_form.render(application))[0]

    (image,) = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))
    left, bottom, right, top = image.get_bounds()
    width, height = page.get_size()
    assert right - left <= 40 * MM and top - bottom <= 50 * MM, "within the photo box"
    assert left > width * 0.75 and top > height * 0.85, "at the top right"
    assert (right - left) / (top - bottom) == pytest.approx(size[0] / size[1], rel=0.02)
    pixels = page.render(scale=1).to_pil().convert("RGB")
    r, g, b = pixels.getpixel((int((left + right) / 2), int(height - (top + bottom) / 2)))
    assert r > 150 and g < 100 and b < 100, "the photo, not a blank box"


def test_without_any_photo_the_box_says_photo(app_ctx, zhang):
    zhang.update(unset__verified_photo_id=True)  # as if verified on site, with no photo kept

    page = pages(registration_form.render(graduation(zhang.reload())))[0]
    width, height = page.get_size()

    assert list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))) == []
    corner = page.get_textpage().get_text_bounded(left=width - 60 * MM, bottom=height - 90 * MM, right=width,
                                                  top=height - 30 * MM)
    assert "照片" in corner


def test_a_3000_character_self_assessment_flows_on_within_the_margins(app_ctx, zhang):
    long = (SENTENCE * 80)[:3000]

    rendered = pages(registration_form.render(graduation(zhang, self_assessment=long)))

    assert len(rendered) >= 2 and all(p.get_size() == pytest.approx(A3, abs=0.5) for p in rendered)
    assert SENTENCE in shown(rendered[0]) and long[-30:] in shown(rendered[1])
    assert "省自学考试委员会审定意见（盖章）" in shown(rendered[-1])
    for page in rendered:
        textpage = page.get_textpage()
        width, height = page.get_size()
        for index in range(textpage.count_chars()):
            if textpage.get_text_range(index, 1).strip():
                left, bottom, right, top = textpage.get_charbox(index)
                assert 14 * MM < left and right < width - 14 * MM and 14 * MM < bottom and top < height - 14 * MM


def test_a_form_without_family_rows_renders(app_ctx, zhang):
    page = pages(registration_form.render(graduation(zhang, family=None)))[0]

    assert "家庭主要成员" in shown(page) and "张国强" not in shown(page)


def test_the_scores_are_those_chosen_by_course_code_with_their_credits(app_ctx, zhang):
    *chosen, left_out = passes(zhang, 4)
    application = graduation(zhang, scores=[str(score.pk) for score in chosen])

    back = "\n".join(page.get_textpage().get_text_range() for page in pages(registration_form.render(application))[1:])

    rows = re.findall(r"^\d+ (\d{5}) (\S+) ", back, re.M)
    assert rows == sorted((score.course.code, score.course.name) for score in chosen)
    assert left_out.course.code not in dict(rows)
    total = sum(score.course.credits for score in chosen)
    assert f"合计 {total} 共3门课程" in back


def form_url(application):
    return f"/applications/{application.pk}/documents/registration-form.pdf"


@pytest.mark.parametrize("state", ["final_review", "approved"])
def test_the_candidate_downloads_the_form_once_the_registration_step_is_filled(app, zhang, state):
    application = saved(graduation(zhang, state=state))
    client = candidate_client(app, "080105408130")

    page = client.get(f"/applications/{application.pk}")
    response = client.get(form_url(application))

    assert "下载毕业生登记表" in text(page) and form_url(application) in page.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert zhang.name in shown(pages(response.data)[0])


@pytest.mark.parametrize("state", ["district_review", "awaiting_payment", "final_review"])
def test_no_form_before_the_registration_step_is_filled(app, zhang, state):
    application = saved(graduation(zhang, state=state, resume=None))
    client = candidate_client(app, "080105408130")

    assert client.get(form_url(application)).status_code == 404
    assert "下载毕业生登记表" not in text(client.get(f"/applications/{application.pk}"))


def test_another_candidate_gets_no_form(app, zhang):
    application = saved(graduation(zhang))

    assert candidate_client(app, "011421104387").get(form_url(application)).status_code == 404
