"""The README's walk-throughs in the browser: the candidate on a phone, staff at a desktop, each doing what the
README says a person does; windows, sessions and other preconditions are set up through the services."""
import re

import pypdfium2 as pdfium
import pytest

from app.models import Application, Candidate
from app.services import idcard
from tests.browser.test_pages_in_browser import sign_in_candidate, sign_in_staff
from tests.browser.test_walkthroughs import CAPTCHA, captchas  # noqa: F401  (a fixture)
from tests.fixtures import jpeg
from tests.services.test_photos import id_card_photo, registration_photo
from application_types.graduation.tests.test_registration_form import A3
from tests.workflows.fixtures import open_window, review, staff_client, submitted_many
from application_types.graduation.tests.test_graduation import ASSESSMENT, PRIOR, REGISTER, graduation_open, slot  # noqa: F401
from workflows.engine import Actor

NEW_ID = idcard.with_check_digit("14010519900101123")  # born 1990, registering at 小店区 (140105)
ZHANG = "080105408130"


def image(name, content):
    return {"name": name, "mimeType": "image/jpeg", "buffer": content}


def answer(tab, values):
    """Fill a generated form by field name, as a person would: type, choose, or tick."""
    for name, value in values.items():
        control = tab.locator(f"[name='{name}']").first
        kind = control.evaluate("e => e.tagName === 'SELECT' ? 'select' : e.type")
        if kind == "select":
            tab.select_option(f"[name='{name}']", value)
        elif kind in ("radio", "checkbox"):
            tab.check(f"[name='{name}'][value='{value}']")
        else:
            control.fill(value)


def on_one_line(tab, selector):
    """Whether each table cell matched reads on one line (a heading broken a character a line is hard to read) and
    the page does not scroll sideways (a table wider than the phone scrolls in its own box)."""
    return tab.evaluate("""selector => Array.from(document.querySelectorAll(selector)).every(cell => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const lines = new Set(Array.from(range.getClientRects(), rect => Math.round(rect.top)));
        return lines.size <= 1 && document.documentElement.scrollWidth <= window.innerWidth; })""", selector)


def next_step(tab, step):
    tab.click("button:has-text('保存，下一步')")
    tab.wait_for_url(f"**/{step}")


def register(page, id_number, name, district, phone):
    """Fill the registration form, get the SMS code past the captcha, confirm; the exam number shown."""
    tab = page.tab
    page.open("/account/register")
    answer(tab, {"id_number": id_number, "name": name, "password": "abc12345", "password2": "abc12345",
                 "district": district, "phone": phone, "captcha": CAPTCHA})
    tab.click("button.sms-send")
    code = re.search(r"演示模式短信验证码：(\d{6})", tab.locator(".sms-status.sent").inner_text(timeout=5000)).group(1)
    assert tab.is_disabled("button.sms-send") and re.fullmatch(r"\d+秒后重新获取", tab.inner_text("button.sms-send"))
    answer(tab, {"sms_code": code, "captcha": CAPTCHA})
    tab.click("text=下一步：核对信息")
    tab.wait_for_url("**/account/register/confirm")
    tab.click("text=信息无误，确认注册")
    tab.wait_for_url("**/account/registered")
    return tab.inner_text(".exam-number")


def begin(page, link, notice):
    """From the home page, open an application type, apply and agree to its notice."""
    page.open("/home")
    page.tab.click(f"a:has-text('{link}')")
    page.tab.click("text=立即申请")
    page.tab.wait_for_url(notice)
    page.tab.check("input[name=agree]")
    page.tab.click("button:has-text('继续申请')")


def submit(page):
    page.tab.click("button:has-text('确认无误，提交申请')")
    page.tab.wait_for_url(re.compile(r"/applications/\w+$"))
    assert "申请已提交" in page.tab.inner_text("main")
    return Application.objects.get(pk=page.tab.url.rsplit("/", 1)[1])


def open_from_the_menu(staff, menu, application):
    """业务审核 → the type's list → the candidate's row."""
    staff.tab.click("a.dropdown-toggle:has-text('业务审核')")
    staff.tab.click(f".dropdown-menu a:has-text('{menu}')")
    staff.tab.wait_for_load_state("load")
    staff.tab.click(f"a[href*='/applicationview/show/{application.pk}']")
    staff.tab.wait_for_url(f"**/applicationview/show/{application.pk}")


def decide(staff, event, landing="已办理"):
    staff.tab.click(f"button[name=event][value={event}]")
    staff.tab.wait_for_url("**/applicationview/list/**")
    assert landing in staff.tab.inner_text(".alert")


