"""Files to import, made as an administrator would fill in a template, and the upload and commit as the pages do."""
import csv
import io
import re

from openpyxl import Workbook

from app.models import DataImport
from tests.fixtures import text

SCORE_HEADERS = ("准考证号", "姓名", "课程代码", "成绩", "等级", "考次")


def xlsx(headers, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_file(headers, rows, encoding="utf-8-sig"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def upload(client, kind, content, filename="文件.xlsx"):
    """Upload a file on the new-import page; the import's page once its check (run inline) is done."""
    answer = client.post("/imports/new", data={"kind": kind, "file": (io.BytesIO(content), filename)},
                         content_type="multipart/form-data")
    assert answer.status_code == 302, text(answer)
    page = client.get(answer.location)
    assert page.status_code == 200
    return page


def latest():
    return DataImport.objects.order_by("-uploaded_at").first()


def commit(client, mode="valid", data_import=None):
    data_import = data_import or latest()
    answer = client.post(f"/imports/{data_import.pk}/commit", data={"mode": mode})
    assert answer.status_code == 302
    return client.get(answer.location)


def counts(page):
    """{new, changed, unchanged, refused} as the import's page shows them."""
    html = page.get_data(as_text=True)
    return {name: int(re.search(rf'id="count-{name}">(\d+)<', html).group(1))
            for name in ("new", "changed", "unchanged", "refused")}


def problems(page):
    """[(row, column, message)] of the report's page shown."""
    html = page.get_data(as_text=True)
    table = re.search(r'<table[^>]*id="problems".*?</table>', html, re.S)
    if table is None:
        return []
    return [tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))
            for row in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S) if "<td" in row]
