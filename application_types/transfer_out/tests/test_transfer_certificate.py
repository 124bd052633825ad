"""PDFs embed their Chinese font, and the transfer certificate reaches only its owner, only once approved.

The text is read back without fpdf2: the page's glyph strings through the font's ToUnicode map.
"""
import re
import zlib

import pytest

from app.models import Application
from app.services import pdf
from usecases import applications
from app.services.plan import exam_plan
from tests.fixtures import candidate_client, text
from workflows.engine import fire

from .test_transfer_out import draft  # noqa: F401  (the transfer-out draft this module certifies)

ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _streams(data):
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            yield match.group(1)


def _literal(raw):
    """The bytes of a PDF literal string's body."""
    out, i = bytearray(), 0
    while i < len(raw):
        char = raw[i:i + 1]
        if char != b"\\":
            out += char
            i += 1
            continue
        following = raw[i + 1:i + 2]
        octal = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4])
        if octal:
            out.append(int(octal.group(), 8))
            i += 1 + len(octal.group())
        else:
            out += ESCAPES.get(following, following)
            i += 2
    return bytes(out)


def pdf_text(data):
    """Every shown string of the PDF, decoded through its ToUnicode map (two-byte glyph ids)."""
    streams = list(_streams(data))
    to_unicode = {}
    for stream in streams:
        if b"beginbfchar" in stream or b"beginbfrange" in stream:
            for src, dst in re.findall(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>", stream):
                to_unicode[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    shown = []
    for stream in streams:
        for body in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", stream, re.S):
            glyphs = _literal(body)
            shown.append("".join(to_unicode.get(int.from_bytes(glyphs[i:i + 2], "big"), "?")
                                 for i in range(0, len(glyphs), 2)))
    return "\n".join(shown)


def test_a_document_embeds_its_chinese_font(app_ctx):
    data = pdf.document("转出证明", [("姓名", "张明")], (("课程", "成绩"), [("行政法学", "75")], (100, 40)))

    assert data.startswith(b"%PDF-")
    assert re.search(rb"/FontFile[23]", data), "the font program is in the file"
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+NotoSansSC", data), "a subset of Noto Sans SC"
    assert b"/MediaBox [0 0 595.28 841.89]" in data, "A4"
    shown = pdf_text(data)
    assert "转出证明" in shown and "张明" in shown and "行政法学" in shown


def test_the_font_file_is_a_setting(app, app_ctx, monkeypatch):
    monkeypatch.setitem(app.config, "PDF_FONT_PATH", "/nonexistent/font.otf")

    with pytest.raises(FileNotFoundError):
        pdf.document("转出证明")


@pytest.fixture
def approved(transfer_window, zhang, candidate, province_reviewer):
    passes = [row.best for module in exam_plan(zhang).modules for row in module.all_rows if row.earned][:2]
    application = applications.submit(draft(zhang, passes), candidate)
    return fire(application, "approve", province_reviewer)


def certificate_url(application):
    return f"/applications/{application.pk}/documents/transfer-certificate.pdf"


def test_the_owner_downloads_the_transfer_certificate_once_approved(app, approved, zhang):
    client = candidate_client(app, "080105408130")

    page = client.get(f"/applications/{approved.pk}")
    response = client.get(certificate_url(approved))

    assert "下载转出证明" in text(page) and certificate_url(approved) in page.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    shown = pdf_text(response.data)
    assert "高等教育自学考试课程转出证明" in shown
    assert all(value in shown for value in (zhang.name, zhang.exam_number, "江西省", "360101234567", "工作调动"))
    assert re.search(rb"/FontFile[23]", response.data)


def test_no_certificate_before_approval(app, transfer_window, zhang, candidate):
    passes = [row.best for module in exam_plan(zhang).modules for row in module.all_rows if row.earned][:1]
    application = applications.submit(draft(zhang, passes), candidate)
    client = candidate_client(app, "080105408130")

    assert client.get(certificate_url(application)).status_code == 404
    assert "下载转出证明" not in text(client.get(f"/applications/{application.pk}"))


def test_another_candidate_gets_nothing(app, approved):
    other = candidate_client(app, "011421104387")

    assert other.get(certificate_url(approved)).status_code == 404


def test_an_unknown_document_is_not_found(app, approved):
    client = candidate_client(app, "080105408130")

    assert client.get(f"/applications/{approved.pk}/documents/graduation.pdf").status_code == 404
    assert Application.objects.get(pk=approved.pk).state == "approved"
