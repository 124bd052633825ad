"""Staff date-and-time fields: the browser's own input, which the page's script turns into a picker in the page's
language; what either sends is saved to the minute."""
import datetime
import re

import pytest

from app.models import BusinessType
from tests.fixtures import staff_client

FORM = {"key": "exemption", "title": "免考申请", "workflow_key": "exemption", "form_key": "exemption", "enabled": "y"}


def edit_page(client):
    return client.get(f"/businesstypeview/edit/{BusinessType.objects.get(key='exemption').pk}").get_data(as_text=True)


def test_the_picker_speaks_the_pages_language_and_the_field_works_without_it(app, world):
    admin = staff_client(app, "admin")

    chinese = edit_page(admin)
    admin.get("/lang/en")
    english = edit_page(admin)

    assert re.search(r'<input[^>]*id="opens_at"[^>]*type="datetime-local"', chinese), "without scripts: the browser's"
    assert "vendor/flatpickr-4.6.13/l10n/zh.js" in chinese and 'data-locale="zh"' in chinese
    assert "vendor/flatpickr-4.6.13/flatpickr.min.js" in english and 'data-locale="default"' in english
    assert "l10n/zh.js" not in english


@pytest.mark.parametrize("opens, closes", [("2027-03-01 08:30", "2027-03-31 18:00"),  # as the picker sends them
                                           ("2027-03-01T08:30", "2027-03-31T18:00")])  # as the browser's own does
def test_what_the_picker_or_the_browser_sends_is_saved_to_the_minute(app, world, opens, closes):
    admin = staff_client(app, "admin")
    kind = BusinessType.objects.get(key="exemption")

    saved = admin.post(f"/businesstypeview/edit/{kind.pk}", data={**FORM, "opens_at": opens, "closes_at": closes})

    assert saved.status_code == 302
    assert (kind.reload().opens_at, kind.closes_at) == (datetime.datetime(2027, 3, 1, 8, 30),
                                                        datetime.datetime(2027, 3, 31, 18))
