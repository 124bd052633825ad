"""Search drop-downs that load their choices as the user types (Select2 over AJAX), not every row at each page."""
import re

from markupsafe import Markup
from wtforms import StringField
from wtforms.widgets import html_params

from app import roles
from app.models import District, Major

LIMIT = 20  # choices offered per keystroke


class LookupWidget:
    """A select that app/static/lookup.js turns into a Select2 fed from `source`."""

    def __init__(self, source):
        self.source = source

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        kwargs.setdefault("name", field.name)
        kwargs["class"] = f"queue-lookup form-control {kwargs.get('class', '')}".strip()
        return Markup(f"<select {html_params(**kwargs, data_source=self.source)}></select>")


def lookup_field(label, source):
    return StringField(label, widget=LookupWidget(source))


def within(model, scope):
    """The districts or majors a staff user filters by: a district reviewer's own district, a university
    reviewer's own majors, every one otherwise."""
    if model is District and scope.kind == roles.SCOPE_DISTRICT:
        return model.objects(pk=scope.district_id)
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
