"""An administrator imports a sitting's score sheet with three bad rows in the browser: the check's report, the valid
rows committed with the commit's progress watched, the refused rows given back; the candidate sees the scores only
once the sitting's publication time has come (desktop for the office, a phone and a desktop for the candidate)."""
import datetime

import pytest

from app.jobs import progressed
from app.models import Candidate, Course, DataImport, Registration, Score, Sitting
from app.services import publication
from tests.browser.fixtures import Page
from tests.browser.test_jobs_in_browser import Hold
from tests.browser.test_pages_in_browser import sign_in_candidate, sign_in_staff
from tests.imports.fixtures import SCORE_HEADERS, xlsx

WANG = "011421104387"  # 王芳 of 小店区
SITTING = "2027-04"


@pytest.fixture
def registered(world):
    """王芳 registered for the platform's 2027-04 sitting, three courses chosen and paid; the sitting's scores are to
    be published tomorrow."""
    wang = Candidate.objects.get(exam_number=WANG)
    codes = list(Course.objects.order_by("code").scalar("code")[:4])
    sitting = Sitting.objects.get(code=SITTING)
    sitting.update(set__scores_published_at=datetime.datetime.now() + datetime.timedelta(days=1))
    Registration(sitting=sitting, candidate=wang, exam_number=WANG, candidate_name=wang.name, district=wang.district,
                 major=wang.major, courses=codes[:3], paid=codes[:3]).save()
    return wang, codes


@pytest.mark.parametrize("consumer", ["memory"], indirect=True)
def test_a_score_sheet_with_three_bad_rows_is_imported_and_shown_once_published(
        app, registered, consumer, chromium, server, shots, monkeypatch):
    wang, codes = registered
    monkeypatch.setitem(app.config, "IMPORT_BATCH_SIZE", 2)
    sheet = xlsx(SCORE_HEADERS, [
        (WANG, "王芳", codes[0], 78, None, SITTING),
        (WANG, "王芳", codes[1], 85, None, SITTING),
        ("011499999999", "查无此人", codes[0], 70, None, SITTING),  # row 4: no such candidate
        (WANG, "王芳", codes[2], 120, None, SITTING),  # row 5: out of range
        (WANG, "王芳", codes[3], 66, None, SITTING),  # row 6: not chosen for this sitting
    ])
    office = Page(chromium, server, "desktop")
    sign_in_staff(office, "admin")
    office.open("/imports/new")
    office.tab.select_option("#kind-choice", "candidates")  # another kind's columns, then back to scores
    office.tab.click("text=查看此类型的列与要求")
    assert "档案号" in office.tab.inner_text("#columns")
    office.tab.select_option("#kind-choice", "scores")
    office.tab.click("text=查看此类型的列与要求")
    assert "导入类型：成绩" in office.tab.inner_text("#upload-form")
    office.tab.set_input_files("#file", {"name": "2027-04成绩.xlsx", "buffer": sheet,
                                         "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    office.tab.click("#upload")
    office.tab.wait_for_selector("#counts", timeout=20000)  # the check ran on the queue; its page reloaded

    assert [office.tab.inner_text(f"#count-{name}") for name in ("rows", "new", "refused")] == ["5", "2", "3"]
    report = office.tab.inner_text("#problems")
    assert "没有准考证号为 011499999999 的考生" in report
    assert "5\t成绩\t" in report
    assert f"在 {SITTING} 考次没有报考课程 {codes[3]}" in report
    shots(office, "import-1-checked")

    held = Hold()
    progressed.connect(held)
    try:
        office.tab.check("#mode-valid")
        office.tab.click("#commit")
        office.tab.wait_for_selector("#commit-progress")
        held.next()  # the commit's start
        held.go.release()
        done, total = held.next()
        office.tab.wait_for_function(
            "([percent]) => { const bar = document.querySelector('#commit-progress .progress-bar');"
            " return bar && bar.textContent === percent }", arg=[f"{done * 100 // total}%"], timeout=15000)
        assert office.tab.inner_text("#commit-progress .job-count") == f"{done}/{total}"
        shots(office, "import-2-committing")
        held.let_go()
    finally:
        progressed.disconnect(held)
    office.tab.wait_for_selector("#commit-progress .job-state:text('已完成')", timeout=20000)
    office.tab.wait_for_function("document.querySelector('#import-state').textContent === '已导入'", timeout=20000)
    assert office.tab.is_visible("#refused-download")
    shots(office, "import-3-committed")
    assert sorted(Score.objects(candidate=wang, sitting=SITTING).scalar("mark")) == [78, 85]
    assert office.violations() == []
    office.close()
    pocket = Page(chromium, server, "phone")  # the same page on an administrator's phone
    sign_in_staff(pocket, "admin")
    pocket.open(f"/imports/{DataImport.objects.get().pk}")
    assert pocket.tab.inner_text("#import-state") == "已导入" and pocket.tab.is_visible("#problems")
    shots(pocket, "import-3-committed")
    assert pocket.violations() == []
    pocket.close()

    for width in ("phone", "desktop"):
        candidate = Page(chromium, server, width)
        sign_in_candidate(candidate, WANG)
        candidate.open("/scores")
        assert SITTING not in candidate.tab.inner_text("body")  # not yet published
        Sitting.objects(code=SITTING).update(set__scores_published_at=datetime.datetime.now(), unset__scores_announced_at=True)
        with app.test_request_context():
            publication.announce_due()
        candidate.open("/messages")
        assert "成绩已公布" in candidate.tab.inner_text("body")
        shots(candidate, "import-5-candidate-told")
        candidate.open("/scores")
        current = candidate.tab.inner_text("#current + *")
        assert f"当次成绩（{SITTING}）" in candidate.tab.inner_text("body") and "78" in current and "85" in current
        shots(candidate, "import-4-candidate-sees-scores")
        assert candidate.violations() == []
        candidate.close()
        Sitting.objects(code=SITTING).update(
            set__scores_published_at=datetime.datetime.now() + datetime.timedelta(days=1))
