"""Documents an earlier release stored are read by this one once the start-up migrations have run."""
import datetime

import pytest
from mongoengine.connection import get_db

from app import migrations
from app.models import Application, Candidate, WorkflowDefinition
from usecases import applications
from tests.fixtures import candidate_client, staff_client, text
from application_types.recheck.workflow import RECHECK
from workflows.engine import TransitionNotAllowed, fire

from application_types.recheck.tests.test_recheck import at_province, in_app, latest_score, recheck_open  # noqa: F401  (fixtures)

ZHANG = "080105408130"


def test_a_candidate_stored_with_the_old_lockout_fields_signs_in(app, world):
    get_db().candidates.update_one({"exam_number": ZHANG}, {"$set": {"failed_logins": 0, "locked_until": None}})

    migrations.run()

    assert Candidate.objects.get(exam_number=ZHANG).name == "张明"
    assert candidate_client(app, ZHANG).get("/profile").status_code == 200


def test_a_correction_stored_as_old_and_new_mark_reads_as_old_to_new(app, world, zhang):
    score = latest_score(zhang)
    get_db().scores.update_one({"_id": score.pk}, {"$set": {"history": [
        {"old_mark": 72, "new_mark": 80, "application": "x", "at": datetime.datetime(2024, 11, 6, 16, 0)}]}})

    migrations.run()

    page = staff_client(app, "province").get(f"/scoreview/show/{score.pk}")
    assert page.status_code == 200 and "72 → 80（2024-11-06 16:00）" in text(page)


def _first_release_recheck():
    """Score recheck as the first release stored it: one reject for both stages, the corrected mark read from the
    comment by a guard the code no longer has."""
    body = RECHECK.to_data()
    rejects = [t for t in body["transitions"] if t["event"] == "reject"]
    body["transitions"] = [t for t in body["transitions"] if t["event"] != "reject"] + [
        {"event": "reject", "from": [s for t in rejects for s in t["from"]], "to": "rejected",
         "by": [r for t in rejects for r in t["by"]], "comment_required": True}]
    for t in body["transitions"]:
        if t["event"] == "correct":
            t.pop("inputs", None)
            t["guards"] = ["corrected_mark_given"]
    return body


@pytest.fixture
def on_first_release(at_province):
    """A recheck at the provincial stage, pinned to the first release's version (v1); the current one is v2."""
    WorkflowDefinition.objects(key="recheck").update(set__body=_first_release_recheck())
    applications.clear_caches()
    applications.ensure_shipped()
    assert WorkflowDefinition.latest("recheck").version == 2
    Application.objects(pk=at_province.pk).update_one(set__workflow_version=1)
    return at_province.reload()


def test_a_version_naming_a_retired_rule_is_refused_in_words_not_with_an_error(on_first_release, province_reviewer):
    with pytest.raises(TransitionNotAllowed, match="已停用的规则 corrected_mark_given"):
        fire(on_first_release, "correct", province_reviewer, comment="第2题漏判，更正为80分")
    assert on_first_release.reload().state == "provincial_review"


def test_a_recheck_under_way_moves_to_the_version_that_asks_for_the_mark(on_first_release, zhang, heping_reviewer,
                                                                         province_reviewer):
    migrations.run()

    application = on_first_release.reload()
    assert application.workflow_version == 2
    with pytest.raises(TransitionNotAllowed):  # the district has no action left
        fire(application, "reject", heping_reviewer, comment="迟到的驳回")
    fire(application, "correct", province_reviewer, comment="第2题漏判，更正为80分", inputs={"mark": "80"})
    assert application.reload().state == "corrected" and latest_score(zhang).mark == 80


def test_each_migration_runs_once(app, world):
    migrations.run()
    get_db().candidates.update_one({"exam_number": ZHANG}, {"$set": {"failed_logins": 0}})

    migrations.run()  # already applied: left alone

    assert get_db().candidates.find_one({"exam_number": ZHANG})["failed_logins"] == 0
    assert {entry["_id"] for entry in get_db().migrations.find()} == {name for name, _f in migrations.MIGRATIONS}
