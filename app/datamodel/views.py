"""ModelView over MongoEngine documents.

Labels, choice lists and validators come from the document's field
declarations, so each rule is written once, on the field. A save the store
refuses comes back onto the form, next to the field, with the user's input
kept, instead of FAB's redirect and flash.
"""
import functools
import io

from flask import abort, flash, g, request, send_file, session
from flask_appbuilder import CompactCRUDMixin, ModelView, expose, has_access
from flask_appbuilder.security.decorators import permission_name
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.urltools import get_filter_args, get_order_args, get_page_args, get_page_size_args
from flask_babel import lazy_gettext as _l
from mongoengine import fields as mf
from wtforms import DateTimeLocalField, SelectField, validators

from app.inputs import takes_uploads
from app.models.audit import AuditEntry, changes, snapshot

from . import uploads
from .interface import FieldErrors, Missing, MongoEngineInterface
from .pickers import PagePickers


class UniqueValue:
    """WTForms validator: no other document has this value in the column."""

    def __init__(self, datamodel, col_name):
        self.datamodel = datamodel
        self.col_name = col_name

    def __call__(self, form, field):
        if field.data in (None, ""):
            return
        model = self.datamodel.obj
        clash = model.objects(**{self.col_name: field.data}).only("id").first()
        if clash is not None and str(clash.pk) != getattr(form, "_id", None):
            raise validators.ValidationError(_l("该值已被使用。"))


def field_validators(datamodel, col_name):
    """The WTForms validators that mirror a MongoEngine field's own constraints."""
    field = datamodel.obj._fields[col_name]
    found = []
    message = getattr(field, "error_message", None)
    if getattr(field, "regex", None) is not None:
        found.append(validators.Regexp(field.regex, message=message or _l("格式不正确。")))
    if isinstance(field, (mf.IntField, mf.FloatField)) and (
        field.min_value is not None or field.max_value is not None
    ):
        found.append(validators.NumberRange(field.min_value, field.max_value, message=message))
    if getattr(field, "unique", False) and not field.unique_with:
        found.append(UniqueValue(datamodel, col_name))
    return found


# What a datetime-local input sends (to the minute, or to the second where a browser adds them), and the same
# with a space, as the picker shows it and a person types it; seconds may carry a fraction, as a stored time does.
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M",
                    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f"]


def _to_minute(value):
    return value.replace(second=0, microsecond=0) if value else value


class MinuteField(DateTimeLocalField):
    """A date and time shown to the minute: its default is the minute it shows (a default of now, with its seconds,
    would save a time the page never showed), and a stored time posted back as shown keeps its seconds, so saving a
    page unchanged changes nothing."""

    def __init__(self, *args, default=None, **kwargs):
        super().__init__(*args, default=(lambda: _to_minute(default())) if callable(default) else _to_minute(default),
                         **kwargs)

    def populate_obj(self, obj, name):
        stored = getattr(obj, name, None) if obj.pk is not None else None
        if self.data is None or _to_minute(stored) != self.data:
            super().populate_obj(obj, name)


def datetime_field(datamodel, col_name, label):
    """A date and time picked with the browser's own picker (FAB's widget picks a date only, and its value then fails
    to read as a date and time); read to the minute, or to the second if typed so."""
    field = datamodel.obj._fields[col_name]
    checks = [validators.InputRequired()] if field.required else [validators.Optional()]
    return MinuteField(label, format=DATETIME_FORMATS, validators=checks, default=field.default,
                       render_kw={"step": 60, "class": "form-control"})


def choice_field(datamodel, col_name, label, blank=False):
    """A select that shows a choice field's labels and stores its values."""
    field = datamodel.obj._fields[col_name]
    choices = list(datamodel.choices(col_name))
    if blank:
        choices = [("", "")] + choices
    checks = [validators.InputRequired()] if field.required and not blank else [validators.Optional()]
    return SelectField(label, choices=choices, validators=checks, default=field.default, widget=Select2Widget())


def _plain_newlines(document):
    """Text as stored and compared: browsers send a textarea's line breaks as CRLF, which would make every saved
    text differ from itself (and the audit trail report it changed)."""
    for name, value in document._data.items():
        if isinstance(value, str) and "\r" in value:
            setattr(document, name, value.replace("\r\n", "\n").replace("\r", "\n"))


def _own(method):
    """A view class's own copy of an inherited route, to mark without marking the class it comes from."""

    @functools.wraps(method)
    def route(self, *args, **kwargs):
        return method(self, *args, **kwargs)

    return route


