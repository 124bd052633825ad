"""Administrators change and build application types in the browser alone, at phone and desktop widths; what they
built is then used by candidates and reviewers as any shipped type is."""
import datetime

from app.models import Application, BusinessType, Candidate, FormDefinition
from tests.browser.test_pages_in_browser import sign_in_staff
from tests.browser.test_pages_in_browser import sign_in_candidate
from tests.browser.test_readme_walkthroughs import ZHANG, answer, begin, decide, image, next_step, submit
from tests.fixtures import jpeg
from tests.workflows.fixtures import fill, open_window, review
from tests.fixtures import staff_client
from usecases import applications
from workflows.engine import Actor


def test_a_required_field_and_a_moved_window_leave_an_application_in_flight_on_its_version(
        app, page, phone, world, shots):
    open_window("exemption")
    zhang = Candidate.objects.get(exam_number=ZHANG)
    first = FormDefinition.latest("exemption")
    in_flight = applications.submit(fill(applications.start(zhang, "exemption")), Actor.for_candidate(zhang))
    exemption = BusinessType.objects.get(key="exemption")

    # The administrator adds a required 联系电话 to the first step, through the rows, watching the preview.
    sign_in_staff(page)
    page.open(f"/businesstypeview/show/{exemption.pk}")
    page.tab.click("a:has-text('编辑表单')")
    page.tab.wait_for_url("**/formdefinitionview/build/**")
    page.tab.select_option("select[name='s0.new_type']", label="单行文字")
    page.tab.click("button[value='add_field:s0']")
    page.tab.wait_for_load_state("load")
    page.tab.fill("input[name='s0.f1.label']", "联系电话")
    page.tab.check("input[name='s0.f1.required']")
    page.tab.fill("input[name='s0.f1.name']", "phone")
    page.tab.fill("input[name='s0.f1.pattern']", r"^1[3-9]\d{9}$")
    page.tab.fill("input[name='s0.f1.pattern_message']", "请填写11位手机号码")
    preview = page.tab.frame_locator("#preview")
    preview.locator("label:has-text('联系电话')").wait_for()  # the preview follows the rows as they are typed
    assert preview.locator("input[name=phone]").count() == 1
    shots(page, "builder-1-field-added")
    page.tab.fill("input[name=note]", "增加联系电话")
    page.tab.click("button[value=save]")
    page.tab.wait_for_url("**/formdefinitionview/show/**")
    assert f"已保存为第 {first.version + 1} 版" in page.tab.inner_text(".alert")
    shots(page, "builder-2-saved")

    # ...and moves the window: it now closes a fortnight later, at 18:00.
    closes = (datetime.datetime.now() + datetime.timedelta(days=45)).replace(hour=18, minute=0, second=0,
                                                                              microsecond=0)
    page.open(f"/businesstypeview/edit/{exemption.pk}")
    page.tab.fill("#closes_at", closes.strftime("%Y-%m-%d %H:%M"))
    with page.tab.expect_navigation():
        page.tab.click("button[type=submit]:has-text('保存'), input[type=submit]")
    assert BusinessType.objects.get(key="exemption").closes_at == closes
    assert page.violations() == []

    # The application already in flight finishes on the version it started with.
    for reviewer in ("heping", "province"):
        review(staff_client(app, reviewer), in_flight, "approve")
    done = Application.objects.get(pk=in_flight.pk)
    assert (done.state, done.form_version) == ("approved", first.version)
    assert "phone" not in done.data

    # A new application must give the new field, with its rule, and sees the new window.
    sign_in_candidate(phone)
    phone.open("/apply/exemption")
    assert closes.strftime("%Y-%m-%d %H:%M") in phone.tab.inner_text("main")
    begin(phone, "免考", "**/apply/exemption/notice")
    phone.tab.wait_for_url("**/steps/major")
    answer(phone.tab, {"major": "690206"})
    phone.tab.click("button:has-text('保存，下一步')")
    assert "请填写联系电话。" in phone.tab.inner_text("main")
    answer(phone.tab, {"phone": "12345"})
    phone.tab.click("button:has-text('保存，下一步')")
    assert "请填写11位手机号码" in phone.tab.inner_text("main")
    shots(phone, "builder-3-new-field-refused")
    answer(phone.tab, {"phone": "13812345678"})
    next_step(phone.tab, "courses")
    started = Application.objects(candidate=zhang, state="draft").order_by("-id").first()
    assert started.form_version == first.version + 1 and started.working["phone"] == "13812345678"


