"""Record merge 成绩归一/合档: other numbers, the district's on-site check, scores joining, duplicates chosen."""
import pytest

from app.models import Application, Candidate, Course, Score
from usecases import applications
from tests.fixtures import candidate_client, staff_client, text


def sources(*numbers):
    slots = {}
    for slot, (kind, number) in enumerate(numbers):
        slots[f"sources-{slot}-kind"] = kind
        slots[f"sources-{slot}-{kind}"] = number
    return slots


@pytest.fixture
def zhang_client(app, world, window):
    return candidate_client(app, "080105408130")


def start(client):
    response = client.post("/apply/merge/notice", data={"agree": "y"})
    assert response.status_code == 302, text(response)
    return response.location


def test_the_district_confirms_and_the_old_records_scores_join(app, zhang_client, zhang):
    step = start(zhang_client)
    saved = zhang_client.post(step, data=sources(("exam_number", "019901234567"), ("file_number", "0301012345")))
    assert saved.status_code == 302
    application_id = step.split("/")[2]
    assert zhang_client.post(f"/applications/{application_id}/submit").status_code == 302

    heping = staff_client(app, "heping")
    application = Application.objects.get(pk=application_id)
    heping.post(f"/applicationview/review/{application_id}", data={"event": "approve", "version": application.version})

    assert Application.objects.get(pk=application_id).state == "merged"
    assert Score.objects(exam_number__in=["019901234567", "0301012345"], candidate=zhang).count() == 2
    assert set(zhang.reload().other_exam_numbers) == {"019901234567", "0301012345"}
    assert Candidate.objects.get(exam_number="019901234567").active is False
    assert "行政法学（00261）" in text(zhang_client.get("/scores"))
    assert "知识产权法（00226）" in text(zhang_client.get("/scores/duplicates"))


@pytest.mark.parametrize("posted, message", [
    (sources(("exam_number", "12345")), "准考证号为12位数字。"),
    (sources(("file_number", "03010123")), "档案号为10位数字：5位专业代码加5位考生号。"),
    (sources(("exam_number", "")), "请填写准考证号。"),
    ({}, "请至少填写1项需要合并的号码。"),
])
def test_bad_numbers_are_refused_with_the_reason(zhang_client, posted, message):
    step = start(zhang_client)

    response = zhang_client.post(step, data=posted)

    assert response.status_code == 200 and message in text(response)
    assert Application.objects.get(pk=step.split("/")[2]).working.get("sources") is None


def test_a_number_of_the_other_kind_is_not_kept(zhang_client):
    step = start(zhang_client)
    posted = {**sources(("exam_number", "019901234567")), "sources-0-file_number": "0301012345"}

    assert zhang_client.post(step, data=posted).status_code == 302

    entry = Application.objects.get(pk=step.split("/")[2]).working["sources"]["0"]
    assert entry["exam_number"] == "019901234567" and "file_number" not in entry


def test_merging_again_moves_nothing_more(app, zhang, window):
    from application_types.merge.effects import merge_records
    from workflows.engine import Actor, fire

    from tests.workflows.fixtures import staff

    application = applications.start(zhang, "merge")
    Application.objects(pk=application.pk).update_one(
        set__working={"sources": {"0": {"kind": "exam_number", "exam_number": "019901234567"}}})
    application = applications.submit(application.reload(), Actor.for_candidate(zhang))
    fire(application, "approve", staff("和平区审核员", "district_reviewer", "district", "120101"))

    assert merge_records(application) == "moved 0 scores from 1 numbers"
    assert zhang.reload().other_exam_numbers == ["019901234567"]


def test_the_candidate_chooses_which_of_two_passes_counts(app, zhang, zhang_client):
    law = Course.objects.get(code="00226")
    Score.objects(exam_number="019901234567").update(set__candidate=zhang)
    older = Score.objects.get(candidate=zhang, course=law, mark=65)
    newer = Score.objects.get(candidate=zhang, course=law, mark=81)

    page = text(zhang_client.get("/scores/duplicates"))
    chosen = zhang_client.post("/scores/duplicates", data={"score": str(older.pk)}, follow_redirects=True)

    assert "知识产权法（00226）" in page
    assert "已保存：该课程以所选成绩计入。" in text(chosen)
    assert (older.reload().counts, newer.reload().counts) == (True, False)


def test_a_candidate_cannot_choose_someone_elses_score(app, zhang_client):
    theirs = Score.objects(candidate=Candidate.objects.get(exam_number="011421104387")).first()

    response = zhang_client.post("/scores/duplicates", data={"score": str(theirs.pk)}, follow_redirects=True)

    assert "请选择本人的一条合格成绩。" in text(response)
    assert theirs.reload().counts is True


