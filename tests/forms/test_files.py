"""Uploads are judged by decoding them: format, size, pixels; accepted ones are kept in GridFS as they came."""
import hashlib
import io
import os
import struct
import zipfile
import zlib

import pytest
from PIL import Image

from app.services import files
from forms.spec import FileRules

PICTURES = FileRules(formats=("JPEG", "PNG"))
JPEG_ONLY = FileRules(formats=("JPEG",))
ARCHIVES = FileRules(formats=("JPEG", "PNG", "ZIP"))


def picture(size=(40, 30), fmt="JPEG", noise=False, **options):
    """An image's bytes; with noise the file is about as big as its pixels, so its size in KB can be chosen."""
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (200, 220, 240))
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def png_declaring(width, height):
    """A tiny PNG whose header claims width×height pixels: a decompression bomb costs nothing to build."""
    content = picture((1, 1), "PNG")
    header = b"IHDR" + struct.pack(">II", width, height) + content[24:29]
    return content[:12] + header + struct.pack(">I", zlib.crc32(header)) + content[33:]


PHOTO = picture((800, 600), noise=True, quality=90)


def zipped():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("证明.txt", "本人于2020年6月毕业。" * 50)
    return out.getvalue()


def refusal(content, filename, rules=PICTURES):
    with pytest.raises(files.UploadRefused) as refused:
        files.check(content, filename, rules)
    return str(refused.value)


def test_a_good_jpeg_is_accepted_with_what_decoding_found():
    content = picture((640, 480), quality=90)

    checked = files.check(content, "毕业证.jpg", PICTURES)

    assert (checked.format, checked.width, checked.height) == ("JPEG", 640, 480)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert (checked.content, checked.filename, checked.content_type) == (content, "毕业证.jpg", "image/jpeg")


def test_a_png_is_accepted_as_png_whatever_its_name():
    checked = files.check(picture(fmt="PNG"), "scan.jpg", PICTURES)
    assert (checked.format, checked.content_type) == ("PNG", "image/png")


@pytest.mark.parametrize("content, filename, rules, message", [
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "证书.jpg", PICTURES,
     "证书.jpg 的实际格式是 PDF，只接受 JPG、PNG。"),
    (b"this is not a picture at all", "证书.jpg", PICTURES,
     "证书.jpg 无法识别为 JPG、PNG 文件，可能已损坏或只是改了扩展名。"),
    (picture(fmt="PNG"), "photo.jpg", JPEG_ONLY, "photo.jpg 的实际格式是 PNG，只接受 JPG。"),
    (picture(fmt="GIF"), "photo.png", PICTURES, "photo.png 的实际格式是 GIF，只接受 JPG、PNG。"),
    (PHOTO[:len(PHOTO) // 2], "half.jpg", PICTURES,
     "half.jpg 无法识别为 JPG、PNG 文件，可能已损坏或只是改了扩展名。"),
    (b"", "empty.jpg", PICTURES, "empty.jpg 是空文件。"),
], ids=["pdf-named-jpg", "text-named-jpg", "png-when-only-jpeg", "gif-named-png", "truncated-jpeg", "empty"])
def test_a_file_is_judged_by_its_content_not_its_name(content, filename, rules, message):
    assert refusal(content, filename, rules) == message


def test_an_image_over_the_size_limit_is_refused_naming_its_size():
    content = picture((400, 400), "PNG", noise=True)  # ~470 KB of noise does not compress
    assert 460 * 1024 < len(content) < 480 * 1024
    assert refusal(content, "big.png", FileRules(max_kb=300)) == \
        f"big.png 大小为 {len(content) / 1024:.0f} KB，超过了 300 KB 的上限。"


def test_an_image_under_the_size_floor_is_refused_naming_its_size():
    content = picture((20, 20))
    assert refusal(content, "small.jpg", FileRules(min_kb=50)) == \
        f"small.jpg 大小为 {len(content) / 1024:.0f} KB，小于 50 KB 的下限。"


def test_an_image_just_inside_both_size_limits_is_accepted():
    content = picture((200, 200), "PNG", noise=True)  # ~118 KB
    assert files.check(content, "ok.png", FileRules(min_kb=100, max_kb=130)).format == "PNG"


