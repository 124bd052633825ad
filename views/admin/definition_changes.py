"""What a definition's pages say changed, in sentences: a version against the version before it, a shipped update
against the version in effect (forms/changes.py, workflows/changes.py)."""
from typing import NamedTuple

from forms.changes import changes as form_changes
from workflows.engine import workflow_definitions


class Changes(NamedTuple):
    """What changed since version `previous` (None: the first version has none before it), one sentence a line."""

    previous: int | None
    lines: list


def since_previous(store, compare, saved):
    """The Changes of the stored version `saved` (of `store`) since the version before it, told by `compare`."""
    if saved.version == 1:
        return Changes(None, [])
    return Changes(saved.version - 1, compare(store.get(saved.key, saved.version - 1),
                                              store.get(saved.key, saved.version)))


def compare_forms(old, new):
    """A form's changes; the states its steps name, by the labels of the latest workflow of its key."""
    states = {}
    if any(step.states for step in (*old.steps, *new.steps)) and workflow_definitions.document.latest(new.key):
        states = workflow_definitions.latest(new.key)[1].states
    return form_changes(old, new, states)
