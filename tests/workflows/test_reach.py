"""What reviewers reach: only the types their roles review, within their scope, and never a candidate's draft."""
import hashlib

import pytest

import application_types  # noqa: F401  (registers the shipped types, read below at import)
from app.models import Application, BusinessType
from app.services import files
from tests.fixtures import jpeg, staff_client, text
from usecases import applications
from forms.builder import form_definitions
from workflows.engine import recount_tallies, workflow_definitions
from workflows.types import SHIPPED as SHIPPED_TYPES

STAFF = ("admin", "heping", "province", "tjnu")
# The types each demo reviewer's role reviews (the workflows give that role a transition); the province stands in for
# the districts, so it reaches theirs too; the admin reaches all.
DISTRICTS = {"exemption", "merge", "identity", "change", "backfill", "transfer_in", "recheck", "graduation",
             "registration_review"}
REVIEWS = {"heping": DISTRICTS,
           "province": DISTRICTS | {"transfer_out"},
           "tjnu": {"graduation", "thesis"}, "admin": set(SHIPPED_TYPES)}


# A state past the draft in which no reviewer acts, where "withdrawn" is not one.
ENDED = {"graduation": "cancelled", "registration_review": "approved"}


def application_of(zhang, type_key, state=None):
    """张明's application of `type_key`, with one attachment; in `state` when given (the world: it got there)."""
    application = applications.start(zhang, type_key) if SHIPPED_TYPES[type_key].applied_for else _sent(zhang, type_key)
    content = jpeg()
    update = {"push__attachments": files.store(files.CheckedFile(content, "id.jpg", "JPEG",
                                                                 hashlib.sha256(content).hexdigest()), "proof")}
    if state:
        update["set__state"] = state
    Application.objects(pk=application.pk).update_one(**update)
    recount_tallies()  # as the engine would have counted it on the way
    return application.reload()


def _sent(zhang, type_key):
    """A draft of a type candidates do not apply for, as the flow that sends it makes one."""
    version, workflow = workflow_definitions.latest(type_key)
    return Application(type=type_key, candidate=zhang, district=zhang.district, major=zhang.major,
                       candidate_name=zhang.name, exam_number=zhang.exam_number, workflow_key=type_key,
                       workflow_version=version, form_key=type_key, form_version=form_definitions.latest(type_key)[0],
                       state=workflow.initial).save()


def reached(client, application):
    """Each way a reviewer could reach the application: in the list, its page, its file, a decision, in bulk."""
    pk, file_id = application.pk, application.attachments[0].file_id
    listed_page = client.get("/applicationview/list/?queue=all").get_data(True)
    bulk = text(client.post("/applicationview/action_post", data={"action": "approve_selected", "rowid": [str(pk)]},
                            follow_redirects=True))
    return {"list": f"/applicationview/show/{pk}" in listed_page,
            "show": client.get(f"/applicationview/show/{pk}").status_code != 404,
            "file": client.get(f"/applicationview/file/{pk}/{file_id}").status_code != 404,
            "review": client.post(f"/applicationview/review/{pk}", data={
                "event": "approve", "version": application.version}).status_code != 404,
            "bulk": "共选择 0 件" not in bulk}


@pytest.mark.parametrize("user", STAFF)
def test_a_draft_belongs_to_the_candidate_alone(app, world, zhang, user):
    drafts = {type_key: application_of(zhang, type_key) for type_key in SHIPPED_TYPES}
    client = staff_client(app, user)

    assert {key: reached(client, draft) for key, draft in drafts.items()} == {
        key: dict.fromkeys(("list", "show", "file", "review", "bulk"), False) for key in drafts}
    assert {(draft.reload().state, len(draft.history)) for draft in drafts.values()} == {("draft", 0)}


@pytest.mark.parametrize("user", STAFF)
def test_reviewers_reach_only_the_types_their_roles_review(app, world, zhang, user):
    # Past the draft, in a state no reviewer acts in, so reaching it changes nothing.
    ended = {type_key: application_of(zhang, type_key, state=ENDED.get(type_key, "withdrawn")) for type_key in SHIPPED_TYPES}
    client = staff_client(app, user)

    assert {key: reached(client, application) for key, application in ended.items()} == {
        key: dict.fromkeys(("list", "show", "file", "review", "bulk"), key in REVIEWS[user]) for key in ended}
    assert all(not application.reload().history for application in ended.values())


@pytest.mark.parametrize("user", STAFF)
def test_the_menu_offers_the_queues_of_the_types_the_role_reviews(app, world, user):
    page = text(staff_client(app, user).get("/applicationview/list/"))

    offered = {key for key, kind in SHIPPED_TYPES.items() if f"{kind.title}审核" in page}

    assert offered == REVIEWS[user]


def test_a_university_reviewer_sees_graduation_of_its_majors_only(app, world, zhang):
    from app.models import Candidate

    theirs = application_of(zhang, "graduation", state="final_review")
    other = application_of(Candidate.objects.get(exam_number="011421104387"), "graduation", state="final_review")
    tjnu = staff_client(app, "tjnu")

    page = tjnu.get("/applicationview/list/").get_data(True)

    assert f"/applicationview/show/{theirs.pk}" in page
    assert f"/applicationview/show/{other.pk}" not in page
    assert tjnu.get(f"/applicationview/show/{other.pk}").status_code == 404


def test_the_review_menu_names_each_queue_by_its_business_types_stored_title(app, world):
    BusinessType.objects(key="exemption").update_one(set__title="课程免考")
    page = text(staff_client(app, "heping").get("/applicationview/list/"))

    assert "课程免考审核" in page and "免考申请审核" not in page