@pytest.mark.parametrize("rules, message", [
    (FileRules(min_width=800), "p.jpg 为 640×480 像素，要求宽度至少 800 像素。"),
    (FileRules(max_width=600), "p.jpg 为 640×480 像素，要求宽度至多 600 像素。"),
    (FileRules(min_height=500), "p.jpg 为 640×480 像素，要求高度至少 500 像素。"),
    (FileRules(max_height=400), "p.jpg 为 640×480 像素，要求高度至多 400 像素。"),
])
def test_pixel_size_rules_name_the_size_found_and_the_rule_broken(rules, message):
    assert refusal(picture((640, 480)), "p.jpg", rules) == message


def test_an_image_exactly_at_its_pixel_limits_is_accepted():
    rules = FileRules(min_width=640, max_width=640, min_height=480, max_height=480)
    checked = files.check(picture((640, 480)), "p.jpg", rules)
    assert (checked.width, checked.height) == (640, 480)


def test_a_decompression_bomb_is_refused_without_unpacking_it():
    content = png_declaring(20000, 20000)
    assert len(content) < 200
    assert refusal(content, "bomb.png") == "bomb.png 的像素过多，无法处理。"


def test_a_picture_over_the_pixel_ceiling_is_refused_naming_its_size():
    # 8000×6000 is under Pillow's own bomb limit but over the product's 40 megapixels.
    assert refusal(png_declaring(8000, 6000), "huge.png") == "huge.png 的像素过多（8000×6000），无法处理。"


def test_a_real_zip_is_accepted_where_zips_are_allowed():
    content = zipped()
    checked = files.check(content, "材料.zip", ARCHIVES)
    assert (checked.format, checked.content_type, checked.width) == ("ZIP", "application/zip", None)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_a_zip_is_refused_where_only_pictures_are_allowed():
    assert refusal(zipped(), "材料.zip") == "材料.zip 的实际格式是 ZIP，只接受 JPG、PNG。"


@pytest.mark.parametrize("damage", [
    lambda content: content[:len(content) // 2],
    lambda content: content.replace("毕业".encode(), "肄业".encode(), 1),  # content changed: its CRC no longer fits
], ids=["cut-short", "corrupted"])
def test_a_broken_zip_is_refused(damage):
    content = zipped()
    assert refusal(damage(content), "材料.zip", ARCHIVES) == "材料.zip 不是完整的压缩包，请重新打包后上传。"


def test_a_stored_file_reads_back_byte_for_byte_with_its_type(app_ctx):
    checked = files.check(picture((64, 48), "PNG"), "凭证.png", PICTURES)

    attachment = files.store(checked, "evidence.00261.vouchers.0.images")

    assert files.read(attachment.file_id) == (checked.content, "image/png")
    assert (attachment.field, attachment.filename, attachment.size, attachment.sha256, attachment.width,
            attachment.height) == ("evidence.00261.vouchers.0.images", "凭证.png", len(checked.content),
                                   checked.sha256, 64, 48)


def test_a_zip_sent_to_an_image_field_is_refused_without_unpacking(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.bin", b"\0" * (5 * 1024 * 1024))
    monkeypatch.setattr(zipfile.ZipFile, "testzip", lambda self: pytest.fail("an image field must not unpack a zip"))

    with pytest.raises(files.UploadRefused, match="实际格式是 ZIP，只接受 JPG、PNG"):
        files.check(buffer.getvalue(), "photo.jpg", FileRules(formats=("JPEG", "PNG"), max_kb=1024))


def test_a_zip_that_unpacks_too_large_is_refused(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.bin", b"\0" * (3 * 1024 * 1024))
    monkeypatch.setattr(files, "MAX_UNPACKED_BYTES", 1024 * 1024)

    with pytest.raises(files.UploadRefused, match="解压后过大"):
        files.check(buffer.getvalue(), "scores.zip", FileRules(formats=("ZIP",), max_kb=1024))


DOCUMENTS = FileRules(formats=("JPEG", "PNG", "PDF"))


def pdf(pages=1):
    from fpdf import FPDF

    document = FPDF()
    for _page in range(pages):
        document.add_page()
    return bytes(document.output())


def test_a_real_pdf_is_accepted_where_pdfs_are_allowed():
    content = pdf(pages=2)
    checked = files.check(content, "复核申请.pdf", DOCUMENTS)
    assert (checked.format, checked.content_type, checked.content) == ("PDF", "application/pdf", content)


@pytest.mark.parametrize("content", [
    pdf()[:300],
    b"%PDF-1.4\n this only starts like a PDF",
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
], ids=["truncated", "header-only", "no-pages"])
def test_a_pdf_that_pdfium_cannot_open_is_refused(content):
    assert refusal(content, "证明.pdf", DOCUMENTS) == "证明.pdf 不是完整的 PDF 文件，请重新导出后上传。"
