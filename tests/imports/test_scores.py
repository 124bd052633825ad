"""Importing a sitting's scores: every refusal with its message, counts, idempotence, history, the two modes."""
import io

import pytest
from openpyxl import load_workbook

from app.models import AuditEntry, Candidate, Course, Major, Registration, Score, Sitting
from tests.fixtures import staff_client, text

from .fixtures import SCORE_HEADERS, commit, counts, csv_file, latest, problems, upload, xlsx

SITTING = "2027-04"


@pytest.fixture
def seated(world):
    """A candidate registered for the platform's 2027-04 sitting, two courses chosen and paid, one chosen unpaid."""
    candidate = Candidate.objects.get(exam_number="011421104387")
    codes = list(Course.objects.order_by("code").scalar("code")[:3])
    Registration(sitting=Sitting.objects.get(code=SITTING), candidate=candidate, exam_number=candidate.exam_number,
                 candidate_name=candidate.name, district=candidate.district, major=candidate.major or Major.objects.first(),
                 courses=codes, paid=codes[:2]).save()
    return candidate, codes


def row(number, name, course, mark=None, grade=None, sitting=SITTING):
    return (number, name, course, mark, grade, sitting)


def test_template_lists_the_columns(admin_client):
    book = load_workbook(io.BytesIO(admin_client.get("/imports/template/scores.xlsx").data))
    assert [cell.value for cell in book.worksheets[0][1]] == list(SCORE_HEADERS)
    assert admin_client.get("/imports/template/scores.csv").data.decode("utf-8-sig").strip() == ",".join(SCORE_HEADERS)
    page = text(admin_client.get("/imports/new?kind=scores"))
    assert "0–100的整数" in page and "下载模板（Excel）" in page


def test_new_scores_are_counted_then_committed(admin_client, seated):
    candidate, codes = seated
    before = Score.objects(candidate=candidate).count()
    page = upload(admin_client, "scores", xlsx(SCORE_HEADERS, [row(candidate.exam_number, candidate.name, codes[0], 75),
                                                               row(candidate.exam_number, "", codes[1], grade="合格")]))
    assert counts(page) == {"new": 2, "changed": 0, "unchanged": 0, "refused": 0}
    assert Score.objects(candidate=candidate).count() == before

    page = commit(admin_client, "whole")

    assert "已导入" in text(page)
    assert Score.objects(candidate=candidate).count() == before + 2
    mark = Score.objects.get(candidate=candidate, sitting=SITTING, course=Course.objects.get(code=codes[0]))
    assert (mark.mark, mark.passed, mark.district) == (75, True, candidate.district)
    assert AuditEntry.objects(action="start").count() == 2  # the check and the commit


def test_the_same_file_twice_changes_nothing(admin_client, seated):
    candidate, codes = seated
    content = xlsx(SCORE_HEADERS, [row(candidate.exam_number, candidate.name, codes[0], 75)])
    upload(admin_client, "scores", content)
    commit(admin_client)
    stored = [score.to_mongo().to_dict() for score in Score.objects(candidate=candidate)]

    page = upload(admin_client, "scores", content)

    assert counts(page) == {"new": 0, "changed": 0, "unchanged": 1, "refused": 0}
    assert 'id="commit" disabled' in page.get_data(as_text=True)
    commit(admin_client)
    assert [score.to_mongo().to_dict() for score in Score.objects(candidate=candidate)] == stored


def test_a_corrected_file_changes_only_what_differs_and_keeps_history(admin_client, seated):
    candidate, codes = seated
    upload(admin_client, "scores", xlsx(SCORE_HEADERS, [row(candidate.exam_number, "", codes[0], 72),
                                                        row(candidate.exam_number, "", codes[1], 50)]))
    commit(admin_client)

    page = upload(admin_client, "scores", xlsx(SCORE_HEADERS, [row(candidate.exam_number, "", codes[0], 80),
                                                               row(candidate.exam_number, "", codes[1], 50)]),
                  filename="更正.xlsx")
    assert counts(page) == {"new": 0, "changed": 1, "unchanged": 1, "refused": 0}
    commit(admin_client)

    score = Score.objects.get(candidate=candidate, sitting=SITTING, course=Course.objects.get(code=codes[0]))
    assert score.mark == 80
    assert "72 → 80" in score.corrections and "文件 更正.xlsx" in score.corrections and "操作人 admin" in score.corrections
    assert [entry["by"] for entry in score.history] == ["admin"]
    shown = text(admin_client.get(f"/scoreview/show/{score.pk}"))
    assert "72 → 80" in shown and "更正.xlsx" in shown