class MongoModelView(PagePickers, ModelView):
    """A FAB ModelView whose forms are generated from MongoEngine field declarations.

    `noun` names one record in the user's language; page titles are made from it.
    """

    noun = None
    # FAB's download route serves the files of FAB's own upload columns; uploads here live in GridFS (`file`).
    exclude_route_methods = {"download"}
    # {column: app.services.files.FileRules} of FileField and ImageField columns, else uploads.IMAGE_RULES/FILE_RULES.
    upload_rules = {}

    def __init_subclass__(cls, **kwargs):
        """A view over a document with file columns takes uploads on its add and edit pages (app/inputs.py refuses
        files to any other)."""
        super().__init_subclass__(**kwargs)
        datamodel = cls.__dict__.get("datamodel")
        if datamodel is not None and any(datamodel.is_upload(name) for name in datamodel.get_columns_list()):
            for name in ("add", "edit"):
                setattr(cls, name, takes_uploads(_own(getattr(cls, name))))

    def __init__(self, **kwargs):
        if isinstance(self, CompactCRUDMixin):
            raise TypeError(
                f"{type(self).__name__}: FAB's CompactCRUDMixin does not work over MongoEngine documents. It reads the "
                "id of the record being edited with int(), which an ObjectId is not, and redirects after every post, "
                "which would drop a refused save's reasons and the input. Use the separate add and edit pages.")
        super().__init__(**kwargs)

    def _init_titles(self):
        if self.noun is not None:
            self.list_title = self.list_title or _l("%(noun)s列表", noun=self.noun)
            self.show_title = self.show_title or _l("查看%(noun)s", noun=self.noun)
            self.add_title = self.add_title or _l("新增%(noun)s", noun=self.noun)
            self.edit_title = self.edit_title or _l("修改%(noun)s", noun=self.noun)
        super()._init_titles()

    def _init_properties(self):
        datamodel = self.datamodel
        names = datamodel.get_columns_list()
        declared = {
            name: datamodel.obj._fields[name].verbose_name
            for name in names
            if getattr(datamodel.obj._fields[name], "verbose_name", None)
        }
        self.label_columns = {**declared, **(self.label_columns or {})}
        derived = {name: field_validators(datamodel, name) for name in names}
        for name, extra in (self.validators_columns or {}).items():
            derived[name] = derived.get(name, []) + list(extra)
        self.validators_columns = derived
        # Unsupported columns (embedded lists, dicts) never reach a generated form.
        unsupported = [name for name in names if datamodel.is_unsupported(name)]
        for attr in ("add_exclude_columns", "edit_exclude_columns", "search_exclude_columns"):
            setattr(self, attr, list(getattr(self, attr) or []) + unsupported)
        super()._init_properties()
        choice_columns = [name for name in names if datamodel.is_enum(name)]
        datetime_columns = [name for name in names if datamodel.is_datetime(name)]
        for attr, searching in (("add_form_extra_fields", False), ("edit_form_extra_fields", False),
                                ("search_form_extra_fields", True)):
            extra = dict(getattr(self, attr) or {})
            for name in choice_columns:
                # An optional choice offers a blank, so saving a form never fills it in unasked.
                blank = searching or not datamodel.obj._fields[name].required
                extra.setdefault(name, choice_field(datamodel, name, self.label_columns.get(name, name), blank))
            for name in [] if searching else datetime_columns:
                extra.setdefault(name, datetime_field(datamodel, name, self.label_columns.get(name, name)))
            for name in [] if searching else self._upload_columns():
                extra.setdefault(name, uploads.upload_field(datamodel, name, self.label_columns.get(name, name),
                                                            self.upload_rules.get(name)))
            setattr(self, attr, extra)
        shown = uploads.file_link(self)
        self.formatters_columns = {**{name: shown for name in self._upload_columns()},
                                   **(self.formatters_columns or {})}

    def _upload_columns(self):
        return [name for name in self.datamodel.get_columns_list() if self.datamodel.is_upload(name)]

    @expose("/file/<pk>/<column>")
    @has_access
    @permission_name("show")
    def file(self, pk, column):
        """A file or image of a record the user may see (its thumbnail with `?thumbnail=1`); 404 for any other."""
        item = self.datamodel.get(pk, self._base_filters)
        if item is None or column not in self._upload_columns() or column not in {*self.show_columns,
                                                                                   *self.list_columns}:
            abort(404)
        stored = getattr(item, column).get()
        if stored is not None and request.args.get("thumbnail") and getattr(stored, "thumbnail_id", None):
            stored = getattr(item, column).thumbnail
        if stored is None:
            abort(404)
        content_type = stored.content_type or "application/octet-stream"
        return send_file(io.BytesIO(stored.read()), mimetype=content_type, download_name=stored.filename or column,
                         as_attachment=not content_type.startswith("image/"))

    def update_redirect(self):
        """FAB's back history, written only when this page is not already its latest entry: reloading a page writes
        no session."""
        history = session.get("page_history") or []
        if not history or history[-1] != request.url:
            super().update_redirect()

    def _add(self):
        get_filter_args(self._filters, disallow_if_not_in_search=False)
        exclude_cols = self._filters.get_relation_cols()
        form = self.add_form.refresh()
        if request.method == "POST":
            self._fill_form_exclude_cols(exclude_cols, form)
            if form.validate():
                self.process_form(form, True)
                item = self.datamodel.obj()
                form.populate_obj(item)
                if self._store(form, item, adding=True, old={}):
                    return None
        else:
            self.update_redirect()
        return self._get_add_widget(form=form, exclude_cols=exclude_cols)

    def _edit(self, pk):
        get_filter_args(self._filters, disallow_if_not_in_search=False)
        exclude_cols = self._filters.get_relation_cols()
        item = self.datamodel.get(pk, self._base_filters)
        if not item:
            abort(404)
        pk = self.datamodel.get_pk_value(item)
        if request.method == "POST":
            form = self.edit_form.refresh(request.form)
            self._fill_form_exclude_cols(exclude_cols, form)
            form._id = pk
            self._fill_from(form, item)
            if form.validate():
                self.process_form(form, False)
                old = snapshot(item)
                form.populate_obj(item)
                if self._store(form, item, adding=False, old=old):
                    return None
        else:
            form = self.edit_form.refresh(obj=item)
            self.prefill_form(form, pk)
            self._fill_from(form, item)
            self.update_redirect()
        widgets = self._get_edit_widget(form=form, exclude_cols=exclude_cols)
        return self._get_related_views_widgets(item, filters={}, orders=get_order_args(), pages=get_page_args(),
                                               page_sizes=get_page_size_args(), widgets=widgets)

    def _fill_from(self, form, item):
        """What an edit form shows of the record besides its values: the name of each file it holds, and a blank
        select for a reference whose document is gone (a required one is then chosen again, not the first of the
        list taken unasked)."""
        for field in form:
            value = item._data.get(field.name)
            if isinstance(field, uploads.GridFSUploadField):
                field.held = value.gridout.filename if value and value.gridout is not None else None
            elif isinstance(value, Missing) and hasattr(field, "allow_blank"):
                field.allow_blank = True

    def _store(self, form, item, adding, old):
        """Save `item` and audit how its fields changed from `old` (a snapshot); on refusal put the reasons
        on the form and return False."""
        _plain_newlines(item)
        if adding:
            before, store, after, message = self.pre_add, self.datamodel.add, self.post_add, self.add_row_message
        else:
            before, store, after, message = (self.pre_update, self.datamodel.edit, self.post_update,
                                             self.edit_row_message)
        sent = [field for field in form if isinstance(field, uploads.GridFSUploadField)]
        try:
            before(item)
            store(item)
        except FieldErrors as error:
            for field in sent:
                field.discard()
            for name, reason in error.errors.items():
                if name in form:
                    form[name].errors = list(form[name].errors or []) + [reason]
                else:
                    flash(reason, "danger")
            return False
        for field in sent:
            field.settle()
        after(item)
        self.audit("add" if adding else "edit", item, changes(old, snapshot(item)))
        flash(message, "success")
        return True

    @expose("/action_post", methods=["POST"])
    def action_post(self):
        """Actions from the list, on the chosen rows that lie within the view's base filters (FAB's own
        action_post loads any row whose id is posted)."""
        action = self.actions.get(request.form.get("action", ""))
        if action is None:
            abort(404)
        if not self.appbuilder.sm.has_access(self.get_action_permission_name(action.name),
                                             self.class_permission_name):
            abort(403)
        return action.func(self.datamodel.get_many(request.form.getlist("rowid"), self._base_filters))

    def post_delete(self, item):
        self.audit("delete", item, changes(snapshot(item), {}))

    def audit(self, action, item, changed):
        """Every staff change is recorded in the audit trail."""
        AuditEntry.record(g.user, action, item, changed)


__all__ = ["MongoEngineInterface", "MongoModelView"]
