"""Score publication 成绩公布: a sitting's exam scores stay hidden from candidates until the time an administrator
sets, on every page that reads them; then the recheck window counts from that time, and each candidate with a score
of the sitting is told once by a site message."""
import datetime
import re

import pytest
from mongoengine.connection import get_db

from app import migrations
from app.models import AuditEntry, Candidate, Course, Message, Score, Sitting
from app.services import publication
from bench.roundtrips import counting
from tests.fixtures import candidate_client, staff_client, text
from usecases import applications
from usecases.jobs import announce_scores
from workflows.engine import GuardRefused, fire

from application_types.recheck.tests.test_recheck import drafted, latest_score, recheck_open  # noqa: F401

ZHANG, WANG = "080105408130", "011421104387"
TITLE = "成绩已公布"


def publish(code, at):
    """The sitting `code` publishes its scores at `at` (None: no time set), not announced yet."""
    Sitting.objects(code=code).update_one(upsert=True, set__scores_published_at=at, unset__scores_announced_at=True)


def hours(n):
    return datetime.datetime.now() + datetime.timedelta(hours=n)


@pytest.fixture
def wang(app, world):
    return candidate_client(app, WANG)


# --- What a candidate sees ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("at", [None, "later"])
def test_before_the_publication_time_the_scores_page_leaves_the_sitting_out(wang, at):
    publish("2024-04", hours(1) if at else None)

    page = text(wang.get("/scores"))

    assert "2024-04" not in page and "企业管理概论（00144） 5 77" not in page
    assert "当次成绩（2023-10）" in page  # the latest sitting published is the current one


def test_from_the_publication_time_on_the_scores_page_shows_the_sitting(wang):
    publish("2024-04", hours(-0.01))

    page = text(wang.get("/scores"))

    assert "当次成绩（2024-04）" in page and "企业管理概论（00144） 5 77 2024-04 考试" in page


def test_history_from_before_the_platform_and_scores_not_from_an_exam_always_show(app, world, wang):
    candidate = Candidate.objects.get(exam_number=WANG)
    Score(candidate=candidate, exam_number=WANG, course=Course.objects.get(code="00015"), grade="通过",
          sitting="2024-04", source="exemption").save()
    publish("2024-04", hours(1))

    page = text(wang.get("/scores"))

    assert "英语(二)（00015）" in page and "2024-04 免考" in page
    assert "2023-10" in page and not Sitting.objects(code="2023-10").first()  # no sitting kept: history shows


def test_the_exam_plan_counts_only_published_scores(wang):
    before = text(wang.get("/plan"))
    publish("2024-04", hours(1))

    after = text(wang.get("/plan"))

    assert "00144 企业管理概论 5 已通过 77 2024-04" in before
    assert "00144 企业管理概论" in after and "77 2024-04" not in after


def test_the_graduation_pre_check_audits_only_published_scores(app, world):
    zhang = candidate_client(app, ZHANG)
    publish("2023-10", hours(2))

    hidden = text(zhang.get("/graduation/check"))
    publish("2023-10", hours(-1))
    shown = text(zhang.get("/graduation/check"))

    assert "13144_犯罪学(72)" not in hidden and "可以申请毕业" not in hidden
    assert "13144_犯罪学(72)" in shown and "已完成毕业所需课程，可以申请毕业！" in shown


def test_staff_still_see_a_score_not_published(app, world):
    score = Score.objects.get(candidate=Candidate.objects.get(exam_number=WANG), sitting="2024-04",
                              course=Course.objects.get(code="00144"))
    publish("2024-04", hours(1))

    page = text(staff_client(app, "province").get(f"/scoreview/show/{score.pk}"))

    assert "企业管理概论" in page and "77" in page


def test_registration_marks_as_passed_only_a_published_pass(app, world):
    from app.services import registrations

    candidate = Candidate.objects.get(exam_number=WANG)  # passed 00144 in 2024-04 only, 00322 in 2023-10
    sitting = Sitting.objects(registration_opens_at__ne=None).order_by("-code").first()
    publish("2024-04", hours(1))
    registrations.forget_offers()

    with app.test_request_context():
        hidden = registrations.rules(candidate, sitting)
        publish("2024-04", hours(-1))
        registrations.forget_offers()
        shown = registrations.rules(candidate, sitting)

    assert not hidden.by_code["00144"].passed and shown.by_code["00144"].passed
    assert hidden.by_code["00322"].passed and shown.by_code["00322"].passed