@pytest.mark.parametrize("cells, column, message", [
    (row("011499999999", "", "00001", 70), "准考证号", "没有准考证号为 011499999999 的考生"),
    (row("01142110438", "", "00001", 70), "准考证号", "准考证号为12位数字"),
    (row(None, "王五", "00001", 70), "准考证号", "请填写准考证号"),
    (row("{number}", "李四", "{course}", 70), "姓名", "姓名“李四”与准考证号"),
    (row("{number}", "", "{unpaid}", 70), "课程代码", "没有报考课程"),
    (row("{number}", "", "99999", 70), "课程代码", "课程目录中没有课程代码 99999"),
    (row("{number}", "", "12", 70, sitting="2019-10"), "课程代码", "课程代码为5位数字"),
    (row("{number}", "", "{course}", 101), "成绩", "成绩为0–100的整数"),
    (row("{number}", "", "{course}", -1), "成绩", "成绩为0–100的整数"),
    (row("{number}", "", "{course}", "七十"), "成绩", "应填写整数"),
    (row("{number}", "", "{course}", 70.5), "成绩", "应填写整数"),
    (row("{number}", "", "{course}", 70, "合格"), "成绩", "只能填写一项"),
    (row("{number}", "", "{course}"), "成绩", "请填写分数或等级"),
    (row("{number}", "", "{course}", grade="优秀"), "等级", "应填写通过、合格之一"),
    (row("{number}", "", "{course}", 70, sitting="2024-13"), "考次", "考次格式为 年-月"),
    (row("{number}", "", "{course}", 70, sitting="下半年"), "考次", "考次格式为 年-月"),
    (row("{number}", "", "{course}", 70, sitting=2027.1), "考次", "无法区分月份"),  # 2027.10 typed in a number cell
])
def test_each_bad_row_is_refused_with_its_reason(admin_client, seated, cells, column, message):
    candidate, codes = seated
    filled = tuple(value.format(number=candidate.exam_number, course=codes[0], unpaid=codes[2])
                   if isinstance(value, str) else value for value in cells)
    page = upload(admin_client, "scores", xlsx(SCORE_HEADERS, [filled]))
    assert counts(page)["refused"] == 1
    found = problems(page)
    assert any(shown_row == "2" and shown_column == column and message in shown_message
               for shown_row, shown_column, shown_message in found), found


def test_a_duplicate_row_names_the_first(admin_client, seated):
    candidate, codes = seated
    page = upload(admin_client, "scores", xlsx(SCORE_HEADERS, [row(candidate.exam_number, "", codes[0], 70),
                                                               row(candidate.exam_number, "", codes[1], 70),
                                                               row(candidate.exam_number, "", codes[0], 71)]))
    assert counts(page) == {"new": 2, "changed": 0, "unchanged": 0, "refused": 1}
    assert problems(page) == [("4", "准考证号", "与第2行重复：同一准考证号、课程和考次只能有一行。")]


def test_history_before_the_platform_needs_only_an_existing_course(admin_client, seated):
    candidate, codes = seated
    page = upload(admin_client, "scores", csv_file(SCORE_HEADERS, [row(candidate.exam_number, "", codes[2], 66,
                                                                       sitting="2019-10")]), filename="history.csv")
    assert counts(page)["new"] == 1


def test_a_merged_number_scores_the_surviving_record(admin_client, seated):
    candidate, codes = seated
    retired = Candidate.objects(pk__ne=candidate.pk).first()
    Candidate.objects(pk=retired.pk).update(set__merged_into=candidate)
    upload(admin_client, "scores", xlsx(SCORE_HEADERS, [row(retired.exam_number, "", codes[2], 66, sitting="2018-04")]))
    commit(admin_client)
    score = Score.objects.get(exam_number=retired.exam_number, sitting="2018-04")
    assert (score.candidate, score.district) == (candidate, candidate.district)