def test_a_new_candidate_registers_is_verified_and_has_a_course_exempted(people, world, captchas, shots):
    candidate, staff = people
    open_window("identity", "exemption")
    exam_number = register(candidate, NEW_ID, "李新", "140105", "13900000456")
    shots(candidate, "exemption-1-registered")

    begin(candidate, "身份认证", "**/apply/identity/notice")
    candidate.tab.wait_for_url("**/steps/photos")
    candidate.tab.set_input_files("input[name=photo]", image("photo.jpg", registration_photo()))
    candidate.tab.set_input_files("input[name=id_photo]", image("id.jpg", id_card_photo()))
    next_step(candidate.tab, "preview")
    shots(candidate, "exemption-2-identity-preview")
    identity = submit(candidate)

    sign_in_staff(staff, "xiaodian")
    open_from_the_menu(staff, "身份认证审核", identity)
    assert len(staff.tab.locator("table img").all()) == 2, "both photos shown to compare"
    shots(staff, "exemption-3-identity-review")
    decide(staff, "approve")
    assert Candidate.objects.get(exam_number=exam_number).identity_verified

    begin(candidate, "免考", "**/apply/exemption/notice")
    candidate.tab.wait_for_url("**/steps/major")
    answer(candidate.tab, {"major": "690206"})
    next_step(candidate.tab, "courses")
    answer(candidate.tab, {"courses": "00261"})
    answer(candidate.tab, {"courses": "00321"})
    next_step(candidate.tab, "evidence")
    for code in ("00261", "00321"):
        voucher = f"evidence-{code}-vouchers-0-"
        answer(candidate.tab, {voucher + "type": "学历证书", voucher + "number": f"N-{code}",
                               voucher + "obtained": "2020-06", voucher + "province": "山西省"})
        candidate.tab.set_input_files(f"input[name={voucher}images]", image(f"{code}.jpg", jpeg()))
    shots(candidate, "exemption-4-evidence")
    next_step(candidate.tab, "preview")
    exemption = submit(candidate)

    open_from_the_menu(staff, "免考申请审核", exemption)
    shots(staff, "exemption-5-district-review")
    assert "专业、免考课程、各课程凭证" in staff.tab.inner_text("table.table-striped"), "what the submission filled in"
    decide(staff, "approve")
    staff.context.clear_cookies()  # the province's reviewer, at another desk
    sign_in_staff(staff, "province")
    open_from_the_menu(staff, "免考申请审核", exemption)
    staff.tab.check("input[name=decision-00321][value=rejected]")
    staff.tab.fill("input[name=reason-00321]", "凭证与课程不对应")
    decide(staff, "approve")

    candidate.open(f"/applications/{exemption.pk}")
    results = candidate.tab.inner_text("table.list >> nth=0")
    assert "行政法学（00261），5学分\t通过" in results
    assert "中国文化概论（00321），5学分\t不通过\t凭证与课程不对应" in results
    shots(candidate, "exemption-6-outcome")
    assert on_one_line(candidate.tab, "table.list th")
    candidate.open("/scores")
    scores = candidate.tab.inner_text("main")
    assert re.search(r"行政法学（00261）\t5\t通过\t\S+\t免考", scores) and "中国文化概论" not in scores
    shots(candidate, "exemption-7-scores")
    assert on_one_line(candidate.tab, "table.list th, table.list td.nowrap"), "学分, 2026-12, 免考 each on one line"
    assert candidate.violations() == [] and staff.violations() == []


