"""A release that ships a definition different from an administrator's version leaves theirs in effect and records
the shipped body as an update waiting for their decision."""
import copy
import logging
import types

import pytest

from app.models import ShippedDefinition, WorkflowDefinition
from app.services import applications
from app.services.definitions import UpdateDecided
from forms.definitions import EXEMPTION_FORM
from forms.engine import form_definitions
from workflows.definitions import EXEMPTION
from workflows.engine import workflow_definitions, workflow_of


def release(definition, **states):
    """`definition` as a later release ships it: with these state labels changed."""
    body = copy.deepcopy(definition.to_data())
    body["states"].update(states)
    return types.SimpleNamespace(key=definition.key, to_data=lambda: copy.deepcopy(body))


def edit_by_admin(**states):
    """The administrator's own version of the exemption workflow, in effect."""
    body = copy.deepcopy(WorkflowDefinition.latest("exemption").body)
    body["states"].update(states)
    return workflow_definitions.save("exemption", body, "admin", note="管理员修改")


def waiting():
    return ShippedDefinition.objects(definition="WorkflowDefinition", key="exemption", status="waiting").first()


@pytest.fixture
def admins_version(world):
    return edit_by_admin(draft="填写中")


@pytest.fixture
def update(admins_version, caplog):
    """The release after the administrator's edit renames the district review."""
    with caplog.at_level(logging.WARNING, logger="app.services.definitions"):
        workflow_definitions.ensure_shipped([release(EXEMPTION, district_review="区县初审")])
    return waiting()


def test_a_shipped_change_under_an_admins_version_waits_and_new_applications_keep_the_admins(
        update, admins_version, zhang, window, caplog):
    draft = applications.start(zhang, "exemption")

    assert update.body["states"]["district_review"] == "区县初审"
    assert workflow_definitions.latest("exemption")[0] == admins_version.version == 2
    assert (draft.workflow_version, workflow_of(draft).state_label("draft")) == (2, "填写中")
    assert [r.levelname for r in caplog.get_records("setup") if "exemption" in r.getMessage()] == ["WARNING"]


def test_starting_again_with_the_same_shipped_body_records_nothing_new(update):
    workflow_definitions.ensure_shipped([release(EXEMPTION, district_review="区县初审")])

    assert ShippedDefinition.objects(key="exemption", definition="WorkflowDefinition").get().revision == update.revision
    assert WorkflowDefinition.objects(key="exemption").count() == 2


def test_an_unchanged_release_under_an_admins_version_records_no_update(admins_version):
    workflow_definitions.ensure_shipped([EXEMPTION])

    assert waiting() is None


def test_a_newer_shipped_body_replaces_an_undecided_one(update):
    workflow_definitions.ensure_shipped([release(EXEMPTION, district_review="区县复核")])

    replaced = waiting()
    assert (replaced.pk, replaced.body["states"]["district_review"]) == (update.pk, "区县复核")
    assert replaced.revision == update.revision + 1


def test_over_the_systems_own_version_a_shipped_change_takes_effect_by_itself(app_ctx):
    form = copy.deepcopy(EXEMPTION_FORM.to_data())
    form["title"] = "免考申请表（新版）"

    workflow_definitions.ensure_shipped([release(EXEMPTION, district_review="区县初审")])
    form_definitions.ensure_shipped([types.SimpleNamespace(key="exemption", to_data=lambda: form)])

    assert workflow_definitions.latest("exemption")[1].state_label("district_review") == "区县初审"
    assert form_definitions.latest("exemption")[1].title == "免考申请表（新版）"
    assert ShippedDefinition.objects(status="waiting").count() == 0


def test_a_store_from_before_the_record_waits_only_for_a_body_unlike_the_last_shipped_version(admins_version):
    ShippedDefinition.objects.delete()

    workflow_definitions.ensure_shipped([EXEMPTION])
    unchanged = waiting()
    workflow_definitions.ensure_shipped([release(EXEMPTION, district_review="区县初审")])

    assert unchanged is None and waiting() is not None


def test_of_two_administrators_deciding_at_once_the_second_is_told(update):
    first, second = (ShippedDefinition.objects.get(pk=update.pk) for _ in range(2))

    workflow_definitions.keep(first, "admin")

    with pytest.raises(UpdateDecided):
        workflow_definitions.adopt(second, "admin2")
    assert ShippedDefinition.objects.get(pk=update.pk).decided_by == "admin"
    assert WorkflowDefinition.latest("exemption").version == 2
