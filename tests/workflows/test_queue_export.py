"""Exporting a queue: the rows its list shows, within the reviewer's scope, to CSV that Excel opens and to .xlsx;
a large one by a background job whose file only the reviewer who asked downloads."""
import csv
import io
import re

import openpyxl
import pytest

from app.models import Application, AuditEntry, District
from bench.worlds import QueueWorld
from tests.fixtures import staff_client, text
from usecases import exports

HEADERS = ["业务类型", "姓名", "准考证号", "考籍管理区县", "专业", "状态", "提交时间", "最近意见"]


@pytest.fixture
def stocked(app, world):
    with app.app_context():
        QueueWorld().grow(400)
        heping = District.objects.get(code="120101")
        first = Application.objects(district=heping.pk, state="district_review").order_by("submitted_at").first()
        Application.objects(pk=first.pk).update_one(set__candidate_name="=HYPERLINK(\"http://x\")")
        return heping


def waiting_in(district, **only):
    return list(Application.objects(district=district.pk, state="district_review", **only).order_by("submitted_at"))


def test_a_csv_export_holds_the_filtered_queue_as_listed_and_opens_in_excel(app, stocked):
    heping = staff_client(app, "heping")

    got = heping.post("/applicationview/export/csv?_flt_1_type=exemption")

    assert got.status_code == 200 and got.mimetype == "text/csv"
    assert "attachment" in got.headers["Content-Disposition"]
    assert got.data.startswith(b"\xef\xbb\xbf")  # the BOM by which Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(got.data.decode("utf-8-sig"))))
    expected = waiting_in(stocked, type="exemption")
    assert rows[0] == HEADERS
    assert [row[2] for row in rows[1:]] == [a.exam_number for a in expected]
    assert {row[0] for row in rows[1:]} == {"免考申请"} and {row[3] for row in rows[1:]} == {"和平区"}
    assert {row[5] for row in rows[1:]} == {"考区审核中"}
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")"  # text, never a formula
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", rows[1][6])
    assert AuditEntry.objects(action="export", actor_name="heping").count() == 1


def test_an_excel_export_has_typed_times_and_text_that_stays_text(app, stocked):
    heping = staff_client(app, "heping")

    got = heping.post("/applicationview/export/xlsx?queue=all")

    sheet = openpyxl.load_workbook(io.BytesIO(got.data)).active
    values = list(sheet.values)
    assert list(values[0]) == HEADERS
    assert len(values) - 1 == Application.objects(district=stocked.pk).count()
    assert {row[3] for row in values[1:]} == {"和平区"}
    first = next(row for row in values[1:] if row[1].startswith("="))
    assert sheet.cell(row=values.index(first) + 1, column=2).data_type == "s"
    assert hasattr(values[1][6], "year")  # a date and time Excel sorts by


def test_a_large_export_runs_in_the_background_and_only_its_reviewer_downloads_it(app, stocked, monkeypatch):
    monkeypatch.setattr(exports, "INLINE", 5)
    heping = staff_client(app, "heping")

    started = heping.post("/applicationview/export/csv", follow_redirects=True)

    assert "正在后台导出" in text(started) and "已导出" in text(started)
    job = re.search(r"/jobview/exported/([0-9a-f]{24})", started.get_data(as_text=True)).group(1)
    got = heping.get(f"/jobview/exported/{job}")
    assert len(list(csv.reader(io.StringIO(got.data.decode("utf-8-sig"))))) == len(waiting_in(stocked)) + 1
    assert staff_client(app, "admin").get(f"/jobview/exported/{job}").status_code == 404


def test_an_export_in_an_unknown_format_is_not_found(app, world):
    assert staff_client(app, "heping").post("/applicationview/export/pdf").status_code == 404


def test_an_export_is_asked_for_with_a_form_never_by_following_a_link(app, world):
    assert staff_client(app, "heping").get("/applicationview/export/csv").status_code == 405


def test_an_exported_file_past_its_time_is_offered_no_more_and_removed_by_the_next_export(app, stocked, monkeypatch):
    import datetime

    from app.models import ExportFile
    from app.services import files

    monkeypatch.setattr(exports, "INLINE", 5)
    heping = staff_client(app, "heping")
    started = heping.post("/applicationview/export/csv", follow_redirects=True)
    job = re.search(r"/jobview/exported/([0-9a-f]{24})", started.get_data(as_text=True)).group(1)
    made = ExportFile.objects.get()
    made.update(set__expires_at=datetime.datetime.now() - datetime.timedelta(minutes=1))

    page = text(heping.get(f"/jobview/show/{job}"))

    assert "下载导出文件" not in page and "导出文件已超过保留期限" in page
    assert heping.get(f"/jobview/exported/{job}").status_code == 404
    heping.post("/applicationview/export/xlsx", follow_redirects=True)
    assert ExportFile.objects(pk=made.pk).count() == 0 and files.read(made.file_id) is None


def test_a_text_that_a_spreadsheet_would_run_stays_text_even_after_spaces(app, world):
    written = exports.write("csv", [[" =1+1", "@SUM(A1)", "-2", "张明", None, "", None, "正常"]])

    assert list(csv.reader(io.StringIO(written.decode("utf-8-sig"))))[1][:4] == ["' =1+1", "'@SUM(A1)", "'-2", "张明"]


def test_a_filter_left_blank_in_the_search_form_is_no_filter(app, stocked):
    heping = staff_client(app, "heping")

    blank = heping.get("/applicationview/list/?_flt_1_type=exemption&_flt_1_state=")
    typed = heping.get("/applicationview/list/?_flt_1_type=exemption")

    assert blank.status_code == 200 and "待我办理" in text(blank)
    assert re.findall(r"/applicationview/show/\w+", blank.get_data(as_text=True)) == re.findall(
        r"/applicationview/show/\w+", typed.get_data(as_text=True)) != []
