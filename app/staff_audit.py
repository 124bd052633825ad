"""Changes to staff users, roles and groups, made on any of FAB's screens (lists, forms, actions, password
resets), written to the audit trail with each field's old and new value, once the change is committed.

Listened for on the SQL session rather than in each view, so no screen can change a staff record
unrecorded. Changes made outside a signed-in staff request (start-up role sync, the demo seed) are not
staff actions and are not recorded.
"""
from flask import g, has_request_context
from flask_appbuilder.security.sqla.models import Group, Role
from sqlalchemy import event, inspect

from app.models.audit import AuditEntry, changes, is_secret, shown
from app.security import StaffUser

# What is recorded of each. Membership is recorded where it is edited: a user's roles, a group's users
# and roles (the other side of each link changes with it and is not recorded again).
AUDITED = {
    StaffUser: ("username", "first_name", "last_name", "email", "active", "roles", "district_code",
                "university_code", "password"),
    Role: ("name", "permissions"),
    Group: ("name", "label", "description", "users", "roles"),
}
_PENDING = "staff_audit"


def listen(session):
    """Record the changes `session` commits (FAB's session; once, however many apps are built)."""
    for name, handler in (("before_flush", _collect_edits), ("after_flush", _collect_adds),
                          ("after_commit", _write), ("after_rollback", _drop)):
        if not event.contains(session, name, handler):
            event.listen(session, name, handler)


def _actor():
    user = getattr(g, "user", None) if has_request_context() else None
    return user if user is not None and user.is_authenticated else None


def _collect_edits(session, _context, _instances):
    """Edits and deletions, before the flush: their old values and collections are all still there."""
    _collect(session, ((session.dirty, "edit"), (session.deleted, "delete")))


def _collect_adds(session, _context):
    """Additions, after the flush: they have their ids."""
    _collect(session, ((session.new, "add"),))


def _collect(session, batches):
    actor = _actor()
    if actor is None:
        return
    pending = session.info.setdefault(_PENDING, [])
    for items, action in batches:
        for item in items:
            names = AUDITED.get(type(item))
            changed = names and _changes(item, names, action)
            if changed:
                pending.append(dict(actor_id=actor.id, actor_name=actor.username, action=action,
                                    model=type(item).__name__, object_id=str(item.id),
                                    summary=getattr(item, "username", None) or item.name, changes=changed))


def _changes(item, names, action):
    """Old → new of the audited fields: all of them for an add or delete, those the flush changed for an edit."""
    state = inspect(item)
    before, after, secrets = {}, {}, {}
    for name in names:
        attribute = state.attrs[name]
        if action == "add":
            old, new = None, attribute.value
        elif action == "delete":
            old, new = attribute.value, None
        elif not attribute.history.has_changes():
            continue
        elif name in state.mapper.relationships:
            kept, history = list(attribute.history.unchanged), attribute.history
            old, new = kept + list(history.deleted), kept + list(history.added)
        else:
            old, new = (attribute.history.deleted or [None])[0], (attribute.history.added or [None])[0]
        if is_secret(name):  # *** either way: the entry says it changed, never what to
            if old != new:
                secrets[name] = {"old": shown(name, old), "new": shown(name, new)}
        else:
            before[name], after[name] = shown(name, old), shown(name, new)
    return {**changes(before, after), **secrets}


def _write(session):
    """One entry per record and action of the transaction, however many flushes it took."""
    merged = {}
    for entry in session.info.pop(_PENDING, []):
        key = (entry["model"], entry["object_id"], entry["action"])
        if key in merged:
            kept = merged[key]["changes"]
            for name, change in entry["changes"].items():
                kept[name] = {"old": kept[name]["old"] if name in kept else change["old"], "new": change["new"]}
        else:
            merged[key] = entry
    for entry in merged.values():
        AuditEntry(**entry).save()


def _drop(session):
    session.info.pop(_PENDING, None)
