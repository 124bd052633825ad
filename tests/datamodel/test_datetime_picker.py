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


def _add_pages_with_a_time_default(app, admin):
    """(view, add page, [date-time columns with a default it shows]) of each staff add form an administrator opens
    that shows one."""
    from app.datamodel.views import MongoModelView

    found = []
    for view in app.appbuilder.baseviews:
        if not isinstance(view, MongoModelView) or "add" in view.exclude_route_methods:
            continue
        fields = view.datamodel.obj._fields
        defaulted = [name for name in view.datamodel.get_columns_list()
                     if view.datamodel.is_datetime(name) and fields[name].default is not None]
        url = f"/{view.route_base.strip('/')}/add"
        page = admin.get(url) if defaulted else None
        shown = [name for name in defaulted if page is not None and page.status_code == 200
                 and f'name="{name}"' in page.get_data(as_text=True)]
        if shown:
            found.append((view, url, page.get_data(as_text=True), shown))
    return found


def shown_form(html):
    """The values an add page's form shows, as the browser would post them back unchanged."""
    form = re.search(r'<form[^>]*id="model_form".*?</form>', html, re.S) or re.search(r"<form.*?</form>", html, re.S)
    values = {}
    for tag in re.findall(r"<input[^>]*>", form.group(0)):
        name, value = re.search(r'name="([^"]*)"', tag), re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]*)"', tag)
        if name and not (kind and kind.group(1) == "checkbox" and " checked" not in tag):
            values[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]*)"[^>]*>(.*?)</textarea>', form.group(0), re.S):
        values[name] = body
    for name, options in re.findall(r'<select[^>]*name="([^"]*)"[^>]*>(.*?)</select>', form.group(0), re.S):
        chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', options)
        values[name] = next(filter(None, chosen.groups())) if chosen else ""
    return values


def test_every_add_form_with_a_time_default_saves_what_it_shows_unchanged(app, world):
    admin = staff_client(app, "admin")
    pages = _add_pages_with_a_time_default(app, admin)
    assert [type(view).__name__ for view, *_rest in pages] == ["NewsView"]  # the one there is today

    for view, url, page, names in pages:
        shown = shown_form(page)
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", shown[name]) for name in names), shown
        required = {name: "测试" for name, value in shown.items() if value == "" and name in ("title", "body")}

        saved = admin.post(url, data={**shown, **required})

        assert saved.status_code == 302, re.findall(r'class="help-block">(.*?)<', saved.get_data(as_text=True))
        item = view.datamodel.obj.objects.order_by("-id").first()
        for name in names:
            assert getattr(item, name).strftime("%Y-%m-%dT%H:%M") == shown[name]
            assert getattr(item, name).second == getattr(item, name).microsecond == 0, "saved as it was shown"


NEWS = {"title": "2027年上半年报考通知", "body": "报考时间另行通知。", "published": "y"}


@pytest.mark.parametrize("typed, saved", [
    ("2027-03-01 08:30", datetime.datetime(2027, 3, 1, 8, 30)),
    ("2027-03-01 08:30:15", datetime.datetime(2027, 3, 1, 8, 30, 15)),
    ("2027-03-01 08:30:15.131481", datetime.datetime(2027, 3, 1, 8, 30, 15, 131000)),  # the store keeps milliseconds
    ("2027-03-01T08:30:15", datetime.datetime(2027, 3, 1, 8, 30, 15)),
], ids=["as-shown", "with-seconds", "with-a-fraction", "browser-with-seconds"])
def test_a_time_typed_as_shown_with_or_without_seconds_is_saved(app, world, typed, saved):
    from app.models import News

    admin = staff_client(app, "admin")

    response = admin.post("/newsview/add", data={**NEWS, "published_at": typed})

    assert response.status_code == 302
    assert News.objects.get(title=NEWS["title"]).published_at == saved


@pytest.mark.parametrize("typed", ["2027-03-01", "2027/03/01 08:30", "明天早上", "2027-02-30 08:30"])
def test_a_time_that_is_no_time_is_refused_with_its_message(app, world, typed):
    from app.models import News

    admin = staff_client(app, "admin")

    response = admin.post("/newsview/add", data={**NEWS, "published_at": typed})

    assert response.status_code == 200 and "不是有效的日期与时间值" in response.get_data(as_text=True)
    assert not News.objects(title=NEWS["title"])


def test_a_stored_time_saved_unchanged_keeps_its_seconds_and_a_changed_one_is_saved(app, world):
    from app.models import AuditEntry, News

    item = News(**{**NEWS, "published": True}, published_at=datetime.datetime(2027, 3, 1, 8, 30, 42, 5000)).save()
    admin = staff_client(app, "admin")
    shown = shown_form(admin.get(f"/newsview/edit/{item.pk}").get_data(as_text=True))
    assert shown["published_at"] == "2027-03-01T08:30"

    assert admin.post(f"/newsview/edit/{item.pk}", data=shown).status_code == 302
    assert item.reload().published_at == datetime.datetime(2027, 3, 1, 8, 30, 42, 5000)
    assert "published_at" not in (AuditEntry.objects(action="edit").order_by("-at").first().changes or {})

    admin.post(f"/newsview/edit/{item.pk}", data={**shown, "published_at": "2027-03-01 09:00"})
    assert item.reload().published_at == datetime.datetime(2027, 3, 1, 9)