def add_field(tab, holder, kind):
    """新增字段 of `kind` (its label in the list) under the step or group at `holder`."""
    tab.select_option(f"select[name='{holder}.new_type']", label=kind)
    with tab.expect_navigation():
        tab.click(f"button[value='add_field:{holder}']")


def set_row(tab, path, **values):
    """Fill a row's inputs by name, opening its 更多设置 first as a person would to reach them. Choosing a type
    checks the page at once, so the row shows that type's settings."""
    details = tab.locator(f"[id='row-{path}'] > .panel-body > details")
    for name, value in values.items():
        if details.count() and not details.evaluate("d => d.open"):
            details.locator("summary").first.click()
        control = tab.locator(f"[name='{path}.{name}']")
        if value is True:
            control.check()
        elif name == "type":
            with tab.expect_navigation():
                control.select_option(label=value)
        elif control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)


def test_an_administrator_builds_a_degree_type_that_a_benke_candidate_applies_for_and_tjnu_approves(
        app, page, people, world, shots):
    candidate, reviewer = people
    sign_in_staff(page)
    page.open("/businesstypeview/list/")
    page.tab.click("a:has-text('新建业务')")
    page.tab.fill("#key", "degree")
    page.tab.fill("#title", "学位申请")
    page.tab.select_option("#reviewer", label="主考院校审核")
    page.tab.click("button[type=submit]:has-text('新建业务')")
    page.tab.wait_for_url("**/businesstypeview/show/**")
    shots(page, "degree-1-created")

    # The form, in the builder: contact details and the major on the first step, the CET4 report on a second.
    page.tab.click("a:has-text('编辑表单')")
    page.tab.wait_for_url("**/formdefinitionview/build/**")
    page.tab.fill("input[name='s0.title']", "联系方式")
    set_row(page.tab, "s0.f0", type="单行文字")
    set_row(page.tab, "s0.f0", label="联系电话", required=True, name="phone", pattern=r"^1[3-9]\d{9}$",
            pattern_message="请填写11位手机号码")
    add_field(page.tab, "s0", "单行文字")
    set_row(page.tab, "s0.f1", label="通讯地址", required=True, name="address", max_length="100")
    add_field(page.tab, "s0", "专业")
    set_row(page.tab, "s0.f2", label="申请学位的专业", required=True, name="major")
    with page.tab.expect_navigation():
        page.tab.click("button[value=add_step]")
    page.tab.fill("input[name='s1.title']", "外语水平证明")
    for index, (kind, values) in enumerate((("数字", {"label": "CET4成绩", "name": "cet4_score", "min_value": "0", "max_value": "710"}),
                                            ("日期", {"label": "考试日期", "name": "cet4_date"}),
                                            ("省份", {"label": "考试省份", "name": "cet4_province"}),
                                            ("图片", {"label": "CET4成绩报告单", "name": "cet4_report", "max_kb": "2048"}))):
        add_field(page.tab, "s1", kind)
        set_row(page.tab, f"s1.f{index}", required=True, **values)
    page.tab.select_option("#preview-step", label="2. 外语水平证明")
    page.tab.frame_locator("#preview").locator("label:has-text('CET4成绩报告单')").wait_for()
    shots(page, "degree-2-form-built")
    page.tab.fill("input[name=note]", "学位申请的表单")
    page.tab.click("button[value=save]")
    page.tab.wait_for_url("**/formdefinitionview/show/**")

    # Opened to 本科 candidates, from yesterday for a month, a score of 425 required at submission.
    degree = BusinessType.objects.get(key="degree")
    page.open(f"/businesstypeview/edit/{degree.pk}")
    page.tab.check("#enabled")
    now = datetime.datetime.now()
    page.tab.fill("#opens_at", (now - datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M"))
    page.tab.fill("#closes_at", (now + datetime.timedelta(days=30)).strftime("%Y-%m-%d %H:%M"))
    page.tab.fill("#offered_if", 'level == "本科"')
    page.tab.fill("#offered_message", "学位申请仅限本科专业的考生。")
    page.tab.fill("#submit_rule", 'answers["cet4_score"] >= 425')
    page.tab.fill("#submit_message", "CET4成绩须达到425分。")
    with page.tab.expect_navigation():
        page.tab.click("button[type=submit]:has-text('保存'), input[type=submit]")
    assert "记录已更新" in page.tab.inner_text(".alert")
    assert BusinessType.objects.get(key="degree").enabled
    assert page.violations() == []

    # A 专科 candidate is not offered it, and is told why.
    sign_in_candidate(candidate, "011422045126")
    assert "学位申请" not in candidate.tab.inner_text("main")
    candidate.open("/apply/degree")
    assert "学位申请仅限本科专业的考生。" in candidate.tab.inner_text("main")
    candidate.tab.click("button:has-text('退出')")

    # 张明 (本科, 法学 of 天津师范大学) applies.
    sign_in_candidate(candidate)
    begin(candidate, "学位申请", "**/apply/degree/notice")
    candidate.tab.wait_for_url("**/steps/details")
    answer(candidate.tab, {"phone": "13812345678", "address": "天津市和平区南京路1号", "major": "030101K"})
    next_step(candidate.tab, "step2")
    answer(candidate.tab, {"cet4_score": "800", "cet4_date": "2025-12-20", "cet4_province": "天津市"})
    candidate.tab.click("button:has-text('保存，下一步')")
    assert "请填写 0 到 710 之间的数。" in candidate.tab.inner_text("main")  # the administrator's limits
    answer(candidate.tab, {"cet4_score": "400"})
    candidate.tab.set_input_files("input[name=cet4_report]", image("cet4.jpg", jpeg()))
    next_step(candidate.tab, "preview")
    candidate.tab.click("button:has-text('确认无误，提交申请')")  # the submit rule, worked out on the server
    assert "CET4成绩须达到425分。" in candidate.tab.inner_text("main")
    candidate.tab.click("ol.steps a:has-text('外语水平证明')")
    answer(candidate.tab, {"cet4_score": "480"})
    next_step(candidate.tab, "preview")
    shots(candidate, "degree-3-candidate-preview")
    application = submit(candidate)
    assert application.type == "degree" and application.major.code == "030101K"

    # tjnu, the sponsoring university, finds it from the staff home and approves.
    sign_in_staff(reviewer, "tjnu")
    reviewer.tab.click("a:has-text('学位申请审核')")
    reviewer.tab.wait_for_load_state("load")
    reviewer.tab.click(f"a[href*='/applicationview/show/{application.pk}']")
    reviewer.tab.wait_for_url(f"**/applicationview/show/{application.pk}")
    assert "CET4成绩" in reviewer.tab.inner_text("body") and "480" in reviewer.tab.inner_text("body")
    shots(reviewer, "degree-4-tjnu-review")
    decide(reviewer, "approve")
    assert Application.objects.get(pk=application.pk).state == "approved"
    candidate.open(f"/applications/{application.pk}")
    assert "审核通过" in candidate.tab.inner_text("main")
    candidate.open("/messages")
    assert "学位申请审核通过" in candidate.tab.inner_text("main")  # the blank type's own message template
