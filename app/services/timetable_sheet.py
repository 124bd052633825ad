"""A sitting's timetable as an Excel sheet: the template to fill in (holding the sitting's entries already made), and
a filled-in sheet read, checked row by row and saved at once, or not at all.

Cells are read as Excel typed them: a date as a date, a time as a time, a code Excel took for a number as that
number (3709 is course 03709), or any of them as text in the forms the template's notes name.
"""
import datetime
import io
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from mongoengine import ValidationError
from mongoengine.base.document import NON_FIELD_ERRORS
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from app.models import Course, Major, Registration, TimetableEntry
from app.models.sitting import HALVES
from app.services.imports import sheets
from app.services.imports.base import day
from app.services.imports.sheets import Invalid, Unreadable, blank

COLUMNS = (("course", _l("课程代码")), ("day", _l("考试日期")), ("half", _l("上午/下午")),
           ("starts", _l("开始时间")), ("ends", _l("结束时间")), ("majors", _l("开考专业代码")))
SHEET = _l("考试安排")
MAX_BYTES = 2 * 1024 * 1024  # an upload larger than this is refused unread
MAX_UNPACKED = 30 * 1024 * 1024  # what the file's parts may hold once unzipped
MAX_ROWS = 2000  # filled-in rows
MODES = (("merge", _l("新增或更新：表中的课程新增或更新，本考次其他课程的安排保留")),
         ("replace", _l("替换：本考次的考试安排改为与表中完全一致，表中没有的课程删除")))
MODE_NAMES = {"merge": _l("新增或更新"), "replace": _l("替换")}
MAJOR_SEPARATORS = re.compile(r"[、,，;；\s]+")
CLOCK_TEXT = re.compile(r"(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*00)?")


@dataclass
class Problem:
    """Why a row (None: the sheet as a whole) cannot be saved; `column` is the header the reason concerns."""

    row: int | None
    column: str
    reason: str


@dataclass
class Checked:
    """What a sheet would save: each row's entry, keyed by course code, or the problems that stop it."""

    entries: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    before: dict = field(default_factory=dict)  # {course code: (id, what it holds)} of the sitting's stored entries


@dataclass
class Outcome:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


def _label(name):
    return str(dict(COLUMNS)[name])


def template(sitting):
    """The .xlsx to fill in for `sitting`: the headers, the sitting's entries so far, and a sheet of notes."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(SHEET)
    sheet.append([_label(name) for name, _label_ in COLUMNS])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    halves = dict(HALVES)
    entries = TimetableEntry.objects(sitting=sitting).select_related(max_depth=1)
    for entry in sorted(entries, key=lambda e: (e.day, e.half, e.starts, e.course.code)):
        sheet.append([entry.course.code, entry.day, str(halves[entry.half]),
                      datetime.time.fromisoformat(entry.starts), datetime.time.fromisoformat(entry.ends),
                      "、".join(major.code for major in entry.majors)])
    formats = {"A": "@", "B": "yyyy-mm-dd", "D": "hh:mm", "E": "hh:mm", "F": "@"}
    for letter, width in zip("ABCDEF", (12, 14, 12, 12, 12, 40), strict=True):
        sheet.column_dimensions[letter].width = width
        if letter in formats:
            sheet.column_dimensions[letter].number_format = formats[letter]
            for (cell,) in sheet.iter_rows(min_row=2, min_col=ord(letter) - 64, max_col=ord(letter) - 64):
                cell.number_format = formats[letter]
    halves_list = DataValidation(type="list", formula1='"' + ",".join(str(label) for _v, label in HALVES) + '"',
                                 allow_blank=True, error=_("请填写“上午”或“下午”。"), showErrorMessage=True)
    halves_list.add(f"C2:C{MAX_ROWS + 1}")
    sheet.add_data_validation(halves_list)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(_("填写说明"))
    for line in _notes(sitting):
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _notes(sitting):
    return (_("%(sitting)s考试安排：每行一门课程，第一行为表头，请勿改动表头。", sitting=sitting.title),
            _("课程代码：5位数字，如 03709；须是课程目录中已有的课程，同一课程只能出现一次。"),
            _("考试日期：如 2027-04-10，须在本考次所在的月份内。"),
            _("上午/下午：填“上午”或“下午”；上午场次须在12:00前开始，下午场次须在12:00及以后开始。"),
            _("开始时间、结束时间：如 09:00、11:30；结束时间须晚于开始时间。"),
            _("开考专业代码：开考此课程的专业，如 030101K；多个专业用顿号、逗号或空格分隔。"),
            _("最多 %(rows)d 行，文件不超过 %(mb)d MB。导入时任何一行有误，整张表都不保存。",
              rows=MAX_ROWS, mb=MAX_BYTES // (1024 * 1024)))


def rows(data, filename):
    """[(row number, {column: cell value})] of the filled-in rows of an uploaded sheet; raises Unreadable."""
    if not (filename or "").lower().endswith(".xlsx"):
        raise Unreadable(_("请上传 .xlsx 格式的 Excel 文件（可先下载模板填写）。"))
    if len(data) > MAX_BYTES:
        raise Unreadable(_("文件超过 %(mb)d MB，请删去多余的内容后再上传。", mb=MAX_BYTES // (1024 * 1024)))
    if data.startswith(sheets.XLS_MAGIC):
        raise Unreadable(_("这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 格式后再上传。"))
    return _filled(sheets.workbook_rows(data, MAX_UNPACKED, sheet=str(SHEET), formulas=False))


def _filled(found):
    header = [str(value).strip() if value is not None else "" for value in next(found, ())]
    where = {name: header.index(_label(name)) for name, _label_ in COLUMNS if _label(name) in header}
    missing = [_label(name) for name, _label_ in COLUMNS if name not in where]
    if missing:
        raise Unreadable(_("第1行表头缺少：%(missing)s。请使用下载的模板，不要改动表头。", missing="、".join(missing)))
    filled = []
    for number, values in enumerate(found, start=2):
        cells = {name: values[index] if index < len(values) else None for name, index in where.items()}
        if all(blank(value) for value in cells.values()):
            continue
        if len(filled) == MAX_ROWS:
            raise Unreadable(_("表中超过 %(rows)d 行，请分成几个文件导入。", rows=MAX_ROWS))
        filled.append((number, cells))
    if not filled:
        raise Unreadable(_("表中没有填写任何考试安排。"))
    return filled


def _code(value, width):
    """A code as text: Excel's number 3709 is 03709 (width 5); text is taken as typed, less spaces."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:0{width}d}" if value >= 0 else None
    return str(value).strip().upper() if isinstance(value, str) else None


