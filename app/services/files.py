"""Uploads: checked by decoding them, never by their name, then kept in GridFS with their sha256."""
import hashlib
import io
import threading
import warnings
import zipfile
from dataclasses import dataclass

import gridfs
import pypdfium2 as pdfium
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from mongoengine.connection import get_db
from PIL import Image

from app.models.application import Attachment
from app.services import photos
from app.services.definitions import expect, texts
from app.wording import clauses, joined

# A picture may not unpack to more pixels than this (a 40-megapixel photo is far beyond any form's need),
# nor an archive to more bytes than this.
MAX_PIXELS = 40_000_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "BMP": "image/bmp",
                 "WEBP": "image/webp", "PDF": "application/pdf", "ZIP": "application/zip",
                 "RAR": "application/vnd.rar"}
FORMAT_NAMES = {"JPEG": "JPG"}
# Content checks a file rule may name (FileRules.check): name -> function(content) -> the rules it breaks.
CHECKS = {"registration_photo": photos.registration_photo, "id_card_photo": photos.id_card_photo,
          "graduation_photo": photos.graduation_photo}
CHECK_LABELS = {"registration_photo": _l("报名照片的格式、大小与尺寸"), "id_card_photo": _l("身份证人像面照片的大小与横竖比例"),
                "graduation_photo": _l("毕业照片的格式、大小与尺寸")}
# What the staff pages call each limit of a file rule.
LIMIT_LABELS = {"min_kb": _l("最小大小（KB）"), "max_kb": _l("最大大小（KB）"), "max_count": _l("最多份数"),
                "min_width": _l("最小宽度（像素）"), "max_width": _l("最大宽度（像素）"), "min_height": _l("最小高度（像素）"),
                "max_height": _l("最大高度（像素）")}


@dataclass(frozen=True)
class FileRules:
    """What an upload must be: formats found by decoding, size in KB, pixel size, how many, and `check`,
    the name of a content check in CHECKS (e.g. "registration_photo") run after decoding."""

    formats: tuple = ("JPEG", "PNG")
    min_kb: int | None = None
    max_kb: int | None = None
    max_count: int = 1
    min_width: int | None = None
    max_width: int | None = None
    min_height: int | None = None
    max_height: int | None = None
    check: str | None = None

    @classmethod
    def from_data(cls, data):
        data = dict(expect(data or {}, dict, "rules"))
        data["formats"] = tuple(f.upper() for f in texts(data.get("formats", list(cls.formats)), "formats"))
        if data.get("check") is not None:
            expect(data["check"], str, "check")
        for name in ("min_kb", "max_kb", "max_count", "min_width", "max_width", "min_height", "max_height"):
            if data.get(name) is not None:
                data[name] = expect(data[name], int, name)
        return cls(**data)

    def to_data(self):
        return {name: (list(value) if isinstance(value, tuple) else value)
                for name, value in self.__dict__.items() if value is not None}


# PDFium is not thread-safe: one document is opened at a time in a process.
_PDFIUM = threading.Lock()


class UploadRefused(ValueError):
    """An upload that breaks a rule; the message names the rule."""


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    filename: str
    format: str
    sha256: str
    width: int | None = None
    height: int | None = None

    @property
    def content_type(self):
        return CONTENT_TYPES[self.format]


def _names(formats):
    return joined(FORMAT_NAMES.get(f, f) for f in formats)


def check_upload(upload, rules):
    """Check an uploaded file (werkzeug FileStorage) without reading more of it than the rules allow."""
    stream = upload.stream
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    if rules.max_kb is not None and size > rules.max_kb * 1024:
        raise UploadRefused(_("%(name)s 大小为 %(size).0f KB，超过了 %(max)d KB 的上限。", name=upload.filename,
                              size=size / 1024, max=rules.max_kb))
    return check(stream.read(), upload.filename, rules)


