"""The demo data: real codes from the manuals, a reviewer in every district, safe to load twice."""
from bson import ObjectId

from app import roles
from app.models import Candidate, Course, District, Major, MajorPlan, PlanModule, Score
from app.services import demo, photos
from app.services import demo_catalogue as data
from app.services import files


def test_seeding_twice_creates_nothing_the_second_time(app):
    with app.app_context():
        first = demo.seed()
        second = demo.seed()

    assert first["majors"] == 4 and first["candidates"] >= 10 and first["scores"] > 50
    assert set(second.values()) == {0}


def test_the_manuals_majors_and_plans_are_there(app, world):
    with app.app_context():
        levels = {m.code: m.level for m in Major.objects}
        law_core = PlanModule.objects(plan=MajorPlan.objects.get(major=Major.objects.get(code="030101K")),
                                      name="基础课程").get()

    assert levels == {"030101K": "本科", "120402": "本科", "120103": "本科", "690206": "专科"}
    # seed 000 §10.6: nine required courses, 42 credits.
    assert len(law_core.required_courses) == 9 and sum(c.credits for c in law_core.required_courses) == 42


def test_seed_004_english_course_and_seed_003_scores(app, world):
    with app.app_context():
        english = Course.objects.get(code="13000")
        li_hua = Candidate.objects.get(exam_number="414817170542")
        exemption = Score.objects.get(candidate=li_hua, course=Course.objects.get(code="00015"))

    assert (english.name, english.credits) == ("英语(专升本)", 7)
    assert Score.objects(candidate=li_hua).count() == 16
    assert (exemption.source, exemption.display_mark, exemption.passed) == ("exemption", "通过", True)


def test_staff_accounts_cover_every_role_and_every_district(app, world):
    with app.app_context():
        users = {u.username: u for u in app.appbuilder.sm.get_all_users()}
        role_names = {r.name for u in users.values() for r in u.roles}
        reviewed = [u.district_code for u in users.values() if roles.DISTRICT_REVIEWER in {r.name for r in u.roles}]
        districts = sorted(District.objects.scalar("code"))
        listed = demo.accounts_text()

    assert role_names == set(roles.STAFF_ROLES)
    assert sorted(reviewed) == districts and len(districts) == len(data.DISTRICTS)
    assert all(user in listed for user in ("heping", "hedong", "hexi", "nankai", "xiaodian", "xining"))


def test_seed_demo_command_reports_and_lists_the_accounts(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    again = app.test_cli_runner().invoke(args=["seed-demo"])

    assert result.exit_code == 0 and "majors 4" in result.output
    assert "080105408130" in result.output and "heping" in result.output
    assert "majors 0" in again.output


def test_every_verified_candidate_has_a_registration_photo_or_was_verified_on_site(app, world):
    with app.app_context():
        verified = list(Candidate.objects(identity_verified=True))
        kept = [files.read(ObjectId(c.verified_photo_id))[0] for c in verified if c.verified_photo_id]
        on_site = sorted(c.exam_number for c in verified if not c.verified_photo_id)

        assert len(verified) == Candidate.objects.count() and len(kept) == len(verified) - len(on_site)
        assert all(photos.registration_photo(photo) == [] for photo in kept)
    assert on_site == [f"24{n:010d}" for n in range(demo.ON_SITE_EVERY, demo.GENERATED_CANDIDATES + 1,
                                                    demo.ON_SITE_EVERY)]