def test_the_scores_pages_cost_the_same_round_trips_whatever_is_hidden(app, wang):
    def trips(url):
        with app.app_context(), counting() as counted:
            assert wang.get(url).status_code == 200
        return counted.mongo

    shown = {url: trips(url) for url in ("/scores", "/plan")}
    publish("2024-04", hours(1))
    Sitting(code="2025-10", scores_published_at=hours(5)).save()

    assert {url: trips(url) for url in shown} == shown


# --- Score recheck --------------------------------------------------------------------------------------------------

def choice(client):
    step = client.post("/apply/recheck/notice", data={"agree": "y"}).location
    return text(client.get(step))


def test_the_recheck_offers_a_sittings_scores_only_once_published(app, recheck_open):
    zhang = candidate_client(app, ZHANG)
    publish("2023-10", hours(1))
    before = choice(zhang)
    publish("2023-10", hours(-1))
    after = choice(zhang)

    assert "2023-10 考次" not in before and "13144" not in before
    assert "犯罪学（13144）2023-10 考次：72" in after


@pytest.mark.parametrize("published, now, said", [
    (datetime.datetime(2024, 11, 1, 10, 0), datetime.datetime(2024, 11, 1, 9, 59),
     "2023-10 考次的成绩将于 2024-11-01 10:00 公布，公布后方可申请复核。"),
    # Friday 10:00: the third working day after is Wednesday, whatever the hour.
    (datetime.datetime(2024, 11, 1, 10, 0), datetime.datetime(2024, 11, 7, 0, 0),
     "成绩复核须在成绩公布（2024-11-01）后3个工作日内申请，截止日期为 2024-11-06，已超过申请期限。"),
])
def test_the_recheck_window_counts_from_the_publication_time(app_ctx, recheck_open, zhang, candidate, published, now,
                                                             said):
    publish("2023-10", published)
    application = drafted(zhang, latest_score(zhang))

    with pytest.raises(GuardRefused, match=re.escape(said)):
        applications.submit(application, candidate, now=now)

    assert application.reload().state == "draft"


def test_a_recheck_of_a_sitting_without_a_publication_time_is_refused(app_ctx, recheck_open, zhang, candidate):
    publish("2023-10", None)
    application = drafted(zhang, latest_score(zhang))

    with pytest.raises(applications.StepInvalid, match="不是有效的选择"):  # the form does not offer it
        applications.submit(application, candidate)
    with pytest.raises(GuardRefused, match="2023-10 考次的成绩尚未公布，暂不能申请复核。"):
        fire(application, "submit", candidate, publish={"data": dict(application.working), "attachments": [],
                                                        "items": []})


@pytest.mark.parametrize("now", [datetime.datetime(2024, 11, 1, 10, 0), datetime.datetime(2024, 11, 6, 23, 59)])
def test_the_recheck_is_open_from_the_publication_time_to_its_last_working_day(app_ctx, recheck_open, zhang, candidate,
                                                                             now):
    publish("2023-10", datetime.datetime(2024, 11, 1, 10, 0))

    submitted = applications.submit(drafted(zhang, latest_score(zhang)), candidate, now=now)

    assert submitted.state == "awaiting_form"


# --- The staff form -------------------------------------------------------------------------------------------------

def sitting_form(**changed):
    return {"code": "2031-04", "max_courses": "4", **changed}


def test_an_administrator_sets_the_publication_time_and_it_is_audited(app, admin_client):
    added = admin_client.post("/sittingview/add", data=sitting_form(scores_published_at="2031-05-20 09:30"))

    sitting = Sitting.objects.get(code="2031-04")
    assert added.status_code == 302 and sitting.scores_published_at == datetime.datetime(2031, 5, 20, 9, 30)
    shown = text(admin_client.get(f"/sittingview/show/{sitting.pk}"))
    assert "成绩公布时间 2031-05-20 09:30" in shown
    entry = AuditEntry.objects(action="add").order_by("-at").first()
    assert "2031-05-20 09:30" in str(entry.changes.get("scores_published_at"))


@pytest.mark.parametrize("value, message", [
    ("下周一", "不是有效的日期与时间值。"),
    ("2031-13-01 09:00", "不是有效的日期与时间值。"),
    ("2031-05-20 25:00", "不是有效的日期与时间值。"),
])
def test_a_bad_publication_time_is_refused_with_its_reason(app, admin_client, value, message):
    response = admin_client.post("/sittingview/add", data=sitting_form(scores_published_at=value))

    assert response.status_code == 200 and message in text(response)
    assert not Sitting.objects(code="2031-04").first()


