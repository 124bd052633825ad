"""The trails under the Security menu, for administrators to read: staff changes and staff sign-ins."""
from flask import current_app, g
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app import roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.models import Application, AuditEntry, StaffLogin
from app.security import YES_NO, district_name, roles_text, university_name
from workflows.engine import workflow_of

EMPTY = _l("（空）")
# Values the staff tables record by code, shown by name.
NAMED = {"roles": roles_text, "district_code": district_name, "university_code": university_name}


# What the trail calls the records no staff list of documents names: the staff tables, shipped updates.
MODEL_LABELS = {"StaffUser": _l("员工用户"), "Role": _l("角色"), "Group": _l("用户组"),
                "ShippedDefinition": _l("内置版本更新")}


def model_label(name):
    """A recorded model by the noun of the staff list that shows it (read once a request)."""
    if "model_labels" not in g:
        g.model_labels = {**{view.datamodel.obj.__name__: view.noun for view in current_app.appbuilder.baseviews
                             if getattr(view, "noun", None) and getattr(view, "datamodel", None)}, **MODEL_LABELS}
    return g.model_labels.get(name, name)


def _value(value, name=None):
    """A recorded value as a person reads it: nothing as （空）, yes or no, a list one item after another, a code
    by its name."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if name in NAMED:
        return NAMED[name](value if isinstance(value, list) else [value]) if name == "roles" else NAMED[name](value)
    if isinstance(value, bool):
        return YES_NO[value]
    if isinstance(value, (list, tuple)):
        return "、".join(str(_value(each)) for each in value)
    if isinstance(value, dict):
        return "；".join(f"{name}：{_value(each)}" for name, each in value.items())
    return value


def _table(heads, rows):
    head = Markup("").join(Markup("<th>{}</th>").format(each) for each in heads)
    body = Markup("").join(Markup("<tr>{}</tr>").format(Markup("").join(
        Markup("<td>{}</td>").format(each) for each in row)) for row in rows)
    return Markup('<table class="table table-condensed table-bordered audit-changes"><thead><tr>{}</tr></thead>'
                  "<tbody>{}</tbody></table>").format(head, body)


def _review_labels(entry):
    """What a review entry names by code (event, state, inputs), under the labels of the application's workflow."""
    application = Application.objects(id=entry.object_id).only("workflow_key", "workflow_version").first()
    if application is None:
        return {}
    spec = workflow_of(application)
    changes = entry.changes
    inputs = {given.name: given.text("label") for transition in spec.transitions if transition.event == changes.get("event")
              for given in transition.inputs}
    return {"event": spec.event_label(changes.get("event")), "state": spec.state_label(changes.get("state")),
            "inputs": {inputs.get(name, name): value for name, value in (changes.get("inputs") or {}).items()}}


def changes_table(entry):
    """An add, edit or delete: a row per field, its label, old and new value. Anything else (a review, a revision):
    a row per item it recorded, a review's event and state by their labels and its inputs by theirs."""
    labelled = list(zip(entry.labelled_changes, entry.changes.items(), strict=True))
    if labelled and all(isinstance(value, dict) and value.keys() == {"old", "new"} for _, (_, value) in labelled):
        return _table((_l("字段"), _l("原值"), _l("新值")), [
            (label, _value(value["old"], name), _value(value["new"], name)) for label, (name, value) in labelled])
    named = _review_labels(entry) if entry.action == "review" else {}
    rows = [(label, _value(named.get(name, value), name)) for label, (name, value) in labelled]
    return _table((_l("项目"), _l("内容")), rows) if rows else EMPTY


class AuditView(MongoModelView):
    noun = _l("操作日志")
    datamodel = MongoEngineInterface(AuditEntry)
    base_permissions = list(roles.READ)
    list_columns = ["at", "actor_name", "action", "model", "summary"]
    search_columns = ["actor_name", "action", "model", "object_id", "at"]
    show_columns = ["at", "actor_id", "actor_name", "action", "model", "object_id", "summary", "details"]
    label_columns = {"details": _l("修改内容")}
    formatters_columns = {"details": changes_table, "model": model_label}
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