def test_whole_file_mode_writes_nothing_when_a_row_is_refused(admin_client, seated):
    candidate, codes = seated
    before = Score.objects.count()
    upload(admin_client, "scores", xlsx(SCORE_HEADERS, [row(candidate.exam_number, "", codes[0], 70),
                                                        row(candidate.exam_number, "", codes[1], 170)]))
    page = commit(admin_client, "whole")
    assert "有 1 行被拒绝" in text(page) and "整个文件未导入" in text(page)
    assert Score.objects.count() == before
    assert latest().state == "checked"


def test_valid_rows_mode_writes_them_and_gives_back_the_refused(admin_client, seated):
    candidate, codes = seated
    before = Score.objects.count()
    upload(admin_client, "scores", xlsx(SCORE_HEADERS, [row(candidate.exam_number, "", codes[0], 70),
                                                        row(candidate.exam_number, "", codes[1], 170),
                                                        row("011499999999", "", codes[1], 60)]))
    page = commit(admin_client, "valid")
    assert counts(page) == {"new": 1, "changed": 0, "unchanged": 0, "refused": 2}
    assert Score.objects.count() == before + 1

    sheet = load_workbook(io.BytesIO(admin_client.get(f"/imports/{latest().pk}/refused").data)).worksheets[0]
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert values[0] == [*SCORE_HEADERS, "问题"]
    assert [line[0] for line in values[1:]] == [candidate.exam_number, "011499999999"]
    assert "成绩：成绩为0–100的整数。" in values[1][-1]
    assert "没有准考证号为 011499999999 的考生" in values[2][-1]


def test_the_commit_checks_the_store_again(admin_client, seated):
    candidate, codes = seated
    upload(admin_client, "scores", xlsx(SCORE_HEADERS, [row(candidate.exam_number, "", codes[0], 70)]))
    Registration.objects(candidate=candidate).update(set__paid=[])  # the store changed since the check
    page = commit(admin_client, "valid")
    assert counts(page)["refused"] == 1 and "没有报考课程" in text(page)


def test_a_commit_waits_for_another_of_its_kind(admin_client, seated):
    from app.models import Job

    candidate, codes = seated
    upload(admin_client, "scores", xlsx(SCORE_HEADERS, [row(candidate.exam_number, "", codes[0], 70)]))
    Job(kind="import_commit", title="另一个", state="running", params={"kind": "scores", "data_import": "x"}).save()
    page = commit(admin_client)
    assert "另一个成绩导入正在进行" in text(page)
    assert latest().state == "checked"


@pytest.mark.parametrize("content, filename, message", [
    (b"%PDF-1.4 not a sheet", "scores.xlsx", "不是有效的 .xlsx 文件"),
    (b"\x00\x01\x02binary", "scores.csv", "不是 CSV 文本文件"),
    (b"\xd0\xcf\x11\xe0old excel", "scores.xlsx", "旧版 Excel（.xls）"),
    (csv_file(("准考证号", "课程代码", "成绩"), [("011421104387", "00001", 70)]), "s.csv", "第1行表头缺少：考次"),
    (csv_file(SCORE_HEADERS, []), "s.csv", "没有填写任何数据"),
    (xlsx(SCORE_HEADERS, [("011421104387", '=cmd|" /C calc"!A0', "00001", 70, None, SITTING)]), "s.xlsx",
     "第2行“姓名”列的内容以“=”开头"),
    (csv_file(SCORE_HEADERS, [("011421104387", "@SUM(A1)", "00001", 70, "", SITTING)]), "s.csv",
     "第2行“姓名”列的内容以“@”开头"),
])
def test_a_malformed_file_is_refused_whole(admin_client, content, filename, message):
    page = upload(admin_client, "scores", content, filename)
    assert message in text(page), text(page)
    assert latest().state == "failed"
    assert 'id="commit"' not in page.get_data(as_text=True)