@pytest.fixture
def merged(app, zhang, window):
    """张明's old record 019901234567 and his file number 0301012345, merged into 080105408130 by the district."""
    from workflows.engine import Actor, fire

    from tests.workflows.fixtures import staff

    application = applications.start(zhang, "merge")
    Application.objects(pk=application.pk).update_one(set__working={"sources": {
        "0": {"kind": "exam_number", "exam_number": "019901234567"},
        "1": {"kind": "file_number", "file_number": "0301012345"}}})
    application = applications.submit(application.reload(), Actor.for_candidate(zhang))
    return fire(application, "approve", staff("和平区审核员", "district_reviewer", "district", "120101"))


@pytest.mark.parametrize("login, password, message", [
    ("019901234567", "demo2024", "准考证号 019901234567 已合档并入准考证号 080105408130，请使用 080105408130 登录。"),
    ("120101950301003", "demo2024", "准考证号 019901234567 已合档并入准考证号 080105408130，请使用 080105408130 登录。"),
    ("019901234567", "wrong2024", "账号或密码不正确。"),  # without a password, nothing about the number is said
])
def test_a_retired_number_cannot_sign_in_and_is_told_which_to_use(app, merged, login, password, message):
    from tests.fixtures import errors

    response = app.test_client().post("/account/login", data={"login": login, "password": password})

    assert response.status_code == 200 and errors(response) == [message]
    assert candidate_client(app, "080105408130").get("/scores").status_code == 200


def test_guessing_the_password_of_a_retired_number_is_slowed_like_any_other(app, merged):
    from tests.fixtures import errors

    client = app.test_client()
    for _guess in range(4):
        client.post("/account/login", data={"login": "019901234567", "password": "wrong2024"})

    fifth = client.post("/account/login", data={"login": "019901234567", "password": "wrong2024"})
    right = client.post("/account/login", data={"login": "019901234567", "password": "demo2024"})

    assert "密码连续输错5次" in errors(fifth)[0]
    assert "密码连续输错5次" in errors(right)[0]  # the same client waits, so the right password reveals nothing


def test_staff_see_the_retired_record_as_merged_into_the_surviving_number(app, merged):
    old = Candidate.objects.get(exam_number="019901234567")
    heping = staff_client(app, "heping")

    listed = text(heping.get("/candidateview/list/?_flt_0_exam_number=019901234567"))
    shown = text(heping.get(f"/candidateview/show/{old.pk}"))

    assert "已合档（并入 080105408130）" in listed
    assert "档案状态 已合档（并入 080105408130）" in shown
    assert "None" not in shown and "{" not in shown and "ObjectId" not in shown
    assert "档案状态 正常" in text(heping.get(f"/candidateview/show/{merged.candidate.pk}"))


def test_a_score_recorded_later_for_the_retired_record_belongs_to_the_surviving_one(app, merged, zhang):
    old = Candidate.objects.get(exam_number="019901234567")
    course = Course.objects.get(code="00247")

    response = staff_client(app, "admin").post("/scoreview/add", data={
        "candidate": str(old.pk), "exam_number": "019901234567", "course": str(course.pk), "mark": "66",
        "sitting": "2001-10", "source": "exam", "counts": "y"})

    assert response.status_code == 302
    score = Score.objects.get(exam_number="019901234567", course=course)
    assert score.candidate == zhang and not Score.objects(candidate=old)


def test_a_record_merged_before_follows_the_one_it_joined(app, world, zhang, window):
    from application_types.merge.effects import merge_records

    old = Candidate.objects.get(exam_number="019901234567")
    older = Candidate(exam_number="009901234567", id_number="120101950301004", name="张明", phone="13800009002",
                      district=old.district, password_hash="x", merged_into=old, active=False).save()
    Candidate.objects(pk=old.pk).update_one(set__other_exam_numbers=["009901234567"])
    application = applications.start(zhang, "merge")
    Application.objects(pk=application.pk).update_one(set__data={"sources": {
        "0": {"kind": "exam_number", "exam_number": "019901234567"}}})

    merge_records(application.reload())

    assert older.reload().merged_into == zhang and old.reload().merged_into == zhang
    assert set(zhang.reload().other_exam_numbers) == {"019901234567", "009901234567"}


def test_two_records_naming_each_other_cannot_retire_each_other(app, zhang, window):
    from workflows.engine import Actor, GuardRefused, fire

    from tests.workflows.fixtures import staff

    old = Candidate.objects.get(exam_number="019901234567")
    Candidate.objects(pk=old.pk).update_one(set__active=True)
    district = staff("和平区审核员", "district_reviewer", "district", "120101")

    def merge_application(person, number):
        application = applications.start(person, "merge")
        Application.objects(pk=application.pk).update_one(set__working={"sources": {
            "0": {"kind": "exam_number", "exam_number": number}}})
        return applications.submit(application.reload(), Actor.for_candidate(person))

    mine = merge_application(zhang, "019901234567")
    theirs = merge_application(old.reload(), "080105408130")
    fire(mine, "approve", district)

    with pytest.raises(GuardRefused, match="该考生的档案已合档并入准考证号 080105408130，本申请不能再办理。"):
        fire(theirs, "approve", district)
    assert zhang.reload().active and zhang.merged_into is None
    assert candidate_client(app, "080105408130").get("/scores").status_code == 200