def check(content, filename, rules):
    """Decode `content` and hold it to `rules`; return a CheckedFile or raise UploadRefused."""
    name = filename or _("文件")
    size_kb = len(content) / 1024
    if not content:
        raise UploadRefused(_("%(name)s 是空文件。", name=name))
    if rules.max_kb is not None and size_kb > rules.max_kb:
        raise UploadRefused(_("%(name)s 大小为 %(size).0f KB，超过了 %(max)d KB 的上限。", name=name, size=size_kb,
                              max=rules.max_kb))
    if rules.min_kb is not None and size_kb < rules.min_kb:
        raise UploadRefused(_("%(name)s 大小为 %(size).0f KB，小于 %(min)d KB 的下限。", name=name, size=size_kb,
                              min=rules.min_kb))
    found, width, height = _decode(content, name, rules.formats)
    if found not in rules.formats:
        raise UploadRefused(_("%(name)s 的实际格式是 %(found)s，只接受 %(allowed)s。", name=name,
                              found=FORMAT_NAMES.get(found, found), allowed=_names(rules.formats)))
    if width is not None:
        _check_dimensions(name, width, height, rules)
    broken = CHECKS[rules.check](content) if rules.check else []
    if broken:
        raise UploadRefused(_("%(name)s 不符合要求：%(rules)s。", name=name, rules=clauses(broken)))
    return CheckedFile(content, filename, found, hashlib.sha256(content).hexdigest(), width, height)


def _open_pdf(content, name):
    """Open the PDF with PDFium and read its page count: a truncated, forged or password-locked file fails."""
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(content)
        except pdfium.PdfiumError as error:
            raise UploadRefused(_("%(name)s 不是完整的 PDF 文件，请重新导出后上传。", name=name)) from error
        try:
            if len(document) == 0:
                raise UploadRefused(_("%(name)s 不是完整的 PDF 文件，请重新导出后上传。", name=name))
        finally:
            document.close()


def _decode(content, name, allowed):
    """(format, width, height) of the content as it really is."""
    if content.startswith(b"%PDF-"):
        if "PDF" in allowed:
            _open_pdf(content, name)
        return "PDF", None, None
    if content.startswith(b"Rar!\x1a\x07"):
        return "RAR", None, None  # only its signature is checked: no RAR reader is at hand, and it is never opened
    if content.startswith(b"PK\x03\x04"):
        if "ZIP" not in allowed:
            return "ZIP", None, None  # refused by format; never unpacked
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                if sum(entry.file_size for entry in archive.infolist()) > MAX_UNPACKED_BYTES:
                    raise UploadRefused(_("%(name)s 解压后过大，无法处理。", name=name))
                if archive.testzip() is not None:
                    raise zipfile.BadZipFile
        except UploadRefused:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, EOFError, NotImplementedError) as error:
            raise UploadRefused(_("%(name)s 不是完整的压缩包，请重新打包后上传。", name=name)) from error
        return "ZIP", None, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise UploadRefused(_("%(name)s 的像素过多（%(w)d×%(h)d），无法处理。", name=name, w=image.width,
                                          h=image.height))
                image.load()  # decode every pixel: a truncated or forged file fails here
                return image.format, image.width, image.height
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UploadRefused(_("%(name)s 的像素过多，无法处理。", name=name)) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise UploadRefused(_("%(name)s 无法识别为 %(allowed)s 文件，可能已损坏或只是改了扩展名。", name=name,
                              allowed=_names(allowed))) from error


def _check_dimensions(name, width, height, rules):
    broken = None
    if rules.min_width is not None and width < rules.min_width:
        broken = _("宽度至少 %(limit)d 像素", limit=rules.min_width)
    elif rules.max_width is not None and width > rules.max_width:
        broken = _("宽度至多 %(limit)d 像素", limit=rules.max_width)
    elif rules.min_height is not None and height < rules.min_height:
        broken = _("高度至少 %(limit)d 像素", limit=rules.min_height)
    elif rules.max_height is not None and height > rules.max_height:
        broken = _("高度至多 %(limit)d 像素", limit=rules.max_height)
    if broken:
        raise UploadRefused(_("%(name)s 为 %(w)d×%(h)d 像素，要求%(rule)s。", name=name, w=width, h=height, rule=broken))


def store(checked, field):
    """Keep a checked file in GridFS; return the Attachment that points at it."""
    file_id = gridfs.GridFS(get_db()).put(checked.content, filename=checked.filename,
                                          metadata={"content_type": checked.content_type, "sha256": checked.sha256})
    return Attachment(field=field, file_id=file_id, filename=checked.filename, content_type=checked.content_type,
                      size=len(checked.content), sha256=checked.sha256, width=checked.width, height=checked.height)


def keep(content, filename, content_type):
    """Keep a file the platform made (an export); its id."""
    return gridfs.GridFS(get_db()).put(content, filename=filename, metadata={"content_type": content_type})


def delete(file_id):
    gridfs.GridFS(get_db()).delete(file_id)


def read(file_id):
    """(content, content type) of a stored file, or None when the store no longer has it."""
    try:
        stored = gridfs.GridFS(get_db()).get(file_id)
    except gridfs.errors.NoFile:
        return None
    return stored.read(), stored.metadata["content_type"]
