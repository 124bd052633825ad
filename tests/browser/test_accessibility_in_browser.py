"""The pages read by keyboard and screen reader: axe-core finds nothing serious or critical on the candidate's pages
at phone and desktop widths (an application's notice, preview, detail and payment, a sitting's registration from the
brochure to paid), nor on the staff's sign-in, queue, review page, an edit form, the form builder and the workflow
editor; an error on a form is tied to its control; the captcha's 换一张 is reached with Tab and pressed with Enter or
Space."""
import pytest

from app.models import Application, Candidate, FormDefinition, Message, News, WorkflowDefinition
from tests.browser.axe import serious_violations
from application_types.graduation.tests.test_graduation import graduation_open, slot  # noqa: F401  (fixtures)
from tests.browser.test_candidate_tables_on_phones import zhang_has_applications  # noqa: F401  (a fixture)
from tests.browser.test_pages_in_browser import sign_in_candidate, sign_in_staff
from tests.browser.test_review_page_in_browser import resubmitted  # noqa: F401  (a fixture)
from tests.registration.fixtures import MA, OTHER_MAJOR, SAT_AM, SAT_PM, sitting  # noqa: F401  (a fixture)
from tests.workflows.fixtures import fill, open_window
from usecases import applications

ZHANG = "080105408130"
PUBLIC = ["/", "/account/login", "/account/register", "/account/recover/exam-number", "/account/recover/password",
          "/news", "/majors", "/timetable", "/districts"]
SIGNED_IN = ["/home", "/scores", "/plan", "/messages", "/profile", "/feedback", "/account/password", "/applications",
             "/graduation/check"]


def checked(page, paths):
    """Each path's serious or critical findings, for the paths that have any."""
    found = {}
    for path in paths:
        assert page.open(path).status < 400, path
        found[path] = serious_violations(page)
    return {path: problems for path, problems in found.items() if problems}


def described_by(tab, selector):
    """The texts a control is described by (aria-describedby, in order), and whether it says it is invalid."""
    return tab.eval_on_selector(selector, """control => ({
        texts: (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean)
                 .map(id => document.getElementById(id).textContent.trim()),
        invalid: control.getAttribute("aria-invalid")})""")


def shown_errors(tab):
    return [text.strip() for text in tab.locator("p.error").all_inner_texts()]


def test_public_pages_have_nothing_serious_for_axe(page, world):
    assert checked(page, PUBLIC) == {}


def test_signed_in_pages_have_nothing_serious_for_axe(page, world):
    sign_in_candidate(page)
    zhang = Candidate.objects.get(exam_number=ZHANG)
    message, news = Message.objects(recipient=zhang).first(), News.objects.first()
    pages = SIGNED_IN + [f"/majors/{zhang.major.code}"]
    pages += [f"/messages/{message.pk}"] if message else []
    pages += [f"/news/{news.pk}"] if news else []
    assert checked(page, pages) == {}
    assert page.violations() == []


@pytest.fixture
def exemption(app, world):
    """张明's exemption with its major chosen and one course ticked, the voucher still to give."""
    open_window("exemption")
    with app.test_request_context():
        application = applications.start(Candidate.objects.get(exam_number=ZHANG), "exemption")
    Application.objects(pk=application.pk).update_one(set__working={"major": "690206", "courses": ["00261"]})
    return application


def submit_step(page, application, key, answers=None):
    page.open(f"/applications/{application.pk}/steps/{key}")
    for selector, value in (answers or {}).items():
        page.tab.fill(selector, value)
    page.tab.click("form button[type=submit]:has-text('保存，下一步')")
    page.tab.wait_for_load_state("load")
    return shown_errors(page.tab)


def test_an_application_steps_errors_are_tied_to_their_fields_and_the_page_passes_axe(page, exemption):
    sign_in_candidate(page)
    errors = submit_step(page, exemption, "evidence")
    assert errors == ["请至少填写1项凭证。"]
    told = described_by(page.tab, "fieldset.slots")
    assert told == {"texts": errors, "invalid": "true"}, "a group's error is read on entering the group"

    errors = submit_step(page, exemption, "evidence", {"#evidence-00261-vouchers-0-number": "N-00261"})
    invalid = page.tab.locator("input[aria-invalid=true], select[aria-invalid=true], textarea[aria-invalid=true]")
    assert errors and invalid.count() == len(errors), "each field the voucher still needs says so, and is marked"
    for number in range(invalid.count()):
        ident = invalid.nth(number).get_attribute("id")
        assert described_by(page.tab, f"[id='{ident}']")["texts"][0] == errors[number], ident
    assert serious_violations(page) == []