def _day(value):
    """A date from Excel's date, or from text such as 2027-04-10; None when it is neither."""
    try:
        return day(value)
    except Invalid:
        return None


def _clock(value):
    """A time as HH:MM, from Excel's time (or date and time) or from text such as 9:00."""
    if isinstance(value, datetime.datetime):
        value = value.time()
    if isinstance(value, datetime.time):
        return None if value.second or value.microsecond else f"{value:%H:%M}"
    found = CLOCK_TEXT.fullmatch(value.strip()) if isinstance(value, str) else None
    if found and int(found.group(1)) < 24 and int(found.group(2)) < 60:
        return f"{int(found.group(1)):02d}:{found.group(2)}"
    return None


def _half(value):
    text = value.strip() if isinstance(value, str) else None
    return next((key for key, label in HALVES if str(label) == text), None)


def _major_codes(value):
    if blank(value):
        return []
    if not isinstance(value, str):
        value = _code(value, 6) or ""
    return list(dict.fromkeys(code.upper() for code in MAJOR_SEPARATORS.split(value.strip()) if code))


@dataclass
class Known:
    """What a sheet's rows are checked against, read in one query each: its courses, its majors, the sitting's
    entries."""

    sitting: object
    courses: dict
    majors: dict
    existing: dict

    @classmethod
    def read(cls, sitting, filled):
        codes = {_code(cells["course"], 5) for _number, cells in filled} - {None}
        wanted = {code for _number, cells in filled for code in _major_codes(cells["majors"])}
        return cls(sitting, {course.code: course for course in Course.objects(code__in=list(codes)).only("code", "name")},
                   {major.code: major for major in Major.objects(code__in=list(wanted)).only("code", "name")},
                   {entry.course.code: entry
                    for entry in TimetableEntry.objects(sitting=sitting).select_related(max_depth=1)})


def check(sitting, filled):
    """Each filled-in row read and checked against the catalogue, the sitting and the rest of the sheet: the entry it
    makes (its course's existing entry, changed, or a new one), or every problem of every row."""
    known = Known.read(sitting, filled)
    checked = Checked(before={code: (entry.pk, _stored(entry)) for code, entry in known.existing.items()})
    first_row = {}
    for number, cells in filled:
        code, entry, problems = _row(number, cells, known, first_row)
        if code:
            first_row.setdefault(code, number)
        if problems:
            checked.problems += problems
        else:
            checked.entries[code] = entry
    return checked


