"""Administrators set a sitting up without code: its settings, and its timetable by hand and from an Excel sheet."""
import datetime
import io
import re

import pytest
from openpyxl import Workbook, load_workbook

from app.models import (AuditEntry, Candidate, Course, District, Major, Registration, Sitting, TimetableEntry)
from app.services import timetable_sheet
from tests.fixtures import staff_client, text

SITTING = "2031-04"
DAY = datetime.date(2031, 4, 12)
HEADERS = ["课程代码", "考试日期", "上午/下午", "开始时间", "结束时间", "开考专业代码"]


@pytest.fixture
def sitting(world):
    return Sitting(code=SITTING).save()


def pk(model, code):
    return str(model.objects.get(code=code).pk)


def alerts(response):
    """The messages shown in red on a page: under a form's fields, and flashed."""
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found)).strip() for found in
            re.findall(r'<div class="alert alert-danger[^"]*"[^>]*>(.*?)</div>', response.get_data(as_text=True), re.S)]


# --- The sitting ---------------------------------------------------------------------------------------------------

def sitting_form(**changed):
    form = {"code": SITTING, "scores_published_at": "", "registration_opens_at": "2031-01-05 09:00",
            "registration_closes_at": "2031-02-05 17:00", "requires_verified": "y", "print_opens_at": "2031-04-01 09:00",
            "print_closes_at": "2031-04-14 00:00", "course_fee": "30.50", "max_courses": "5",
            "brochure": "一、报考对象\r\n二、报考方式", "exam_rules": "考场规则"}
    return {name: value for name, value in {**form, **changed}.items() if value is not None}


def test_an_administrator_sets_up_a_sitting_and_its_page_shows_it_by_group(admin_client):
    saved = admin_client.post("/sittingview/add", data=sitting_form(district_review="y"))

    sitting = Sitting.objects.get(code=SITTING)
    assert saved.status_code == 302
    assert (sitting.registration_opens_at, sitting.registration_closes_at) == (
        datetime.datetime(2031, 1, 5, 9), datetime.datetime(2031, 2, 5, 17))
    assert (str(sitting.course_fee), sitting.max_courses) == ("30.50", 5)
    assert (sitting.requires_verified, sitting.district_review, sitting.paid_courses_droppable) == (True, True, False)
    assert sitting.brochure == "一、报考对象\n二、报考方式"
    shown = text(admin_client.get(f"/sittingview/show/{sitting.pk}"))
    for group in ("报考", "打印", "费用与限制", "简章与规则"):
        assert f" {group} " in shown
    assert "报考须考区网上审核 是" in shown and "每门课程报考费（元） 30.50" in shown
    assert "从 Excel 导入考试安排" in shown and "下载考试安排模板" in shown


def test_the_sitting_form_writes_the_brochure_in_a_tall_text_area(admin_client):
    page = admin_client.get("/sittingview/add").get_data(as_text=True)

    assert re.search(r'<textarea[^>]*name="brochure"[^>]*rows="12"', page)
    assert re.search(r'<textarea[^>]*name="exam_rules"[^>]*rows="12"', page)


@pytest.mark.parametrize(("changed", "message"), [
    ({"code": "2031-4"}, "考次格式为 年-月，如 2024-04。"),
    ({"code": "2024-04"}, "该值已被使用。"),
    ({"registration_closes_at": "2031-01-01 09:00"}, "报考截止时间须晚于开始时间。"),
    ({"print_closes_at": "2031-03-01 00:00"}, "打印截止时间须晚于开始时间。"),
    ({"registration_opens_at": "下周一"}, "不是有效的日期与时间值。"),
    ({"course_fee": "-1"}, "报考费为不小于0的金额，最多两位小数。"),
    ({"course_fee": "三十"}, "不是有效的小数。"),
    ({"max_courses": "0"}, "最多报考门数为1–12的整数。"),
    ({"max_courses": "13"}, "最多报考门数为1–12的整数。"),
    ({"max_courses": ""}, "该字段是必填字段。"),
    ({"exam_rules": "规" * 5001}, "不能超过 5000 个字。"),
])
def test_a_bad_sitting_is_refused_with_its_reason_and_nothing_saved(admin_client, changed, message):
    before = Sitting.objects.count()

    response = admin_client.post("/sittingview/add", data=sitting_form(**changed))

    assert response.status_code == 200
    assert any(message in shown for shown in alerts(response)), alerts(response)
    assert Sitting.objects.count() == before


