"""Tests start from the stores as seeded, whatever the tests before them changed (tests/snapshot.py)."""
from app import roles
from app.extensions import db
from app.models import BusinessType, Candidate
from workflows import types

ZHANG = "080105408130"


def change_everything(app):
    """Rename 张明 in place, add a candidate, delete a score; rename a staff user and add one."""
    zhang = Candidate.objects.get(exam_number=ZHANG)
    Candidate.objects(pk=zhang.pk).update_one(set__name="改了名")
    Candidate(exam_number="250000000001", id_number="120101199001010011", name="新考生", phone="13700000001",
              district=zhang.district, password_hash="x").save()
    Candidate._get_collection().database["scores"].delete_one({"candidate": zhang.pk})
    security = app.appbuilder.sm
    security.find_user(username="heping").first_name = "改了名的"
    security.add_user("intruder", "外", "人", "intruder@example.com", [security.find_role(roles.ADMIN)],
                      password="x")
    db.session.commit()


def as_seeded(app, scores):
    zhang = Candidate.objects.get(exam_number=ZHANG)
    security = app.appbuilder.sm
    return (zhang.name == "张明" and Candidate.objects(exam_number="250000000001").count() == 0
            and Candidate._get_collection().database["scores"].count_documents({"candidate": zhang.pk}) == scores
            and security.find_user(username="heping").first_name == "和平区"
            and security.find_user(username="intruder") is None)


def test_what_a_test_changes_in_either_store_is_undone_for_the_next_one_however_often(app, snapshots, world):
    with app.app_context():
        scores = Candidate._get_collection().database["scores"].count_documents(
            {"candidate": Candidate.objects.get(exam_number=ZHANG).pk})
        for _test in range(2):  # the second time proves the restored documents were copies, not the snapshot's
            change_everything(app)
            assert not as_seeded(app, scores)

            snapshots["world"].restore()

            assert as_seeded(app, scores)


def test_a_test_without_the_world_starts_with_the_shipped_types_and_no_one(app):
    with app.app_context():
        assert Candidate.objects.count() == 0
        assert {kind.key for kind in BusinessType.objects} == set(types.SHIPPED)
        assert app.appbuilder.sm.find_user(username="admin") is None
