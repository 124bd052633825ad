"""Search drop-downs that load their choices as the user types (Select2 over AJAX), not every row at each page."""
import re

from bson import ObjectId
from flask import g, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import Field, StringField, ValidationError
from wtforms.widgets import html_params

from app import roles
from app.models import District, Major
from app.scope import staff_scope

LIMIT = 20  # choices offered per keystroke


class LookupWidget:
    """A select that app/static/lookup.js turns into a Select2 fed from `source`; in a form, the rows chosen so far
    are its options."""

    def __init__(self, source, multiple=False):
        self.source, self.multiple = source, multiple

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        kwargs.setdefault("name", field.name)
        kwargs["class"] = f"queue-lookup form-control {kwargs.get('class', '')}".strip()
        options = Markup("").join(Markup('<option value="{}" selected>{}</option>').format(pk, text)
                                  for pk, text in getattr(field, "chosen", list)())
        said = {"data_searching": _("正在查找…"), "data_no_results": _("没有找到"),
                "data_error": _("未能加载，请稍后重试")}  # what the drop-down says while it looks
        return Markup(f"<select {html_params(**kwargs, **said, data_source=self.source, multiple=self.multiple)}>"
                      f"{escape(options)}</select>")


def lookup_field(label, source):
    return StringField(label, widget=LookupWidget(source))


class LookupField(Field):
    """A form's choice of one row of `model`, or with `multiple` of several, searched as the user types: it posts
    ids and holds the documents (in the order chosen)."""

    def __init__(self, label, source, model, multiple=False, **kwargs):
        super().__init__(label, widget=LookupWidget(source, multiple), **kwargs)
        self.model, self.multiple, self.unknown = model, multiple, False

    def process_formdata(self, valuelist):
        ids = [value for value in valuelist if value]
        found = self.model.objects.in_bulk([ObjectId(value) for value in ids if ObjectId.is_valid(value)])
        chosen = list({value: found[ObjectId(value)] for value in ids
                       if ObjectId.is_valid(value) and ObjectId(value) in found}.values())
        self.unknown = len(chosen) < len(set(ids))
        self.data = chosen if self.multiple else next(iter(chosen), None)

    def pre_validate(self, form):
        if self.unknown:
            raise ValidationError(_l("所选的某一项已不存在，请重新选择。"))

    def chosen(self):
        """(id, text) of the rows chosen, as the lookup names them."""
        rows = self.data if self.multiple else [self.data]
        return [(str(row.pk), f"{row.code} {row.name}") for row in rows or () if row is not None]


def within(model, scope):
    """The rows a staff user picks from: a district reviewer's own district (or what lies in it, such as its exam
    sites), a university reviewer's own majors, every one otherwise."""
    if model is District and scope.kind == roles.SCOPE_DISTRICT:
        return model.objects(pk=scope.district_id)
    if "district" in model._fields and scope.kind == roles.SCOPE_DISTRICT:
        return model.objects(district=scope.district_id)
    if model is Major and scope.kind == roles.SCOPE_UNIVERSITY:
        return model.objects(pk__in=scope.major_ids)
    return model.objects


def choices(model, scope, typed="", chosen=None):
    """[{id, text}] of `model` rows within `scope` whose code or name starts with `typed` (as typed: the prefix an
    index serves), or the one row `chosen` names."""
    found = within(model, scope).only("code", "name")
    if chosen is not None:
        found = found.filter(pk=chosen).order_by()
    elif typed.strip():
        prefix = re.compile("^" + re.escape(typed.strip()).replace("\x00", r"\x00"))
        # Either branch has its index; no index gives both branches' order, so the few found are sorted here.
        found = found.filter(__raw__={"$or": [{"code": prefix}, {"name": prefix}]}).order_by()
    else:
        found = found.order_by("code")  # the first by code, as the unique index on the code holds them
    return [{"id": str(row.pk), "text": f"{row.code} {row.name}"}
            for row in sorted(found.limit(LIMIT), key=lambda row: row.code)]


def answer(model):
    """What a lookup select asks its source for: the rows of `model` within the user's scope starting with ?q=, or
    the one ?id= names."""
    chosen = request.args.get("id")
    if chosen is not None and not ObjectId.is_valid(chosen):
        return jsonify(results=[])
    return jsonify(results=choices(model, staff_scope(g.user), request.args.get("q", "")[:50], chosen))
