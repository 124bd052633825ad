"""What reviewers reach: only the types their roles review, within their scope, and never a candidate's draft."""
import hashlib

import pytest

from app.models import Application
from app.services import applications
from app.services.applications import SHIPPED_TYPES
from forms import files
from tests.conftest import jpeg, staff_client, text

STAFF = ("admin", "heping", "province", "tjnu")
# The types each demo reviewer's role reviews (the workflows give that role a transition); the admin reaches all.
REVIEWS = {"heping": {"exemption", "merge", "identity", "change", "backfill", "transfer_in", "recheck", "graduation"},
           "province": {"exemption", "transfer_out", "transfer_in", "recheck", "graduation"},
           "tjnu": {"graduation"}, "admin": set(SHIPPED_TYPES)}


def application_of(zhang, type_key, state=None):
    """张明's application of `type_key`, with one attachment; in `state` when given (the world: it got there)."""
    application = applications.start(zhang, type_key)
    content = jpeg()
    update = {"push__attachments": files.store(files.CheckedFile(content, "id.jpg", "JPEG",
                                                                 hashlib.sha256(content).hexdigest()), "proof")}
    if state:
        update["set__state"] = state
    Application.objects(pk=application.pk).update_one(**update)
    return application.reload()


def reached(client, application):
    """Each way a reviewer could reach the application: in the list, its page, its file, a decision, in bulk."""
    pk, file_id = application.pk, application.attachments[0].file_id
    listed_page = client.get("/applicationview/list/").get_data(True)
    bulk = text(client.post("/applicationview/action_post", data={"action": "approve_selected", "rowid": [str(pk)]},
                            follow_redirects=True))
    return {"list": f"/applicationview/show/{pk}" in listed_page,
            "show": client.get(f"/applicationview/show/{pk}").status_code != 404,
            "file": client.get(f"/applicationview/file/{pk}/{file_id}").status_code != 404,
            "review": client.post(f"/applicationview/review/{pk}", data={
                "event": "approve", "version": application.version}).status_code != 404,
            "bulk": "共选择 0 件" not in bulk}


@pytest.mark.parametrize("type_key", sorted(SHIPPED_TYPES))
def test_a_draft_belongs_to_the_candidate_alone(app, world, zhang, type_key):
    draft = application_of(zhang, type_key)

    for user in STAFF:
        assert reached(staff_client(app, user), draft) == dict.fromkeys(
            ("list", "show", "file", "review", "bulk"), False), user
    assert draft.reload().state == "draft" and draft.history == []


@pytest.mark.parametrize("type_key", sorted(SHIPPED_TYPES))
def test_reviewers_reach_only_the_types_their_roles_review(app, world, zhang, type_key):
    # Past the draft, in a state no reviewer acts in, so reaching it changes nothing.
    application = application_of(zhang, type_key, state="withdrawn" if type_key != "graduation" else "cancelled")

    for user in STAFF:
        expected = type_key in REVIEWS[user]
        assert reached(staff_client(app, user), application) == dict.fromkeys(
            ("list", "show", "file", "review", "bulk"), expected), user
    assert application.reload().history == []


@pytest.mark.parametrize("user", STAFF)
def test_the_menu_offers_the_queues_of_the_types_the_role_reviews(app, world, user):
    page = text(staff_client(app, user).get("/applicationview/list/"))

    offered = {key for key, (title, _w, _f) in SHIPPED_TYPES.items() if f"{title}审核" in page}

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
