"""Sheets the platform writes for staff (queue exports, pre-audit findings, import templates and refused rows), as
Excel (.xlsx, openpyxl, write-only) or CSV that Excel opens (UTF-8 with a byte-order mark). Every text stays a text:
one a spreadsheet would run as a formula (CSV injection) is written as typed, never run."""
import csv
import datetime
import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "csv": "text/csv; charset=utf-8"}
# A text Excel would run as a formula: shown as text instead.
FORMULA = re.compile(r"^\s*[=+\-@]")


def table(fmt, title, headers, found):
    """A sheet titled `title` of `found` rows under `headers`, as `fmt` ("xlsx" or "csv")."""
    headers = [str(header) for header in headers]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headers)
        for row in found:
            writer.writerow([("'" + text) if FORMULA.match(text := _text(value)) else text for value in row])
        return out.getvalue().encode("utf-8-sig")
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(title))
    sheet.append(headers)
    for row in found:
        sheet.append([_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return "" if value is None else str(value)


def _cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever it starts with
    elif isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    return cell
