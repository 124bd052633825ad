"""The trails under the Security menu, for administrators to read: staff changes and staff sign-ins."""
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from app import roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.models import AuditEntry, StaffLogin

EMPTY = _l("（空）")


def _value(value):
    if value is None or value == "":
        return EMPTY
    if isinstance(value, list):
        return "、".join(str(each) for each in value)
    return value


def changes_html(changes):
    """One line per field: "field: old → new" for an add, edit or delete, "field: value" for what a review kept."""
    lines = []
    for name, value in (changes or {}).items():
        if isinstance(value, dict) and value.keys() == {"old", "new"}:
            shown = Markup("{} → {}").format(_value(value["old"]), _value(value["new"]))
        else:
            shown = escape(_value(value))
        lines.append(Markup("<li><b>{}</b>：{}</li>").format(name, shown))
    return Markup('<ul class="list-unstyled">{}</ul>').format(Markup("").join(lines))


class AuditView(MongoModelView):
    noun = _l("操作日志")
    datamodel = MongoEngineInterface(AuditEntry)
    base_permissions = list(roles.READ)
    list_columns = ["at", "actor_name", "action", "model", "summary"]
    search_columns = ["actor_name", "action", "model", "object_id", "at"]
    show_columns = ["at", "actor_id", "actor_name", "action", "model", "object_id", "summary", "labelled_changes"]
    label_columns = {"labelled_changes": _l("修改内容")}
    formatters_columns = {"labelled_changes": changes_html}
    base_order = ("at", "desc")


class StaffLoginView(MongoModelView):
    noun = _l("员工登录记录")
    datamodel = MongoEngineInterface(StaffLogin)
    base_permissions = list(roles.READ)
    list_columns = ["at", "username", "address", "outcome"]
    show_columns = ["at", "username", "account", "address", "outcome"]
    search_columns = ["username", "account", "address", "outcome", "at"]
    base_order = ("at", "desc")


# Permission names, under FAB's own Security menu.
VIEWS = ((AuditView, "AuditLog", "fa-history"), (StaffLoginView, "StaffLogins", "fa-sign-in"))