def test_a_candidate_who_can_graduate_applies_pays_and_downloads_the_registration_form(
        app, people, graduation_open, slot, shots):  # noqa: F811  (fixtures)
    candidate, staff = people
    zhang = Candidate.objects.get(exam_number=ZHANG)
    tab = candidate.tab
    sign_in_candidate(candidate, ZHANG)
    begin(candidate, "毕业申请", "**/apply/graduation/notice")
    tab.wait_for_url("**/steps/profile")
    tab.check("input[name=profile_confirmed]")
    next_step(tab, "major")
    answer(tab, {"major": "030101K"})
    next_step(tab, "scores")
    shots(candidate, "graduation-1-scores")
    assert on_one_line(tab, ".audit-note + .audit-wrap th"), "each module's table fits the phone"
    next_step(tab, "prior")  # the scores stay ticked
    answer(tab, {**PRIOR, "prior_name": zhang.name, "prior_id_number": zhang.id_number})
    tab.set_input_files("input[name=diploma_images]", image("diploma.jpg", jpeg()))
    tab.set_input_files("input[name=register_images]", image("register.jpg", jpeg()))
    next_step(tab, "photo")
    answer(tab, {"photo_source": "verified"})
    next_step(tab, "assessment")
    answer(tab, {"self_assessment": ASSESSMENT})
    next_step(tab, "proofs")
    next_step(tab, "review")
    answer(tab, {"review_slot": str(slot.pk), "delivery": "pickup"})
    next_step(tab, "preview")
    application = submit(candidate)

    # The district's pre-review is not this walk-through's point: approved as the README's step 3 says.
    review(staff_client(app, "heping"), application, "approve")
    candidate.open(f"/applications/{application.pk}")
    tab.click("a:has-text('去支付')")
    tab.click("button:has-text('去支付')")
    tab.wait_for_url("**/payments/sandbox/**")
    assert "300.00元" in tab.inner_text("main")
    shots(candidate, "graduation-2-cashier")
    tab.click("button:has-text('确认支付')")
    tab.wait_for_url(f"**/applications/{application.pk}")
    assert "订单支付成功！" in tab.inner_text("main") and "已支付" in tab.inner_text("main")
    shots(candidate, "graduation-3-paid")
    widths = tab.evaluate("() => [document.querySelector('dl.summary').clientWidth,"
                          " Math.min(...Array.from(document.querySelectorAll('dl.summary dd'), dd => dd.clientWidth))]")
    assert widths[1] > widths[0] / 2, "on a phone the answers (a 400-character self-assessment) get most of the width"
    candidate.open(f"/applications/{application.pk}/payment")
    tab.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    tab.click("button:has-text('打印订单')")
    assert tab.evaluate("window.printed") == 1

    candidate.open(f"/applications/{application.pk}")

    tab.click("a:has-text('填写毕业生登记表')")  # straight to the step still to fill in
    tab.wait_for_url("**/steps/register")
    answer(tab, REGISTER)
    shots(candidate, "graduation-4-register")
    next_step(tab, "preview")
    submit(candidate)
    with tab.expect_download() as downloading:
        tab.click("a:has-text('下载毕业生登记表')")
    download = downloading.value
    assert download.suggested_filename == f"registration-form-{ZHANG}.pdf"

    document = pdfium.PdfDocument(download.path())
    first = document[0]
    assert first.get_size() == pytest.approx(A3, abs=0.5)
    shown = re.sub(r"\s", "", first.get_textpage().get_text_range())
    assert all(words in shown for words in ("高等教育自学考试毕业生登记表", zhang.name, zhang.id_number, "030101K法学",
                                            "天津职业大学学习"))
    pictures = [o for o in first.get_objects(max_depth=3) if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    assert pictures, "the photo is printed on the form"
    assert candidate.violations() == []


def test_a_reviewer_approves_several_applications_at_once(app, staff, world, shots):
    zhang = Candidate.objects.get(exam_number=ZHANG)
    open_window("exemption")
    with app.test_request_context():
        *chosen, left = submitted_many(zhang, Actor.for_candidate(zhang), 3)
    sign_in_staff(staff, "heping")
    staff.open("/applicationview/list/?_flt_0_state=district_review")
    staff.tab.click("button.dropdown-toggle:has-text('操作')")
    staff.tab.click("a.approve_selected_menu_item")  # nothing ticked yet
    alert = staff.tab.locator("#modal-alert .modal-content")
    alert.wait_for(state="visible")
    assert alert.inner_text().split() == ["请先勾选要处理的记录。", "确定"]
    alert.locator("button:has-text('确定')").click()
    alert.wait_for(state="hidden")
    for application in chosen:
        staff.tab.check(f"input.action_check[value='{application.pk}']")
    staff.tab.click("button.dropdown-toggle:has-text('操作')")
    staff.tab.click("a.approve_selected_menu_item")
    dialog = staff.tab.locator("#modal-confirm .modal-content")
    dialog.wait_for(state="visible")
    assert dialog.inner_text().split() == ["请确认", "确定通过所选申请？", "取消", "确定"]
    shots(staff, "bulk-1-confirm")
    dialog.locator("a:has-text('确定')").click()
    staff.tab.wait_for_load_state("load")

    assert "已审核通过 2 件，共选择 2 件。" in staff.tab.inner_text(".alert")
    assert [a.reload().state for a in chosen] == ["provincial_review"] * 2
    assert left.reload().state == "district_review", "the row not ticked is left as it was"
    shots(staff, "bulk-2-done")
    assert staff.violations() == []
