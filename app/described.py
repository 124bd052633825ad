"""What a form control is described by: its error messages and help text, tied to it for a screen reader.

Every form's rendering (the candidate's fields, the generated application steps, the staff's FAB forms and our
own staff forms) asks `described(...)` once per field, gives its control `attrs()` and gives each message the id
named there: `aria-describedby` lists the errors, then the help, and `aria-invalid="true"` marks a control with
an error. A group (a fieldset, a list of checkboxes) takes the attributes on the group, so its errors are read on
entering it. The ids are the control's id with `-error-N` or `-help-N`, so they are unique wherever the control's
id is.
"""
from markupsafe import Markup


class Described:
    """The messages of one control: `errors` and `help` as (id, text), and the attributes its control takes."""

    def __init__(self, control_id, errors=(), help=()):
        self.errors = [(f"{control_id}-error-{n}", text) for n, text in enumerate(errors, 1) if text]
        self.help = [(f"{control_id}-help-{n}", text) for n, text in enumerate(help, 1) if text]

    def attrs(self, **more):
        """The control's attributes: `more` (those given None left out), with aria-describedby and aria-invalid."""
        ids = [ident for ident, _text in self.errors + self.help]
        if ids:
            more["aria-describedby"] = " ".join(filter(None, (more.get("aria-describedby"), *ids)))
        if self.errors:
            more["aria-invalid"] = "true"
        return {name: value for name, value in more.items() if value is not None}

    def html_attrs(self, **more):
        """`attrs()` written out, for a control written in the template itself."""
        return Markup(" ").join(Markup('%s="%s"') % (name, value) for name, value in self.attrs(**more).items())


def described(field=None, id=None, errors=None, help=None):
    """A WTForms field's (or, for a form written by hand, a control id's) errors and help text. `errors` and `help`
    default to the field's own (`errors`, `description`); either may be one text or several."""
    if errors is None:
        errors = field.errors if field is not None else ()
    if help is None:
        help = field.description if field is not None else ()
    return Described(id or field.id, _texts(errors), _texts(help))


def _texts(value):
    """Several texts as given; one (a str or a lazy translation) as a list of it; none as an empty list."""
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value] if value else []


def register(app):
    app.add_template_global(described)
