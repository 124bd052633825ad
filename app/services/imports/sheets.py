"""Reading an uploaded import file and writing its template and its refused rows.

A file is an Excel workbook (.xlsx, read with openpyxl in read-only mode) or CSV (UTF-8 with or without a byte-order
mark, or GB18030, as Excel in Chinese saves it). Its first row holds the column labels; columns are found by label,
so their order is free and other columns are ignored (the 问题 column of a refused-rows sheet, for one). A file is
refused whole, with a message saying why, when it is no spreadsheet, is over the limits (IMPORT_MAX_BYTES,
IMPORT_MAX_ROWS), lacks a required column, or holds a formula (or text a spreadsheet would run as one) in a cell.
"""
import csv
import datetime
import io
import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from app.services import spreadsheets

log = logging.getLogger(__name__)

FORMATS = spreadsheets.FORMATS
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
# Text a spreadsheet would run as a formula (spreadsheets.FORMULA), unless it is a plain signed number.
NUMBER = re.compile(r"\s*[+-]?\d+(\.\d+)?\s*")
PROBLEM = _l("问题")


class Unreadable(Exception):
    """The file as a whole cannot be taken; the message says why, in the user's language."""


class Invalid(ValueError):
    """A cell's value that does not parse; the message says what it should be."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


@dataclass(frozen=True)
class Column:
    """A column of a kind of import: its label (its header), whether a row must fill it, how a cell is read
    (`parse(value)` returns the typed value or raises Invalid) and what the page and the template say of it."""

    name: str
    label: object
    parse: Callable
    required: bool = True
    note: object = ""

    @property
    def title(self):
        return str(self.label)


def limits():
    return current_app.config["IMPORT_MAX_BYTES"], current_app.config["IMPORT_MAX_ROWS"]


def screen(filename, size):
    """Refuse (Unreadable) by its name and size alone a file that cannot be taken, before it is kept."""
    max_bytes, _rows = limits()
    if not (filename or "").lower().endswith((".xlsx", ".csv")):
        raise Unreadable(_("只能导入 Excel（.xlsx）或 CSV（.csv）文件，请下载模板填写。"))
    if not size:
        raise Unreadable(_("文件是空的。"))
    if size > max_bytes:
        raise Unreadable(_("文件超过 %(mb)d MB 的上限，请分成几个文件导入。", mb=max_bytes // (1024 * 1024)))


def read(content, filename, columns):
    """[(row number, {column name: cell value})] of the file's filled rows; raises Unreadable."""
    max_bytes, max_rows = limits()
    name = (filename or "").lower()
    screen(filename, len(content))
    if content.startswith(XLS_MAGIC):
        raise Unreadable(_("这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 格式后再上传。"))
    if content.startswith(b"PK\x03\x04"):
        lines = workbook_rows(content, 20 * max_bytes)
    elif name.endswith(".csv"):
        lines = _csv_rows(content)
    else:
        raise Unreadable(_("文件无法读取：不是有效的 .xlsx 文件，或文件已损坏。请用模板填写后另存为 .xlsx 再上传。"))
    return _filled(lines, columns, max_rows)


def workbook_rows(content, max_unpacked, sheet=None, formulas=True):
    """The rows (values) of an .xlsx's sheet named `sheet`, else its first; raises Unreadable for a broken file or
    one whose parts unzip beyond `max_unpacked` bytes. `formulas`: a formula cell reads as written (so it can be
    refused), else as the value Excel last worked out."""
    unreadable = Unreadable(_("文件无法读取：不是有效的 .xlsx 文件，或文件已损坏。请用模板填写后另存为 .xlsx 再上传。"))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as packed:
            unpacked = sum(part.file_size for part in packed.infolist())
    except zipfile.BadZipFile as error:
        raise unreadable from error
    if unpacked > max_unpacked:
        raise Unreadable(_("文件内容过多，请删去多余的工作表或内容后再上传。"))
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=not formulas)
        found = book[sheet] if sheet in book.sheetnames else book.worksheets[0]
    except Exception as error:  # openpyxl reports a broken file by whichever error its parser met first
        log.info("Unreadable workbook: %r", error)
        raise unreadable from error
    try:
        yield from found.iter_rows(values_only=True)
    except Exception as error:
        log.info("Unreadable workbook: %r", error)
        raise unreadable from error
    finally:
        book.close()


