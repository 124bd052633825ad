"""Every decision a reviewer or the platform takes on a shipped type tells the candidate: walking each shipped
workflow, each transition not the candidate's own sends a site message from its type's shipped template, or is
listed here with the reason it does not."""
import pytest

import application_types  # noqa: F401  (registers the shipped types, for the parameters below)
from app import roles
from app.models import Message
from app.models.application import HistoryEntry
from workflows import messages, types
from tests.services.test_payment import application_of

ZHANG = "080105408130"
# (type, event, state it goes to): why no template of the type's tells it.
SILENT = {
    ("recheck", "keep", "kept"): "its effect notify_recheck_result tells the old and the new mark, which no template can",
    ("recheck", "correct", "corrected"): "its effect notify_recheck_result tells the old and the new mark",
}


def decisions():
    """(type key, transition) of every shipped transition someone other than the candidate takes."""
    return [(kind.key, transition) for kind in types.shipped() for transition in kind.workflow.transitions
            if set(transition.by) - {roles.CANDIDATE}]


@pytest.mark.parametrize("key, transition", decisions(),
                         ids=lambda value: value if isinstance(value, str) else f"{value.event}-{value.target}")
def test_each_staff_or_system_decision_sends_the_candidate_a_message(world, key, transition):
    application = application_of(ZHANG, state=transition.source[0], type_key=key)
    application.history.append(HistoryEntry(event=transition.event, from_state=transition.source[0],
                                            to_state=transition.target, actor_kind="staff", actor_name="审核员",
                                            at=application.created_at, comment="材料不全"))
    workflow = types.of(key).workflow

    sent = messages.send(application, workflow, 0)

    if (key, transition.event, transition.target) in SILENT:
        assert sent is False
        return
    assert sent, f"{key}: {transition.event} → {transition.target} tells the candidate nothing"
    told = Message.objects.get(origin=f"decision:{application.pk}:0")
    assert told.title and "张明：" in told.body and told.sender == "审核员"
    if transition.comment_required:
        assert "理由：材料不全" in told.body


def test_the_listed_silent_decisions_are_decisions_of_their_types():
    assert set(SILENT) <= {(key, t.event, t.target) for key, t in decisions()}
