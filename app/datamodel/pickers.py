"""One date picker on every staff page: FAB's date fields (forms and search filters) become the browser's date
inputs, which static/datetime.js turns into the page-language picker the datetime-local fields use."""
from flask_appbuilder.fieldwidgets import DatePickerWidget, DateTimePickerWidget
from markupsafe import Markup
from wtforms.fields.core import UnboundField
from wtforms.widgets import html_params


class PickedDateWidget:
    """An <input type="date"> or "datetime-local" with FAB's text value (FAB's widget would start its own,
    English picker)."""

    def __init__(self, kind):
        self.kind = kind

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        kwargs["class"] = f"form-control {kwargs.get('class', '')}".strip()
        return Markup(f"<input {html_params(type=self.kind, name=field.name, value=field._value(), **kwargs)}>")


KINDS = {DatePickerWidget: "date", DateTimePickerWidget: "datetime-local"}


class PagePickers:
    """A FAB view mixin: its add, edit and search forms' FAB date widgets replaced by PickedDateWidget."""

    def _init_forms(self):
        super()._init_forms()
        for form in (getattr(self, "add_form", None), getattr(self, "edit_form", None), self.search_form):
            for unbound in vars(form or object).values():
                if isinstance(unbound, UnboundField) and type(unbound.kwargs.get("widget")) in KINDS:
                    unbound.kwargs["widget"] = PickedDateWidget(KINDS[type(unbound.kwargs["widget"])])