# --- The timetable, row by row ---------------------------------------------------------------------------------------

def entry_form(sitting, course="03709", day="2031-04-12", half="am", starts="09:00", ends="11:30",
               majors=("030101K", "120402")):
    return {"sitting": str(sitting.pk), "course": pk(Course, course) if course else "", "day": day, "half": half,
            "starts": starts, "ends": ends, "majors": [pk(Major, code) for code in majors]}


def test_an_entry_is_added_with_its_majors_and_listed_by_their_names(admin_client, sitting):
    saved = admin_client.post("/timetableview/add", data=entry_form(sitting))

    entry = TimetableEntry.objects.get(sitting=sitting)
    assert saved.status_code == 302
    assert (entry.course.code, entry.day, entry.half, entry.starts, entry.ends) == ("03709", DAY, "am", "09:00", "11:30")
    assert [major.code for major in entry.majors] == ["030101K", "120402"]
    listed = text(admin_client.get(f"/timetableview/list/?_flt_0_sitting={sitting.pk}"))
    assert "03709 马克思主义基本原理概论 2031-04-12 上午 09:00 11:30 030101K 法学、120402 行政管理" in listed
    assert "[" not in listed


def test_the_entry_form_shows_the_chosen_majors_to_search_from(admin_client, sitting):
    admin_client.post("/timetableview/add", data=entry_form(sitting))
    entry = TimetableEntry.objects.get(sitting=sitting)

    page = admin_client.get(f"/timetableview/edit/{entry.pk}").get_data(as_text=True)
    found = admin_client.get("/timetableview/lookup/major?q=1204").get_json()

    select = re.search(r'<select[^>]*name="majors"[^>]*>(.*?)</select>', page, re.S)
    assert "multiple" in select.group(0) and 'data-source="/timetableview/lookup/major"' in select.group(0)
    assert re.findall(r"<option[^>]*selected>([^<]*)</option>", select.group(1)) == ["030101K 法学", "120402 行政管理"]
    assert [row["text"] for row in found["results"]] == ["120402 行政管理"]


@pytest.mark.parametrize(("changed", "message"), [
    ({"course": ""}, "请选择课程。"),
    ({"ends": "08:30"}, "结束时间须晚于开始时间。"),
    ({"half": "pm"}, "上午场次须在12:00前开始，下午场次须在12:00及以后开始。"),
    ({"day": "2031-05-10"}, "考试日期须在本考次所在的月份（2031年04月）内。"),
    ({"starts": "9点"}, "时间格式为 时:分，如 09:00。"),
    ({"ends": "24:00"}, "时间格式为 时:分，如 11:30。"),
    ({"day": "四月十二日"}, "不是有效的日期值。"),
])
def test_a_bad_entry_is_refused_with_its_reason_and_nothing_saved(admin_client, sitting, changed, message):
    response = admin_client.post("/timetableview/add", data=entry_form(sitting, **changed))

    assert response.status_code == 200
    assert any(message in shown for shown in alerts(response)), alerts(response)
    assert not TimetableEntry.objects(sitting=sitting).count()


def test_a_major_that_is_not_there_is_refused(admin_client, sitting):
    form = entry_form(sitting)
    form["majors"] = form["majors"] + ["0123456789abcdef01234567"]

    response = admin_client.post("/timetableview/add", data=form)

    assert "所选的某一项已不存在，请重新选择。" in alerts(response)
    assert not TimetableEntry.objects(sitting=sitting).count()