# --- Telling the candidates -----------------------------------------------------------------------------------------

def told(code):
    return list(Message.objects(origin__startswith=f"scores_published:{code}:"))


def with_scores(code):
    """The candidates with an exam score of sitting `code`."""
    return set(Score.objects(sitting=code, source="exam").no_dereference().scalar("candidate"))


def test_at_the_publication_time_each_candidate_with_a_score_is_told_once(app_ctx, world):
    publish("2024-04", hours(1))
    assert not publication.due() and publication.announce_due() == 0

    publish("2024-04", hours(-0.01))
    assert publication.due()
    sent = publication.announce_due()

    messages = told("2024-04")
    assert sent == len(messages) == len(with_scores("2024-04")) > 0
    assert {m.recipient.pk for m in messages} == {ref.id for ref in with_scores("2024-04")}
    assert {(m.title, m.body) for m in messages} == {(TITLE, "2024年04月考试成绩已公布，请登录查看当次成绩。")}
    assert not publication.due() and Sitting.objects.get(code="2024-04").scores_announced_at is not None
    publish("2024-04", hours(-0.01))  # announced again by mistake: nobody is told twice
    assert publication.announce_due() == 0 and len(told("2024-04")) == sent


def test_a_candidate_without_a_score_of_the_sitting_is_not_told(app, world):
    li = Candidate.objects.get(exam_number="414817170542")
    assert li.pk not in {ref.id for ref in with_scores("2024-04")}
    publish("2024-04", hours(-1))

    with app.app_context():
        publication.announce_due()

    assert not Message.objects(recipient=li, title=TITLE)
    page = text(candidate_client(app, WANG).get("/messages"))
    assert TITLE in page


def test_the_job_records_how_many_it_told(app, world):
    from app.jobs.queue import KINDS, Report
    from app.models import Job

    publish("2024-04", hours(-1))
    with app.app_context():
        assert KINDS["announce_scores"].due()
        job = Job(kind="announce_scores", title="通知考生成绩已公布").save()
        result = announce_scores(Report(job.pk))

    assert result.counts["sent"] == len(with_scores("2024-04"))
    assert job.reload().total == result.counts["sent"]


def test_a_score_imported_after_publication_is_announced_to_its_candidate_once(app_ctx, world):
    publish("2024-04", hours(-1))
    publication.announce_due()
    li = Candidate.objects.get(exam_number="414817170542")
    Score(candidate=li, exam_number=li.exam_number, course=Course.objects.get(code="00144"), mark=66,
          sitting="2024-04").save()
    wang = Candidate.objects.get(exam_number=WANG)

    assert publication.announce("2024-04", [li.pk, wang.pk]) == 1  # 王 was told already
    assert publication.announce("2024-04", [li.pk]) == 0
    assert [m.body for m in Message.objects(recipient=li, title=TITLE)] == ["2024年04月考试成绩已公布，请登录查看当次成绩。"]


def test_a_score_imported_before_publication_is_announced_only_by_the_job(app_ctx, world):
    publish("2024-04", hours(1))
    wang = Candidate.objects.get(exam_number=WANG)

    assert publication.announce("2024-04", [wang.pk]) == 0
    assert publication.announce("2029-04", [wang.pk]) == 0  # no such sitting
    assert not told("2024-04")


# --- Stores from the release that kept a date -----------------------------------------------------------------------

def test_a_stored_publication_date_becomes_that_day_at_midnight(app, world):
    db = get_db()
    db.sittings.update_one({"code": "2024-04"}, {"$set": {"scores_published_on": datetime.datetime(2024, 5, 20)},
                                                 "$unset": {"scores_published_at": ""}})
    db.sittings.insert_one({"code": "2040-04", "scores_published_on": datetime.datetime(2040, 5, 20),
                            "max_courses": 4})
    db.migrations.delete_one({"_id": "sitting-scores-published-at"})

    with app.app_context():
        migrations.run()
        assert not publication.due(), "a publication before the release is not announced years later"

    stored = db.sittings.find_one({"code": "2024-04"})
    assert stored["scores_published_at"] == datetime.datetime(2024, 5, 20) and "scores_published_on" not in stored
    later = Sitting.objects.get(code="2040-04")
    assert later.scores_published_at == datetime.datetime(2040, 5, 20) and later.scores_announced_at is None
    assert "当次成绩（2024-04）" in text(candidate_client(app, WANG).get("/scores"))
