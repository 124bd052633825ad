"""MongoEngine FileField and ImageField columns in generated forms and pages: files kept in GridFS, checked as
candidate uploads are (app/services/files.py: decoded, never trusted by name, held to size and format rules)."""
import io

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from mongoengine.fields import ImageGridFsProxy
from wtforms import FileField, validators
from wtforms.widgets import FileInput

from app.services import files

# What a column takes unless its view names other rules (`MongoModelView.upload_rules`).
IMAGE_RULES = files.FileRules(formats=("JPEG", "PNG"), max_kb=5 * 1024)
FILE_RULES = files.FileRules(formats=("PDF", "JPEG", "PNG"), max_kb=20 * 1024)


class UploadInput(FileInput):
    """A file input that names the file the record has, which a file chosen replaces."""

    def __call__(self, field, **kwargs):
        html = super().__call__(field, **kwargs)
        if field.held:
            html += Markup('<p class="help-block">{}</p>').format(
                _("已有文件：%(name)s。选择新文件将替换它，不选则保留。", name=field.held))
        return html


class GridFSUploadField(FileField):
    """An upload for a FileField or ImageField column. A file sent is checked on validation and kept in GridFS on
    populate_obj, under a new id: the file it replaces is removed only once the record is saved (`settle`), and the
    new one is removed if the save is refused (`discard`). No file sent keeps the one the record has (`held`, its
    name, which the edit page sets)."""

    widget = UploadInput()

    def __init__(self, label=None, rules=FILE_RULES, required=False, **kwargs):
        super().__init__(label, **kwargs)
        self.rules = rules
        self.required = required
        self.held = None
        self.checked = None
        self._replaced = self._put = None

    def process_data(self, value):
        self.data = None  # the record's file is named beside the input (`held`), never sent back

    def pre_validate(self, form):
        self.checked = None
        if getattr(self.data, "filename", None):
            try:
                self.checked = files.check_upload(self.data, self.rules)
            except files.UploadRefused as refused:
                raise validators.StopValidation(str(refused)) from refused
        elif self.required and not self.held:
            raise validators.StopValidation(_("请上传文件。"))

    def populate_obj(self, obj, name):
        if self.checked is None:
            return
        field = obj._fields[name]
        proxy = field.get_proxy_obj(key=name, instance=obj)
        proxy.put(io.BytesIO(self.checked.content), filename=self.checked.filename,
                  content_type=self.checked.content_type, sha256=self.checked.sha256)
        self._replaced, self._put = obj._data.get(name), proxy
        obj._data[name] = proxy
        obj._mark_as_changed(name)

    def settle(self):
        """The record was saved: remove the file the upload replaced."""
        if self._replaced:
            self._replaced.delete()
        self._replaced = self._put = None

    def discard(self):
        """The save was refused: remove the file kept for it."""
        if self._put:
            self._put.delete()
        self._replaced = self._put = None


def upload_field(datamodel, col_name, label, rules=None):
    field = datamodel.obj._fields[col_name]
    image = datamodel.is_image(col_name)
    rules = rules or (IMAGE_RULES if image else FILE_RULES)
    allowed = "、".join(files.FORMAT_NAMES.get(f, f) for f in rules.formats)
    description = _l("接受 %(formats)s，不超过 %(kb)d KB。", formats=allowed, kb=rules.max_kb) if rules.max_kb else \
        _l("接受 %(formats)s。", formats=allowed)
    return GridFSUploadField(label, rules=rules, required=field.required, description=description)


def file_link(view):
    """A list and show page formatter: a file column's name linked to its download, or an image's thumbnail linked
    to the image."""

    def shown(proxy):
        if not proxy or proxy.gridout is None:
            return ""
        url = url_for(f"{view.endpoint}.file", pk=str(proxy.instance.pk), column=proxy.key)
        name = proxy.gridout.filename or _("文件")
        if isinstance(proxy, ImageGridFsProxy):
            thumbnail = url_for(f"{view.endpoint}.file", pk=str(proxy.instance.pk), column=proxy.key, thumbnail=1)
            return Markup('<a href="{0}"><img src="{1}" alt="{2}" style="max-height:4em;max-width:8em"></a>').format(
                url, thumbnail, name)
        return Markup('<a href="{0}">{1}</a>').format(url, name)

    return shown