def test_gb18030_csv_is_read(admin_client, seated):
    candidate, codes = seated
    page = upload(admin_client, "scores", csv_file(SCORE_HEADERS, [row(candidate.exam_number, candidate.name, codes[0], 70)],
                                                   encoding="gb18030"), filename="gbk.csv")
    assert counts(page)["new"] == 1


@pytest.mark.parametrize("content, filename, message", [
    (b"anything", "scores.pdf", "只能导入 Excel（.xlsx）或 CSV（.csv）文件"),
    (b"", "scores.csv", "文件是空的"),
])
def test_a_file_refused_at_upload_is_not_kept(admin_client, content, filename, message):
    answer = admin_client.post("/imports/new", data={"kind": "scores", "file": (io.BytesIO(content), filename)},
                               content_type="multipart/form-data")
    assert answer.status_code == 200 and message in text(answer)
    assert latest() is None


def test_limits_refuse_too_big_and_too_many_rows(app, admin_client, seated, monkeypatch):
    candidate, codes = seated
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 2)
    page = upload(admin_client, "scores", xlsx(SCORE_HEADERS, [row(candidate.exam_number, "", code, 70) for code in codes]))
    assert "超过 2 行的上限" in text(page)
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 1024 * 1024)
    answer = admin_client.post("/imports/new", data={"kind": "scores", "file": (io.BytesIO(b"x" * (1024 * 1024 + 1)),
                                                                                  "big.csv")},
                               content_type="multipart/form-data")
    assert answer.status_code == 200 and "文件超过 1 MB 的上限" in text(answer)


def test_a_district_reviewer_cannot_reach_imports(app, world):
    reviewer = staff_client(app, "heping")
    for path in ("/imports/", "/imports/new", "/imports/template/scores.xlsx"):
        assert reviewer.get(path).status_code in (302, 403), path
    assert "数据导入" not in text(reviewer.get("/admin/"))


def test_two_commits_of_a_kind_started_at_once_do_not_both_run(admin_client, seated):
    from app.services import imports

    candidate, codes = seated
    content = xlsx(SCORE_HEADERS, [row(candidate.exam_number, "", codes[0], 70)])
    upload(admin_client, "scores", content, filename="a.xlsx")
    first = latest()
    upload(admin_client, "scores", content, filename="b.xlsx")
    second = latest()
    imports.start_commit(first, "valid")  # its job not queued yet: the other request comes in between
    with pytest.raises(imports.Refused):
        imports.start_commit(second, "valid")
    assert second.reload().state == "checked"


def test_a_failed_commit_is_committed_again_from_its_page_only(admin_client, seated):
    from app.jobs.queue import JobFailed
    from app.models import Job
    from app.services import imports
    from app.jobs.queue import KINDS, Report

    candidate, codes = seated
    upload(admin_client, "scores", xlsx(SCORE_HEADERS, [row(candidate.exam_number, "", codes[0], 70)]))
    data_import = latest()
    before = Score.objects.count()
    assert not KINDS["import_commit"].retryable  # a rerun would skip the check that no other commit is under way
    job = Job(kind="import_commit", title="x", params={"data_import": str(data_import.pk), "kind": "scores"}).save()
    with pytest.raises(JobFailed):  # not claimed by a commit started on its page
        imports.commit(data_import, Report(job.pk))
    assert Score.objects.count() == before and data_import.reload().state == "checked"


def test_a_check_run_again_leaves_a_committed_import_committed(app, admin_client, seated):
    from app.jobs.queue import Report
    from app.models import Job
    from app.services import imports

    candidate, codes = seated
    upload(admin_client, "scores", xlsx(SCORE_HEADERS, [row(candidate.exam_number, "", codes[0], 70)]))
    commit(admin_client)
    data_import = latest()
    assert data_import.state == "committed"
    with app.app_context():  # its job retried by staff
        imports.check(data_import, Report(Job.objects.get(pk=data_import.check_job).pk))
    assert data_import.reload().state == "committed"
    assert 'id="commit-form"' not in admin_client.get(f"/imports/{data_import.pk}").get_data(as_text=True)