def test_a_course_is_examined_once_a_sitting(admin_client, sitting):
    admin_client.post("/timetableview/add", data=entry_form(sitting))

    again = admin_client.post("/timetableview/add", data=entry_form(sitting, half="pm", starts="14:30", ends="17:00"))

    assert "本考次已有课程 03709 马克思主义基本原理概论 的考试安排。" in alerts(again)
    assert TimetableEntry.objects(sitting=sitting).count() == 1


def register(sitting, *courses):
    """A demo candidate's registration for these courses of the sitting."""
    candidate = Candidate.objects.first()
    return Registration(sitting=sitting, candidate=candidate, exam_number=candidate.exam_number,
                        district=District.objects.first(), major=Major.objects.get(code="030101K"),
                        courses=list(courses)).save()


def test_an_entry_candidates_registered_for_cannot_be_deleted(admin_client, sitting):
    admin_client.post("/timetableview/add", data=entry_form(sitting))
    entry = TimetableEntry.objects.get(sitting=sitting)
    register(sitting, "03709")

    refused = admin_client.post(f"/timetableview/delete/{entry.pk}", follow_redirects=True)

    assert "已有考生报考课程 03709 马克思主义基本原理概论，不能删除它的考试安排；可修改考试时间。" in text(refused)
    assert TimetableEntry.objects(pk=entry.pk).count() == 1


# --- The timetable from an Excel sheet -------------------------------------------------------------------------------

