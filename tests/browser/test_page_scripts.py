"""What the pages' scripts do for a person on a phone (app/static/*.js): fields that appear with the answer that
asks for them, repeatable entries added one by one, a question before withdrawing, choosing that submits, and the
account pages' captcha and ID-type note. Applications are started through the services; the page is the point."""
import pytest

from app.models import Application, Candidate
from usecases import applications
from tests.browser.test_pages_in_browser import sign_in_candidate
from tests.workflows.fixtures import open_window
from application_types.graduation.tests.test_graduation import graduation_open  # noqa: F401  (a fixture)

ZHANG = "080105408130"


def started(app, kind):
    with app.test_request_context():
        return applications.start(Candidate.objects.get(exam_number=ZHANG), kind)


def test_the_mailing_address_is_asked_for_only_when_mail_is_chosen(app, phone, graduation_open, shots):
    application = started(app, "graduation")
    sign_in_candidate(phone, ZHANG)
    phone.open(f"/applications/{application.pk}/steps/review")
    tab, mailing = phone.tab, ("#mail_recipient", "#mail_phone", "#mail_address")
    assert not any(tab.is_visible(field) for field in mailing), "nothing chosen yet: no address asked for"

    tab.select_option("#delivery", "mail")
    assert all(tab.is_visible(field) for field in mailing)
    assert tab.is_visible("label:has-text('收件人')")
    shots(phone, "script-mail-shown")
    tab.select_option("#delivery", "pickup")
    assert not any(tab.is_visible(field) for field in mailing)

    phone.open(f"/applications/{application.pk}/steps/photo")
    assert not tab.is_visible("#photo")
    tab.select_option("#photo_source", "new")
    assert tab.is_visible("#photo") and tab.is_visible("label:has-text('新的毕业照片')")
    assert phone.violations() == []


def test_a_voucher_is_added_one_at_a_time_until_the_most_allowed(app, phone, world, shots):
    open_window("exemption")
    application = started(app, "exemption")
    Application.objects(pk=application.pk).update_one(set__working={"major": "690206", "courses": ["00261"]})
    sign_in_candidate(phone, ZHANG)
    phone.open(f"/applications/{application.pk}/steps/evidence")
    tab, add = phone.tab, phone.tab.locator("button.add-slot")
    shown = tab.locator(".slot:visible .slot-title")
    assert shown.all_inner_texts() == ["第1项"]

    add.click()
    assert shown.all_inner_texts() == ["第1项", "第2项"]
    for _more in range(3):
        add.click()
    assert shown.all_inner_texts() == ["第1项", "第2项", "第3项", "第4项", "第5项"]
    assert not add.is_visible(), "five vouchers at most: nothing more to add"
    shots(phone, "script-five-vouchers")
    assert phone.violations() == []


def test_without_script_every_voucher_and_every_conditional_field_is_there_to_fill(app, scriptless_phone, world,
                                                                                  graduation_open):
    open_window("exemption")
    exemption, graduation = started(app, "exemption"), started(app, "graduation")
    Application.objects(pk=exemption.pk).update_one(set__working={"major": "690206", "courses": ["00261"]})
    sign_in_candidate(scriptless_phone, ZHANG)
    tab = scriptless_phone.tab

    scriptless_phone.open(f"/applications/{exemption.pk}/steps/evidence")
    assert tab.locator(".slot:visible .slot-title").all_inner_texts() == ["第1项", "第2项", "第3项", "第4项", "第5项"]
    assert not tab.is_visible("button.add-slot"), "新增 needs the script: not offered without it"
    scriptless_phone.open(f"/applications/{graduation.pk}/steps/review")
    assert all(tab.is_visible(field) for field in ("#mail_recipient", "#mail_phone", "#mail_address"))


@pytest.mark.parametrize("answer, state", [("dismiss", "draft"), ("accept", "withdrawn")])
def test_withdrawing_asks_first_and_only_a_yes_withdraws(app, phone, world, answer, state):
    open_window("exemption")
    application = started(app, "exemption")
    sign_in_candidate(phone, ZHANG)
    phone.open(f"/applications/{application.pk}")
    asked = []

    def reply(dialog):
        asked.append((dialog.type, dialog.message))
        getattr(dialog, answer)()

    phone.tab.on("dialog", reply)
    phone.tab.click("button:has-text('撤回申请')")
    phone.tab.wait_for_load_state("load")

    assert asked == [("confirm", "确定撤回申请？")]
    assert Application.objects.get(pk=application.pk).state == state
    if answer == "accept":
        phone.tab.wait_for_url(f"**/applications/{application.pk}")
        assert "申请已撤回。" in phone.tab.inner_text("main")
    assert phone.violations() == []


def test_choosing_a_major_shows_its_plan_and_a_new_major_drops_the_old_extra_option(phone, world):
    sign_in_candidate(phone, "011421104387")  # 王芳, 120402 with extra-exam options
    tab = phone.tab
    phone.open("/plan")
    tab.select_option("select#major", "120103")
    tab.wait_for_url("**/plan?major=120103")
    assert "120103" in tab.inner_text("main")

    phone.open("/graduation/check?major=120402")
    option = tab.locator("select#extra option").nth(1).get_attribute("value")
    tab.select_option("select#extra", option)
    tab.wait_for_url(f"**extra={option}**")
    tab.select_option("select#major", "030101K")
    tab.wait_for_url("**major=030101K**")
    assert f"extra={option}" not in tab.url, "the extra-exam option of another major is not carried over"
    assert phone.violations() == []


def test_the_register_page_notes_other_id_types_and_renews_the_captcha_on_a_tap(phone, world):
    tab = phone.tab
    phone.open("/account/register")
    note = "其他证件类型的考生请到考籍管理区县办理注册。"
    assert not tab.is_visible(f"text={note}")
    other = tab.locator("#id_type option").nth(1).get_attribute("value")
    tab.select_option("#id_type", other)
    assert tab.is_visible(f"text={note}")
    tab.select_option("#id_type", "id_card")
    assert not tab.is_visible(f"text={note}")

    image = tab.locator("img.captcha").first
    before = image.get_attribute("src")
    with tab.expect_response("**/captcha.png?*"):
        tab.click("button:has-text('换一张')")
    assert image.get_attribute("src") != before
    assert phone.violations() == []


def test_ticking_what_changes_asks_for_its_new_value_and_unticking_hides_it(app, phone, world, shots):
    open_window("change")
    application = started(app, "change")
    sign_in_candidate(phone, ZHANG)
    first = applications.spec_of(application).steps[0].key
    phone.open(f"/applications/{application.pk}/steps/{first}")
    tab = phone.tab
    assert not tab.is_visible("#new_name") and not tab.is_visible("#new_id_number")

    tab.check("input[name=changes][value=name]")
    assert tab.is_visible("#new_name") and not tab.is_visible("#new_id_number")
    tab.check("input[name=changes][value=id_number]")
    assert tab.is_visible("#new_name") and tab.is_visible("#new_id_number")
    shots(phone, "script-change-shown")
    tab.uncheck("input[name=changes][value=name]")
    assert not tab.is_visible("#new_name") and tab.is_visible("#new_id_number")
    assert phone.violations() == []