def _row(number, cells, known, first_row):
    """(course code, entry, problems) of one row; `first_row` holds the rows where codes appeared before."""
    problems = []

    def refuse(name, reason):
        problems.append(Problem(number, _label(name), reason))

    code = _code(cells["course"], 5)
    if blank(cells["course"]):
        refuse("course", _("请填写课程代码。"))
    elif not code or not re.fullmatch(r"\d{5}", code):
        refuse("course", _("课程代码应为5位数字，如 03709。"))
    elif code not in known.courses:
        refuse("course", _("课程目录中没有课程代码 %(code)s。", code=code))
    elif code in first_row:
        refuse("course", _("课程 %(code)s 在第 %(row)d 行已有安排，同一课程只能出现一次。", code=code,
                           row=first_row[code]))
    day, half = _day(cells["day"]), _half(cells["half"])
    times = {name: _clock(cells[name]) for name in ("starts", "ends")}
    if day is None:
        refuse("day", _("请填写考试日期。") if blank(cells["day"]) else _("考试日期应为日期，如 2027-04-10。"))
    if half is None:
        refuse("half", _("请填写“上午”或“下午”。") if blank(cells["half"])
               else _("应填“上午”或“下午”，不能填“%(given)s”。", given=str(cells["half"]).strip()[:20]))
    for name, clock in times.items():
        if clock is None:
            refuse(name, _("请填写%(what)s。", what=_label(name)) if blank(cells[name])
                   else _("%(what)s应为时间，如 09:00。", what=_label(name)))
    codes = _major_codes(cells["majors"])
    unknown = [each for each in codes if each not in known.majors]
    if unknown:
        refuse("majors", _("没有这些专业代码：%(codes)s。", codes="、".join(unknown)))
    if problems:
        return code, None, problems
    entry = known.existing.get(code) or TimetableEntry(sitting=known.sitting, course=known.courses[code])
    entry.day, entry.half, entry.starts, entry.ends = day, half, times["starts"], times["ends"]
    entry.majors = [known.majors[each] for each in codes]
    try:
        entry.validate()
    except ValidationError as error:  # the entry's own rules: its month, its half-day, its times' order
        for name, reason in _reasons(error):
            refuse(name if name in dict(COLUMNS) else "course", reason)
    return code, entry, problems


def _reasons(error):
    """(field, message) of each of a document's validation errors, those its clean() raised included."""
    for name, reason in (error.errors or {}).items():
        if name == NON_FIELD_ERRORS and getattr(reason, "errors", None):
            yield from _reasons(reason)
        else:
            yield name, str(getattr(reason, "message", reason))


def registered(sitting, codes):
    """Which of the course codes candidates have registered for in the sitting (its timetable must keep them)."""
    if not codes:
        return []
    return sorted(set(Registration.objects(sitting=sitting, courses__in=list(codes)).distinct("courses")) & set(codes))


def _stored(entry):
    return (entry.day, entry.half, entry.starts, entry.ends, sorted(major.pk for major in entry.majors))


def save(sitting, checked, mode):
    """Write a checked sheet: its entries added or updated; with `replace`, the sitting's other entries removed, unless
    candidates have registered for one of those courses (then a problem, None, and nothing written). A few writes,
    not one per row: the removals and the additions in one each, an update per entry that changed."""
    outcome = Outcome()
    dropped = sorted(set(checked.before) - set(checked.entries)) if mode == "replace" else []
    taken = registered(sitting, dropped)
    if taken:
        checked.problems.append(Problem(None, _label("course"), _(
            "已有考生报考课程 %(codes)s，替换时不能删去这些课程的安排；请把它们留在表中，或改用“新增或更新”。",
            codes="、".join(taken))))
        return None
    added = [entry for entry in checked.entries.values() if entry.pk is None]
    changed = [entry for code, entry in checked.entries.items()
               if entry.pk is not None and checked.before[code][1] != _stored(entry)]
    collection = TimetableEntry._get_collection()
    if dropped:
        collection.delete_many({"_id": {"$in": [checked.before[code][0] for code in dropped]}})
    if added:
        collection.insert_many([entry.to_mongo().to_dict() for entry in added])
    for entry in changed:
        collection.replace_one({"_id": entry.pk}, entry.to_mongo().to_dict())
    outcome.added, outcome.updated, outcome.removed = len(added), len(changed), len(dropped)
    outcome.unchanged = len(checked.entries) - len(added) - len(changed)
    return outcome