def test_a_checkbox_lists_error_is_tied_to_its_group(page, exemption):
    sign_in_candidate(page)
    page.open(f"/applications/{exemption.pk}/steps/courses")
    for box in page.tab.locator("input[name=courses]:checked").all():
        box.uncheck()
    page.tab.click("form button[type=submit]:has-text('保存，下一步')")
    page.tab.wait_for_load_state("load")
    errors = shown_errors(page.tab)
    assert errors, "no course ticked is refused with a message"

    group = page.tab.locator("fieldset:has(input[name=courses])")
    assert group.locator("legend").inner_text().strip()
    told = described_by(page.tab, "fieldset:has(input[name=courses])")
    assert told["texts"][0] == errors[0]
    assert serious_violations(page) == []


def test_an_account_forms_errors_and_help_are_tied_to_their_inputs(page, world):
    page.open("/account/register")
    page.tab.fill("#id_number", "12345")
    page.tab.click("form button.button:has-text('下一步：核对信息')")
    page.tab.wait_for_load_state("load")

    id_number = described_by(page.tab, "#id_number")
    assert id_number["invalid"] == "true"
    assert id_number["texts"][0] in shown_errors(page.tab)
    name = described_by(page.tab, "#name")
    assert "与身份证上的姓名一致。" in name["texts"], "the help text is read with its field"
    assert serious_violations(page) == []


def test_the_captcha_is_renewed_from_the_keyboard(page, world):
    page.open("/account/login")
    tab = page.tab
    image = tab.locator("img.captcha")
    assert image.get_attribute("alt")
    tab.focus("#captcha")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent.trim()") == "换一张"

    for key in ("Enter", " "):
        before = image.get_attribute("src")
        with tab.expect_response("**/captcha.png?*"):
            tab.keyboard.press(key if key != " " else "Space")
        assert image.get_attribute("src") != before
    assert tab.evaluate("document.activeElement.classList.contains('captcha-refresh')"), "the focus stays on 换一张"
    assert page.violations() == []


def test_without_script_no_captcha_button_that_does_nothing_is_offered(scriptless_phone, world):
    scriptless_phone.open("/account/login")
    assert not scriptless_phone.tab.is_visible("button.captcha-refresh")
    assert scriptless_phone.tab.is_visible("img.captcha")


def test_a_staff_forms_error_is_tied_to_its_field(staff, world):
    sign_in_staff(staff)
    staff.open("/courseview/add")
    staff.tab.eval_on_selector("form#model_form", "form => { form.noValidate = true; }")  # the server's check, not the browser's
    staff.tab.click("form#model_form button[type=submit], form#model_form input[type=submit]")
    staff.tab.wait_for_load_state("load")
    control = staff.tab.locator("form#model_form [aria-invalid=true]").first
    assert control.count() == 1, "an empty new course is refused field by field"
    ident = control.get_attribute("id")
    texts = described_by(staff.tab, f"#{ident}")["texts"]
    assert texts and staff.tab.is_visible(f"text={texts[0]}")


@pytest.fixture
def staff_pages(resubmitted):
    return ["/applicationview/list/", f"/applicationview/show/{resubmitted.pk}", "/courseview/add",
            "/candidateview/list/"]


def test_the_staff_queue_review_page_and_an_edit_form_have_nothing_serious_for_axe(staff, staff_pages):
    sign_in_staff(staff)
    assert checked(staff, staff_pages) == {}


def findings(page, found, name):
    """`found` with the open page's serious or critical findings under `name`, when it has any."""
    problems = serious_violations(page)
    if problems:
        found[name] = problems
    return found


