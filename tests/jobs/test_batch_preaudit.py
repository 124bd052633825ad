"""The batch graduation pre-audit over a university's majors, in worker processes: the eligible candidates and
those one course short, with what they miss, on the job's page and in its Excel export; an earlier release's
pre-audit still read."""
import io

import pytest
from openpyxl import load_workbook

from app import migrations
from app.models import Candidate, Job, Major, MajorPlan, PlanModule, PreauditEntry, Score, University
from tests.fixtures import staff_client, text

ZHANG = "080105408130"  # 张明, 法学 030101K, 和平区: every course passed
SHORT = "080105408199"  # his copy, without one course's pass


@pytest.fixture
def one_short(world):
    """A 法学 candidate of 和平区 with every pass 张明 has but that of his plan's first required course."""
    zhang = Candidate.objects.get(exam_number=ZHANG)
    copy = Candidate(**{name: zhang[name] for name in ("district", "major", "password_hash", "sex")},
                     exam_number=SHORT, id_number="120101199001019999", name="钱短", phone="13900009999").save()
    plan = MajorPlan.objects.get(major=zhang.major)
    dropped = PlanModule.objects(plan=plan).order_by("order").first().required_courses[0]
    scores = list(Score.objects(candidate=zhang, passed=True))
    for score in scores:
        if score.course != dropped:
            Score(candidate=copy, exam_number=SHORT, course=score.course, mark=score.mark, grade=score.grade,
                  sitting=score.sitting, source=score.source).save()
    return dropped


def start(client, value):
    response = client.post("/preaudit/", data={"target": value})
    assert response.status_code == 302, text(response)
    return Job.objects.get(pk=response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


@pytest.mark.parametrize("processes", [1, 2])
def test_a_universitys_majors_are_preaudited_with_who_is_one_course_short(app, one_short, monkeypatch, processes):
    monkeypatch.setitem(app.config, "PREAUDIT_BATCH_SIZE", 2)
    monkeypatch.setitem(app.config, "PREAUDIT_PROCESSES", processes)
    sponsor = Major.objects.get(code="030101K").university
    heping = staff_client(app, "heping")
    assert f"{sponsor.code} {sponsor.name}" in text(heping.get("/preaudit/"))

    job = start(heping, f"university:{sponsor.pk}").reload()

    assert job.state == "done" and job.title == f"批量毕业预审：{sponsor.code} {sponsor.name} 的全部专业"
    assert job.result.counts["eligible"] == 1 and job.result.counts["one_short"] == 1
    heping_district = Candidate.objects.get(exam_number=ZHANG).district
    assert job.total == Candidate.objects(major__in=Major.objects(university=sponsor), district=heping_district,
                                          merged_into=None).count()
    page = text(heping.get(f"/jobview/show/{job.pk}"))
    missing = f"缺少 {one_short.code} {one_short.name}"
    assert f"{ZHANG} 张明 和平区 030101K 法学" in page
    assert f"{SHORT} 钱短 和平区 030101K 法学" in page and missing in page

    exported = heping.get(f"/jobview/findings/{job.pk}")
    sheet = load_workbook(io.BytesIO(exported.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["预审结果", "准考证号", "姓名", "考籍管理区县", "专业", "尚缺"]
    assert rows[1][:5] == ["符合毕业条件", ZHANG, "张明", "和平区", "030101K 法学"]
    assert rows[2][:5] == ["差一门课程", SHORT, "钱短", "和平区", "030101K 法学"] and missing in rows[2][5]


def test_the_findings_are_only_for_those_who_may_see_the_job(app, one_short):
    job = start(staff_client(app, "heping"), f"major:{Major.objects.get(code='030101K').pk}")

    assert staff_client(app, "xiaodian").get(f"/jobview/findings/{job.pk}").status_code == 404
    assert staff_client(app, "heping").get("/jobview/findings/nonsense").status_code == 404


def test_a_choice_not_offered_is_refused_in_words(app, world):
    other = University(code="99999", name="未开考院校").save()
    heping = staff_client(app, "heping")

    for value in (f"university:{other.pk}", "major:nonsense", "", "university:"):
        assert "请选择要预审的专业或主考院校。" in text(heping.post("/preaudit/", data={"target": value}))
    assert not Job.objects


def test_an_earlier_releases_preaudit_keeps_its_eligible_list(app, world):
    zhang = Candidate.objects.get(exam_number=ZHANG)
    major = Major.objects.get(code="030101K")
    job = Job(kind="preaudit", title="批量毕业预审：030101K 法学", state="done", requested_by="heping",
              params={"major": str(major.pk), "scope_kind": "district", "scope_code": "120101"}).save()
    Job._get_collection().update_one({"_id": job.pk}, {"$set": {"result": {
        "counts": {"eligible": 1, "not_eligible": 4}, "candidates": [zhang.pk]}}})

    with app.app_context():
        migrations.move_preaudit_findings(Job._get_db())

    entry = PreauditEntry.objects.get(job=job.pk)
    assert (entry.exam_number, entry.major, entry.verdict) == (ZHANG, "030101K 法学", "eligible")
    assert "符合毕业条件1人，差一门课程0人，其余4人" in text(staff_client(app, "admin").get("/jobview/list/"))
