"""Everything a workflow definition names is offered to administrators with a description in Chinese: the checks
(guards), follow-ups (effects), input kinds, time stamps and roles."""
import re

import pytest

from app import roles
from workflows import registry, types
from workflows.spec import STAMPS

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("names, labels", [(registry.GUARDS, registry.GUARD_LABELS),
                                           (registry.EFFECTS, registry.EFFECT_LABELS),
                                           (registry.INPUTS, registry.INPUT_LABELS)])
def test_every_registered_check_follow_up_and_input_kind_has_a_description(app_ctx, names, labels):
    assert names and set(labels) == set(names)
    assert [name for name in names if not CHINESE.search(str(labels[name]))] == []


@pytest.mark.parametrize("register", [registry.guard, registry.effect, registry.input_kind])
def test_nothing_is_registered_without_a_description(register):
    with pytest.raises(TypeError, match="label"):
        register("undescribed")


def test_every_stamp_and_role_a_workflow_names_has_a_label(app_ctx):
    named = {t.stamp for kind in types.SHIPPED.values() for t in kind.workflow.transitions if t.stamp}
    assert named and named <= set(STAMPS) and all(CHINESE.search(str(label)) for label in STAMPS.values())
    assert set(roles.SCOPES) <= set(roles.LABELS)
    assert all(CHINESE.search(str(label)) for label in roles.LABELS.values())