def _csv_rows(content):
    if b"\x00" in content:
        raise Unreadable(_("文件无法读取：不是 CSV 文本文件。请用模板填写后另存为 .csv 或 .xlsx 再上传。"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Unreadable(_("文件无法读取：CSV 文件应为 UTF-8 或 GB18030 编码。"))
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error as error:
        raise Unreadable(_("文件无法读取：CSV 格式有误（%(detail)s）。", detail=str(error)[:100])) from error


def _filled(lines, columns, max_rows):
    lines = iter(lines)
    header = [_text(value) for value in next(lines, ())]
    where = {column.name: header.index(column.title) for column in columns if column.title in header}
    missing = [column.title for column in columns if column.required and column.name not in where]
    if missing:
        raise Unreadable(_("第1行表头缺少：%(missing)s。请使用下载的模板，不要改动表头。", missing="、".join(missing)))
    titles = {column.name: column.title for column in columns}
    filled = []
    for number, values in enumerate(lines, start=2):
        cells = {name: values[index] if index < len(values) else None for name, index in where.items()}
        if all(blank(value) for value in cells.values()):
            continue
        for name, value in cells.items():
            if isinstance(value, str) and spreadsheets.FORMULA.match(value) and not NUMBER.fullmatch(value):
                raise Unreadable(_("第%(row)d行“%(column)s”列的内容以“%(sign)s”开头，可能是公式，为安全起见整个文件不予导入。"
                                   "请改为纯文本或数字后再上传。", row=number, column=titles[name],
                                   sign=value.strip()[0]))
        if len(filled) == max_rows:
            raise Unreadable(_("文件超过 %(rows)d 行的上限，请分成几个文件导入。", rows=max_rows))
        filled.append((number, cells))
    if not filled:
        raise Unreadable(_("文件中除表头外没有填写任何数据。"))
    return filled


def _text(value):
    return "" if value is None else str(value).strip()


def blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def parse_row(columns, cells):
    """({name: typed value}, [(column label, message)]) of one row's cells; blank optional cells are None."""
    values, problems = {}, []
    for column in columns:
        raw = cells.get(column.name)
        if blank(raw):
            values[column.name] = None
            if column.required:
                problems.append((column.title, _("请填写%(column)s。", column=column.title)))
            continue
        try:
            values[column.name] = column.parse(raw.strip() if isinstance(raw, str) else raw)
        except Invalid as error:
            values[column.name] = None
            problems.append((column.title, error.message))
    return values, problems


def shown(value):
    """A cell's value written back to a sheet as it was read: numbers as numbers, times as dates, the rest as text."""
    if isinstance(value, (int, float, datetime.date)) or value is None:
        return value
    return str(value)


def template(columns, notes, fmt):
    """The file to fill in, as `fmt` ("xlsx" or "csv"): the header row, and (xlsx) a sheet of notes on each column."""
    headers = [column.title for column in columns]
    if fmt == "csv":
        return spreadsheets.table("csv", "", headers, [])
    book = Workbook()
    sheet = book.active
    sheet.title = str(_l("数据"))
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = 16
        sheet.column_dimensions[letter].number_format = "@"  # codes keep their leading zeros
    sheet.freeze_panes = "A2"
    explained = book.create_sheet(str(_l("填写说明")))
    explained.append([str(_l("列")), str(_l("是否必填")), str(_l("填写要求"))])
    for column in columns:
        explained.append([column.title, str(_l("必填") if column.required else _l("选填")), str(column.note)])
    for line in notes:
        explained.append([str(line)])
    explained.column_dimensions["A"].width = 18
    explained.column_dimensions["C"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused_sheet(columns, rows):
    """The refused rows as an .xlsx to correct and import again: the file's columns, then 问题; every text a text."""
    headers = [column.title for column in columns] + [str(PROBLEM)]
    return spreadsheets.table("xlsx", _l("被拒绝的行"), headers,
                         ([shown(cells.get(column.name)) for column in columns] + [problems] for cells, problems in rows))