def test_the_application_pages_and_the_payment_pages_have_nothing_serious_for_axe(page, zhang_has_applications):
    ids = {name: application.pk for name, application in zhang_has_applications.items()}
    sign_in_candidate(page)
    found = checked(page, ["/apply/exemption", f"/applications/{ids['exemption']}",
                           f"/applications/{ids['graduation']}", f"/applications/{ids['graduation']}/payment"])
    paid_in_sandbox(page, found, "button:has-text('去支付')")
    page.tab.wait_for_load_state("load")
    assert "订单支付成功" in page.tab.inner_text("main")
    findings(page, found, "paid")
    page.open(f"/applications/{ids['graduation']}/payment")
    findings(page, found, "paid payment")
    assert found == {}


def paid_in_sandbox(page, found, button):
    """Go to the sandbox cashier by `button`, check it with axe, and pay."""
    page.tab.click(button)
    page.tab.wait_for_url("**/payments/sandbox/**")
    findings(page, found, "sandbox")
    page.tab.click("text=确认支付")


def test_an_applications_preview_has_nothing_serious_for_axe(app, page, exemption):
    fill(exemption)
    sign_in_candidate(page)
    page.open(f"/applications/{exemption.pk}/preview")
    assert "提交申请" in page.tab.inner_text("main")
    assert serious_violations(page) == []


def test_the_registration_pages_have_nothing_serious_for_axe(page, sitting):
    sign_in_candidate(page, MA)
    found = checked(page, ["/registration", f"/registration/{sitting.code}/brochure"])
    page.tab.click("button:has-text('下一步')")
    assert "请先阅读并勾选" in page.tab.inner_text("main")
    findings(page, found, "brochure refused")
    page.tab.check("input[name=agree]")
    page.tab.click("button:has-text('下一步')")
    page.tab.wait_for_url("**/courses")
    page.tab.check(f"#course-{SAT_AM}")
    page.tab.click("button:has-text('显示全部开考课程')")
    page.tab.check(f"#course-{OTHER_MAJOR}")
    page.tab.check(f"#course-{SAT_PM}")
    page.tab.click("button:has-text('下一步')")
    assert "同在" in page.tab.inner_text("main"), "the clash is named"
    findings(page, found, "courses refused")
    page.tab.uncheck(f"#course-{SAT_PM}")
    page.tab.click("button:has-text('下一步')")
    page.tab.wait_for_url("**/preview")
    findings(page, found, "preview")
    page.tab.click("text=确认提交")
    page.tab.wait_for_url("**/registration")
    findings(page, found, "to pay")
    paid_in_sandbox(page, found, "text=去缴费")
    page.tab.wait_for_url("**/registration")
    assert "报考成功" in page.tab.inner_text("main")
    findings(page, found, "registered")
    assert found == {}
    assert page.violations() == []


def test_the_staff_login_page_ties_its_errors_and_has_nothing_serious_for_axe(page, world):
    page.open("/login/")
    found = findings(page, {}, "login")
    page.tab.eval_on_selector("form[name=login]", "form => { form.noValidate = true; }")
    page.tab.click("form[name=login] [type=submit]")
    page.tab.wait_for_load_state("load")
    username = described_by(page.tab, "#username")
    assert username["invalid"] == "true" and username["texts"]
    assert page.tab.is_visible(f"text={username['texts'][0]}")
    findings(page, found, "login refused")
    assert found == {}


def test_the_form_builder_and_the_workflow_editor_have_nothing_serious_for_axe(page, world):
    sign_in_staff(page)
    found = checked(page, [f"/formdefinitionview/build/{FormDefinition.latest('exemption').pk}",
                           f"/workflowdefinitionview/edit/{WorkflowDefinition.latest('exemption').pk}"])
    page.tab.click("button:has-text('添加状态')")
    page.tab.wait_for_load_state("load")
    page.tab.click(".wf-toolbar button:has-text('检查')")
    page.tab.wait_for_load_state("load")
    assert page.tab.locator(".wf-problems").count(), "a state with no code is refused on its row"
    findings(page, found, "workflow refused")
    page.open(f"/formdefinitionview/build/{FormDefinition.latest('exemption').pk}")
    page.tab.select_option("select[name='s0.new_type']", label="单行文字")
    page.tab.click("button[value='add_field:s0']")
    page.tab.wait_for_load_state("load")
    assert page.tab.locator("input[name='s0.f1.label']").count() == 1
    findings(page, found, "form with a new field")
    assert found == {}
