"""Setting a sitting up in a browser, at 390 px and at 1366 px: the timetable's template downloaded, a sheet with a bad
row refused with that row named, the corrected sheet imported, a major added to an entry by searching, and a site's
rooms added in a batch."""
from openpyxl import load_workbook

from app.models import ExamRoom, ExamSite, Sitting, TimetableEntry
from tests.browser.test_pages_in_browser import sign_in_staff
from tests.test_sitting_setup import GOOD, SITTING, sheet

SUBMIT = "#timetable-import button[type=submit]"


def test_an_administrator_imports_a_timetable_and_adds_a_sites_rooms(world, page, shots, tmp_path):
    sitting = Sitting(code=SITTING).save()
    tab = page.tab
    sign_in_staff(page)

    page.open(f"/sittingview/show/{sitting.pk}")
    shots(page, "sitting-page")
    tab.click("text=从 Excel 导入考试安排")
    assert tab.locator("#sitting").input_value() == str(sitting.pk)
    with tab.expect_download() as download:
        tab.click("#timetable-template button[type=submit]")
    assert download.value.suggested_filename == f"考试安排_{SITTING}.xlsx"
    with open(download.value.path(), "rb") as downloaded:
        assert next(load_workbook(downloaded).active.iter_rows(values_only=True))[0] == "课程代码"

    bad = tmp_path / "考试安排.xlsx"
    bad.write_bytes(sheet(*GOOD, ("99999", "2031-04-13", "下午", "14:30", "17:00", "120402")))
    tab.set_input_files("#sheet", str(bad))
    tab.click(SUBMIT)
    tab.wait_for_load_state("load")
    assert tab.locator("#import-problems tbody tr").all_inner_texts() == [
        "5\t课程代码\t课程目录中没有课程代码 99999。"]
    assert TimetableEntry.objects(sitting=sitting).count() == 0
    shots(page, "timetable-import-problems")

    good = tmp_path / "改正后.xlsx"
    good.write_bytes(sheet(*GOOD))
    tab.set_input_files("#sheet", str(good))
    tab.check("input[name=mode][value=replace]")
    tab.click(SUBMIT)
    tab.wait_for_url("**/timetableview/list/**")
    assert "新增 3 条，更新 0 条，未变 0 条，删除 0 条" in tab.locator(".alert-success").inner_text()
    shots(page, "timetable-imported")

    entry = TimetableEntry.objects.get(sitting=sitting, starts="14:30")
    page.open(f"/timetableview/edit/{entry.pk}")
    chosen = tab.locator("select[name=majors] + .select2 .select2-selection__choice")
    assert [each.lstrip("×") for each in chosen.all_inner_texts()] == ["120103 工程管理", "030101K 法学", "120402 行政管理"]
    tab.click("select[name=majors] + .select2 .select2-selection")
    tab.keyboard.type("6902")
    found = tab.locator(".select2-results__option:has-text('690206 行政管理')")
    found.wait_for()
    shots(page, "timetable-entry-majors")
    found.click()
    tab.locator("select[name=majors] + .select2 .select2-search__field").press_sequentially("无此专业")
    assert tab.locator(".select2-results__message").inner_text() == "没有找到"  # the drop-down speaks Chinese
    tab.keyboard.press("Escape")
    tab.click("#model_form button[type=submit], #model_form input[type=submit]")
    tab.wait_for_load_state("load")
    assert [major.code for major in entry.reload().majors] == ["120103", "030101K", "120402", "690206"]

    site = ExamSite.objects.first()
    rooms, seats = ExamRoom.objects(site=site).count(), sum(ExamRoom.objects(site=site, in_use=True).scalar("capacity"))
    page.open(f"/examsiteview/show/{site.pk}")
    tab.fill("#count", "4")
    tab.fill("#capacity", "35")
    tab.click("#add-rooms button[type=submit]")
    tab.wait_for_load_state("load")
    first = f"{rooms + 1:03d}"
    assert f"已添加考场 {first}–{rooms + 4:03d}，共 4 间，每间 35 座。" in tab.locator(".alert-success").inner_text()
    assert tab.locator("tr", has_text="座位总数").inner_text().split() == ["座位总数", str(seats + 4 * 35)]
    assert ExamRoom.objects(site=site).count() == rooms + 4
    shots(page, "exam-site-rooms")
    assert page.violations() == []