def sheet(*rows, headers=HEADERS):
    """An .xlsx as Excel would save it, the cells typed as given."""
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, sitting, data, mode="merge", name="考试安排.xlsx"):
    return client.post("/timetableview/import/", data={"sitting": str(sitting.pk), "mode": mode,
                                                        "sheet": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)


GOOD = (
    # Excel's own types: a date, a time, a course code it took for a number.
    (3709, datetime.datetime(2031, 4, 12), "上午", datetime.time(9, 0), datetime.time(11, 30), "030101K、120402"),
    # The same as text, with the separators people type.
    ("00015", "2031-04-12", "下午", "14:30", "17:00", "120103, 030101K 120402"),
    ("13000", "2031/4/13", " 上午 ", "9:00", "11:30", "120402"),
)


def test_a_good_sheet_is_saved_whole_with_its_counts(admin_client, sitting):
    shown = text(upload(admin_client, sitting, sheet(*GOOD)))

    stored = {e.course.code: (e.day, e.half, e.starts, e.ends, [m.code for m in e.majors])
              for e in TimetableEntry.objects(sitting=sitting)}
    assert stored == {"03709": (DAY, "am", "09:00", "11:30", ["030101K", "120402"]),
                      "00015": (DAY, "pm", "14:30", "17:00", ["120103", "030101K", "120402"]),
                      "13000": (DAY + datetime.timedelta(days=1), "am", "09:00", "11:30", ["120402"])}
    assert "已导入2031年04月考试安排（新增或更新）：新增 3 条，更新 0 条，未变 0 条。" in shown
    audit = AuditEntry.objects.get(action="import")
    assert (audit.model, audit.object_id, audit.actor_name) == ("Sitting", str(sitting.pk), "admin")
    assert {key: audit.changes[key] for key in ("mode", "added", "updated", "unchanged", "removed")} == {
        "mode": "新增或更新", "added": 3, "updated": 0, "unchanged": 0, "removed": 0}
    assert "导入方式 新增或更新 新增 3 更新 0" in text(admin_client.get(f"/auditview/show/{audit.pk}"))


def test_every_bad_row_is_reported_with_its_reason_and_nothing_saved(admin_client, sitting):
    rows = [
        GOOD[0],                                                                         # row 2: good
        ("99999", DAY, "上午", "09:00", "11:30", "030101K"),                             # 3: unknown course
        ("00015", DAY, "上午", "09:00", "11:30", "030101K、999999X"),                     # 4: unknown major
        ("13000", "2031-04-31", "上午", "09:00", "11:30", "120402"),                      # 5: no such date
        ("00144", DAY, "上午", "九点", "11:30", "120402"),                                # 6: bad time
        ("00226", DAY, "下午", "09:00", "11:30", "030101K"),                              # 7: half-day mismatch
        (3709, DAY, "下午", "14:30", "17:00", "030101K"),                                 # 8: course twice
        ("00249", DAY, "上午", "11:30", "09:00", "030101K"),                              # 9: ends before it starts
        ("00227", datetime.date(2031, 5, 10), "上午", "09:00", "11:30", "030101K"),       # 10: outside the month
        ("00247", DAY, "中午", "09:00", "11:30", "030101K"),                              # 11: neither am nor pm
        ("3709A", DAY, "上午", "09:00", None, "030101K"),                                 # 12: bad code, no end
    ]
    response = upload(admin_client, sitting, sheet(*rows))

    page = response.get_data(as_text=True)
    reported = [(int(row), column, re.sub(r"<[^>]+>", "", reason)) for row, column, reason in
                re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>(.*?)</td></tr>", page)]
    assert reported == [
        (3, "课程代码", "课程目录中没有课程代码 99999。"),
        (4, "开考专业代码", "没有这些专业代码：999999X。"),
        (5, "考试日期", "考试日期应为日期，如 2027-04-10。"),
        (6, "开始时间", "开始时间应为时间，如 09:00。"),
        (7, "开始时间", "上午场次须在12:00前开始，下午场次须在12:00及以后开始。"),
        (8, "课程代码", "课程 03709 在第 2 行已有安排，同一课程只能出现一次。"),
        (9, "结束时间", "结束时间须晚于开始时间。"),
        (10, "考试日期", "考试日期须在本考次所在的月份（2031年04月）内。"),
        (11, "上午/下午", "应填“上午”或“下午”，不能填“中午”。"),
        (12, "课程代码", "课程代码应为5位数字，如 03709。"),
        (12, "结束时间", "请填写结束时间。"),
    ]
    assert "表中有 10 行有误（共 11 处），整张表未保存。" in text(response)
    assert not TimetableEntry.objects(sitting=sitting).count()
    assert not AuditEntry.objects(action="import").count()


def test_replacing_removes_what_the_sheet_leaves_out_and_adding_keeps_it(admin_client, sitting):
    upload(admin_client, sitting, sheet(*GOOD))
    changed = (GOOD[0][:3] + (datetime.time(8, 30),) + GOOD[0][4:],)

    kept = text(upload(admin_client, sitting, sheet(*changed), mode="merge"))
    assert "新增 0 条，更新 1 条，未变 0 条。" in kept
    assert TimetableEntry.objects(sitting=sitting).count() == 3

    replaced = text(upload(admin_client, sitting, sheet(*changed), mode="replace"))
    assert "已导入2031年04月考试安排（替换）：新增 0 条，更新 0 条，未变 1 条，删除 2 条。" in replaced
    assert [(e.course.code, e.starts) for e in TimetableEntry.objects(sitting=sitting)] == [("03709", "08:30")]


def test_replacing_may_not_drop_a_course_candidates_registered_for(admin_client, sitting):
    upload(admin_client, sitting, sheet(*GOOD))
    register(sitting, "00015", "13000")

    refused = upload(admin_client, sitting, sheet(GOOD[0]), mode="replace")

    assert "已有考生报考课程 00015、13000，替换时不能删去这些课程的安排" in text(refused)
    assert TimetableEntry.objects(sitting=sitting).count() == 3


def broken_xlsx():
    """A zip with an .xlsx's name that holds no workbook."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as packed:
        packed.writestr("readme.txt", "not a workbook")
    return out.getvalue()


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"course,day\n03709,2031-04-12\n", "考试安排.csv", "请上传 .xlsx 格式的 Excel 文件（可先下载模板填写）。"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "考试安排.xlsx",
     "这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 格式后再上传。"),
    (b"this is not a spreadsheet", "考试安排.xlsx", "文件无法读取：不是有效的 .xlsx 文件，或文件已损坏。"),
    (broken_xlsx(), "考试安排.xlsx", "文件无法读取：不是有效的 .xlsx 文件，或文件已损坏。"),
    (b"PK" + bytes(timetable_sheet.MAX_BYTES), "考试安排.xlsx", "文件超过 2 MB，请删去多余的内容后再上传。"),
    (sheet(GOOD[0], headers=HEADERS[:4]), "考试安排.xlsx", "第1行表头缺少：结束时间、开考专业代码。"),
    (sheet(), "考试安排.xlsx", "表中没有填写任何考试安排。"),
])
def test_a_file_that_cannot_be_read_is_refused_with_a_message(admin_client, sitting, data, name, message):
    response = upload(admin_client, sitting, data, name=name)

    assert response.status_code == 200
    assert any(message in shown for shown in alerts(response)), alerts(response)
    assert not TimetableEntry.objects(sitting=sitting).count()


def test_a_sheet_longer_than_the_limit_is_refused(admin_client, sitting, monkeypatch):
    monkeypatch.setattr(timetable_sheet, "MAX_ROWS", 2)

    response = upload(admin_client, sitting, sheet(*GOOD))

    assert "表中超过 2 行，请分成几个文件导入。" in alerts(response)


@pytest.mark.parametrize(("form", "message"), [
    ({"mode": "merge"}, "请选择考次。"),
    ({"mode": "append"}, "请选择导入方式。"),
    ({"mode": "merge", "sheet": (io.BytesIO(b""), "")}, "请选择要导入的 .xlsx 文件。"),
])
def test_the_import_form_says_what_is_missing(admin_client, sitting, form, message):
    form = {"sitting": str(sitting.pk), "sheet": (io.BytesIO(sheet(*GOOD)), "a.xlsx"), **form}
    if message == "请选择考次。":
        form["sitting"] = ""

    response = admin_client.post("/timetableview/import/", data=form, content_type="multipart/form-data")

    assert message in alerts(response)
    assert not TimetableEntry.objects(sitting=sitting).count()


def test_the_template_holds_the_timetable_and_comes_back_as_filled_in(admin_client, sitting):
    upload(admin_client, sitting, sheet(*GOOD))

    download = admin_client.get(f"/timetableview/template/?sitting={sitting.pk}")
    book = load_workbook(io.BytesIO(download.data))
    rows = list(book["考试安排"].iter_rows(values_only=True))
    assert rows[0] == tuple(HEADERS)
    assert rows[1] == ("03709", datetime.datetime(2031, 4, 12), "上午", datetime.time(9), datetime.time(11, 30),
                       "030101K、120402")
    assert "填写说明" in book.sheetnames

    sheet_ = book["考试安排"]
    sheet_["D2"] = datetime.time(8, 30)  # moved earlier
    sheet_.append(["00144", datetime.date(2031, 4, 13), "下午", datetime.time(14, 30), datetime.time(17), "120402"])
    filled = io.BytesIO()
    book.save(filled)
    shown = text(upload(admin_client, sitting, filled.getvalue()))

    assert "新增 1 条，更新 1 条，未变 2 条。" in shown
    assert TimetableEntry.objects.get(sitting=sitting, course=Course.objects.get(code="03709")).starts == "08:30"
    assert TimetableEntry.objects.get(sitting=sitting, course=Course.objects.get(code="00144")).half == "pm"


def test_a_template_for_a_new_sitting_is_the_headers_alone(admin_client, sitting):
    download = admin_client.get(f"/timetableview/template/?sitting={sitting.pk}")

    rows = list(load_workbook(io.BytesIO(download.data)).active.iter_rows(values_only=True))
    assert rows == [tuple(HEADERS)]
    assert "filename*=UTF-8''%E8%80%83%E8%AF%95%E5%AE%89%E6%8E%92_2031-04.xlsx" in download.headers["Content-Disposition"]


def test_a_reviewer_cannot_import_a_timetable(app, sitting):
    province = staff_client(app, "province")

    response = upload(province, sitting, sheet(*GOOD))

    assert response.status_code == 403
    assert province.get(f"/timetableview/template/?sitting={sitting.pk}").status_code == 403
    assert not TimetableEntry.objects(sitting=sitting).count()
