"""The seating notice 考场座次通知单: an A4 page of real Chinese text in an embedded font, with the photo, each
course's time, site, room and seat, and the exam rules; printable only in the print window, once seated."""
import datetime
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from app.models import Candidate, Registration, Seat, Sitting
from app.services import arrangement, files, seating_notice
from tests.fixtures import jpeg, text
from tests.registration.fixtures import MA, SAT_AM, SUN_AM, browser, pay, register, sitting  # noqa: F401

A4 = (595.28, 841.89)  # pt


def seated(registration):
    """Run the exam-room arrangement of the registration's sitting, as an administrator's job does."""
    arrangement.arrange(registration.sitting)


@pytest.fixture
def printing(sitting):
    now = datetime.datetime.now()
    Sitting.objects(pk=sitting.pk).update_one(set__print_opens_at=now - datetime.timedelta(hours=1),
                                              set__print_closes_at=now + datetime.timedelta(days=1))
    return sitting.reload()


@pytest.fixture
def paid(browser, printing):
    registration = register(browser, printing, [SAT_AM, SUN_AM])
    pay(browser, printing, registration.version)
    return registration.reload()


def shown(data):
    document = pdfium.PdfDocument(data)
    return document, re.sub(r"\s", "", "".join(document[i].get_textpage().get_text_range() for i in range(len(document))))


def test_the_notice_is_an_a4_page_with_each_course_its_seat_and_the_rules(app, browser, paid):
    seated(paid)
    with app.app_context():
        photo = files.keep(jpeg((390, 567), (200, 40, 40)), "photo.jpg", "image/jpeg")
    Candidate.objects(exam_number=MA).update_one(set__verified_photo_id=str(photo))

    response = browser.get(f"/registration/{paid.sitting.code}/notice.pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    document, page = shown(response.data)
    assert len(document) == 1 and document[0].get_size() == pytest.approx(A4, abs=0.5)
    ma = Candidate.objects.get(exam_number=MA)
    assert all(value in page for value in ("2027年04月高等教育自学考试考场座次通知单", ma.name, ma.exam_number,
                                           ma.id_number, "和平区第一中学", "00249国际私法", "2027-04-10上午09:00–11:30",
                                           "13702国际经济法", "考场规则", "开考15分钟后不得入场"))
    for seat in Seat.objects(registration=paid):
        assert f"{seat.room_number}{seat.number}" in page
    assert re.search(rb"/FontFile[23]", response.data), "the Chinese font is embedded"
    (image,) = document[0].get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))
    left, bottom, right, top = image.get_bounds()
    assert left > A4[0] * 0.7 and top > A4[1] * 0.8, "the photo at the top right"
    assert (right - left) / (top - bottom) == pytest.approx(390 / 567, rel=0.02), "keeping its shape"


def test_without_a_photo_the_box_says_photo(app, browser, paid):
    seated(paid)  # 马军 was verified on site: no photo kept

    document, page = shown(browser.get(f"/registration/{paid.sitting.code}/notice.pdf").data)

    assert list(document[0].get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))) == [] and "照片" in page


def test_the_rules_printed_are_the_ones_administrators_wrote(app, browser, paid):
    Sitting.objects(pk=paid.sitting.pk).update_one(set__exam_rules="考生须提前四十分钟到达考点。")
    seated(paid)

    _document, page = shown(browser.get(f"/registration/{paid.sitting.code}/notice.pdf").data)

    assert "考生须提前四十分钟到达考点。" in page and "开考15分钟后" not in page


def test_outside_the_print_window_or_before_seating_the_page_says_why(app, browser, paid):
    before = browser.get(f"/registration/{paid.sitting.code}/notice.pdf", follow_redirects=True)
    assert "考场编排完成后方可打印" in text(before)

    seated(paid)
    Sitting.objects(pk=paid.sitting.pk).update_one(set__print_closes_at=datetime.datetime.now())
    after = browser.get(f"/registration/{paid.sitting.code}/notice.pdf", follow_redirects=True)
    assert "现在不在打印时间内" in text(after)


def test_the_notice_takes_a_fixed_number_of_queries(app_ctx, paid):
    from bench.roundtrips import counting

    seated(paid)
    registration = Registration.objects.get(pk=paid.pk)
    with counting() as calls:
        rows = seating_notice.lines(registration)
    assert len(rows) == 2 and calls.mongo == 4, calls.mongo_calls
