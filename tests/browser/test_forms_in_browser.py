"""Forms in the browser, at phone and desktop widths: back-registration 成绩补登 shows each kind's own fields as
补登类型 changes, refuses a month past the kind's limit on the step and reaches preview and submit; an administrator
publishes news with the 发布时间 the form offers."""
import pytest

from app.models import Application, News
from tests.browser.test_pages_in_browser import sign_in_candidate, sign_in_staff
from tests.fixtures import jpeg
from tests.workflows.fixtures import open_window

ZHANG = "080105408130"
KIND_FIELDS = ("#mark", "#grade", "#from_province")
LABELS = {"#mark": "成绩", "#grade": "免考结果", "#from_province": "来源省"}
# For each kind: the fields it shows, its answers, a month past its limit and what the step says of it.
KINDS = {
    "exam": (("#mark",), {"#course": "00261", "#mark": "72"}, "2001-10",
             "2003-04", "只能补登2002年及以前的考试成绩，2003-04 的成绩请核对考次。"),
    "exemption": (("#grade",), {"#course": "00321", "#grade": "通过"}, "2015-06",
                  "2020-01", "仅限补登2020年以前已办理的免考或转入，2020-01 办理的请通过相应业务申请。"),
    "transfer_in": (("#mark", "#from_province"), {"#course": "00034", "#mark": "65", "#from_province": "江西省"},
                    "2016-10", "2021-06", "仅限补登2020年以前已办理的免考或转入，2021-06 办理的请通过相应业务申请。"),
}


def shown(tab):
    return tuple(field for field in KIND_FIELDS if tab.is_visible(field))


def fill(tab, answers):
    for selector, value in answers.items():
        if tab.evaluate(f"document.querySelector('{selector}').tagName") == "SELECT":
            tab.select_option(selector, value)
        else:
            tab.fill(selector, value)


@pytest.fixture
def proof(tmp_path):
    path = tmp_path / "成绩单.jpg"
    path.write_bytes(jpeg())
    return str(path)


def test_back_registration_of_each_kind_shows_its_fields_refuses_a_late_month_and_is_submitted(
        page, world, proof, shots):
    open_window("backfill")
    sign_in_candidate(page, ZHANG)
    tab = page.tab
    tab.on("dialog", lambda dialog: dialog.accept())

    for kind, (fields, answers, month, late, refusal) in KINDS.items():
        page.open("/apply/backfill")
        tab.click("text=立即申请")
        tab.check("input[name=agree]")
        tab.click("button:has-text('继续申请')")
        tab.wait_for_url("**/steps/score")
        assert shown(tab) == (), "no kind chosen: none of the kinds' own fields"
        for other, (other_fields, *_rest) in KINDS.items():  # the fields switch as 补登类型 changes
            tab.select_option("#kind", other)
            assert shown(tab) == other_fields, other
        tab.select_option("#kind", kind)
        fill(tab, {**answers, "#sitting": late})
        tab.set_input_files("#proof", proof)
        tab.click("button:has-text('保存，下一步')")
        tab.wait_for_load_state("load")

        field = tab.locator(".field.has-error")
        assert field.count() == 1 and "通过或办理时间" in field.inner_text() and refusal in field.inner_text()
        assert shown(tab) == fields, "the page comes back with the kind's own fields"
        shots(page, f"backfill-{kind}-refused")

        tab.fill("#sitting", month)
        tab.click("button:has-text('保存，下一步')")
        tab.wait_for_url("**/preview")
        rows = dict(zip(tab.locator("dl.summary dt").all_inner_texts(), tab.locator("dl.summary dd").all_inner_texts(),
                        strict=True))
        assert rows["通过或办理时间"] == month
        assert [label for label in ("成绩", "免考结果", "来源省") if label in rows] == [LABELS[f] for f in fields]
        shots(page, f"backfill-{kind}-preview")
        tab.click("button:has-text('确认无误，提交申请')")
        tab.wait_for_load_state("load")
        assert "考区审核中" in tab.inner_text("main")

    submitted = Application.objects(type="backfill", state="district_review")
    assert sorted(a.data["kind"] for a in submitted) == sorted(KINDS)
    exemption = next(a for a in submitted if a.data["kind"] == "exemption")
    assert "mark" not in exemption.data and exemption.data["grade"] == "通过"
    assert page.violations() == []


def test_an_administrator_publishes_news_at_the_time_the_form_offers(page, world, shots):
    sign_in_staff(page)
    tab = page.tab
    page.open("/newsview/add")
    offered = tab.input_value("#published_at")
    assert len(offered) == len("2026-12-01 08:10"), offered  # shown to the minute, as the picker writes it

    tab.fill("#title", "2027年上半年报考安排")
    tab.fill("#body", "报考时间以考试院公告为准。")
    tab.check("#published")
    shots(page, "news-add")
    tab.click("button[type=submit]:has-text('保存'), input[type=submit]")
    tab.wait_for_load_state("load")

    news = News.objects.get(title="2027年上半年报考安排")
    assert news.published and news.published_at.strftime("%Y-%m-%d %H:%M") == offered
    assert "不是有效的日期与时间值" not in tab.inner_text("body")
    shots(page, "news-saved")
    page.open("/news")
    assert "2027年上半年报考安排" in tab.inner_text("main")
