"""Every page this release changed, opened in the browser at phone and desktop widths, with what a person reads on
it; the screenshots are for a person to look at (pytest -s prints where they are)."""
import copy
import types

import pytest

from app import roles
from app.models import Application, AuditEntry, BusinessType, Candidate, Major, Score
from app.scope import Scope
from usecases import applications
from tests.browser.test_pages_in_browser import sign_in_candidate, sign_in_staff
from tests.browser.test_walkthroughs import ZHANG, recheck_at_province  # noqa: F401  (a fixture)
from tests.services.test_payment import AUDIT
from application_types.exemption.workflow import EXEMPTION
from workflows.engine import Actor, fire, workflow_definitions



@pytest.fixture
def changed(app, recheck_at_province):
    """张明 after this release's decisions: a recheck corrected 72 → 80, his old record merged into his, and a
    graduation begun."""
    zhang = Candidate.objects.get(exam_number=ZHANG)
    district = Actor("staff", None, "和平区审核员", frozenset({roles.DISTRICT_REVIEWER}),
                     Scope(roles.SCOPE_DISTRICT, "120101"))
    province = Actor("staff", None, "考试院审核员", frozenset({roles.PROVINCIAL_REVIEWER}), Scope(roles.SCOPE_PROVINCE))
    with app.test_request_context():
        fire(recheck_at_province, "correct", province, comment="第2题漏判，更正为80分", inputs={"mark": "80"})
        merge = applications.start(zhang, "merge")
        Application.objects(pk=merge.pk).update_one(set__working={"sources": {
            "0": {"kind": "exam_number", "exam_number": "019901234567"}}})
        fire(applications.submit(merge.reload(), Actor.for_candidate(zhang)), "approve", district)
        graduation = applications.start(zhang, "graduation")
    return {"recheck": recheck_at_province, "graduation": graduation,
            "score": Score.objects.get(pk=recheck_at_province.data["score"]),
            "old": Candidate.objects.get(exam_number="019901234567")}


def look(page, shots, path, *seen, status=200):
    response = page.open(path)
    assert response.status == status, path
    if status != 200:  # the browser logs the page's own status as an error
        page.problems[:] = [p for p in page.problems if f"status of {status}" not in p]
    shots(page, path.strip("/").replace("/", "_").replace("?", "_")[:60])
    body = page.tab.inner_text("body")
    for words in seen:
        assert words in body, (path, words)
    assert page.violations() == [], path


def pick(page, field, year, month, day, hour, minute):
    """Choose a date and a time in the picker of `field` as a person does: the year, the month, the day, then the
    time; the calendar, still open."""
    page.tab.click(field)
    calendar = page.tab.locator(".flatpickr-calendar.open")
    calendar.locator("input.cur-year").fill(str(year))
    calendar.locator("input.cur-year").press("Enter")
    calendar.locator(".flatpickr-monthDropdown-months").select_option(str(month - 1))
    calendar.locator(".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)").get_by_text(str(day), exact=True).click()
    calendar.locator("input.flatpickr-hour").fill(hour)
    calendar.locator("input.flatpickr-minute").fill(minute)
    calendar.locator("input.flatpickr-hour").click()  # the minute is taken as it loses the focus
    return calendar


def test_the_candidates_changed_pages(page, changed, shots):
    sign_in_candidate(page)
    graduation = changed["graduation"].pk
    look(page, shots, "/scores/duplicates", "知识产权法（00226）")
    look(page, shots, f"/applications/{changed['recheck'].pk}", "更正后的成绩：72 → 80")
    look(page, shots, "/messages", "成绩复核结果")
    look(page, shots, f"/applications/{graduation}/steps/photo", "使用身份认证照片")
    look(page, shots, f"/applications/{graduation}/steps/review", "可选择和平区的现场审核批次。")
    look(page, shots, "/graduation/check", "总学分")
    look(page, shots, "/scores", "我的成绩")
    look(page, shots, f"/applications/{graduation}", "继续填写")
    page.tab.click("a.button:has-text('继续填写')")  # to the first step still to fill in
    page.tab.wait_for_url(f"**/applications/{graduation}/steps/**")
    look(page, shots, "/home", "毕业条件预判")  # a type's link on the home page
    look(page, shots, "/profile", "申请信息变更")  # and on the profile
    Application.objects(pk=graduation).update_one(set__findings__audit=AUDIT)
    look(page, shots, f"/applications/{graduation}", "毕业条件审核（提交时）")  # the type's panel
    assert page.violations() == []


def test_the_staffs_changed_pages(page, changed, shots):
    sign_in_staff(page)
    graduation = BusinessType.objects.get(key="graduation")
    look(page, shots, f"/candidateview/show/{changed['old'].pk}", "已合档（并入 080105408130）")
    look(page, shots, f"/scoreview/show/{changed['score'].pk}", "72 → 80")
    look(page, shots, "/staffloginview/list/", "登录成功")
    look(page, shots, f"/businesstypeview/edit/{graduation.pk}", "可选其他区县的现场审核批次")
    page.tab.select_option("select#review_districts", label="小店区")
    calendar = pick(page, "#opens_at", 2027, 3, 1, "08", "30")  # a date and a time, to the minute, in Chinese
    assert "周一" in calendar.inner_text() and calendar.locator(".flatpickr-monthDropdown-months").evaluate(
        "select => select.selectedOptions[0].text") == "三月"
    shots(page, "datetime-picker")
    page.tab.keyboard.press("Escape")
    assert page.tab.input_value("#opens_at") == "2027-03-01 08:30"
    page.tab.fill("#closes_at", "2027-03-31 18:00")  # or typed
    page.tab.click("button[type=submit]:has-text('保存')")
    page.tab.wait_for_load_state("load")
    saved = BusinessType.objects.get(key="graduation")
    assert [d.name for d in saved.review_districts] == ["小店区"]
    assert (saved.opens_at.isoformat(), saved.closes_at.isoformat()) == ("2027-03-01T08:30:00", "2027-03-31T18:00:00")
    look(page, shots, f"/businesstypeview/show/{graduation.pk}", "2027-03-01 08:30", "2027-03-31 18:00")
    edit = AuditEntry.objects(action="edit", model="BusinessType").first()
    look(page, shots, f"/auditview/show/{edit.pk}", "可选其他区县的现场审核批次\t（空）\t小店区")
    assert "考生须知" not in page.tab.inner_text("body"), "an unchanged text is not reported changed"
    look(page, shots, f"/applicationview/show/{changed['recheck'].pk}", "更正后的成绩")
    look(page, shots, "/preaudit/", "开始预审")
    page.tab.select_option("#target", f"major:{Major.objects.get(code='030101K').pk}")
    page.tab.click("text=开始预审")
    page.tab.wait_for_url("**/jobview/show/**")
    look(page, shots, page.tab.url.split(page.server, 1)[1], "符合毕业条件（1人）", "080105408130")
    look(page, shots, "/jobview/list/", "批量毕业预审：030101K 法学", "已完成")
    for kind, column in (("scores", "准考证号"), ("candidates", "档案号"), ("plans", "选考组名称")):
        look(page, shots, f"/imports/new?kind={kind}", "列与填写要求", column, "下载模板（Excel）")
    look(page, shots, "/imports/", "新建导入")
    look(page, shots, "/sittingview/list/", "成绩公布时间")
    look(page, shots, "/applicationview/list/?page_ApplicationView=abc",
         "链接中的分页、排序或筛选参数无效，请从菜单重新打开列表。", status=400)


def test_a_typed_time_the_picker_cannot_read_is_kept_for_the_server_to_refuse(staff, world):
    kind = BusinessType.objects.get(key="graduation")
    before = kind.opens_at
    sign_in_staff(staff)
    staff.open(f"/businesstypeview/edit/{kind.pk}")
    staff.tab.fill("#opens_at", "2027/3/1 8:30")  # read by the picker, as it reads what it offers
    staff.tab.press("#opens_at", "Tab")
    assert staff.tab.input_value("#opens_at") == "2027-03-01 08:30"
    staff.tab.fill("#opens_at", "明天")
    staff.tab.click(".panel-heading")  # the picker closes, leaving what it cannot read as typed

    staff.tab.click("button[type=submit]:has-text('保存')")
    staff.tab.wait_for_load_state("load")

    assert "不是有效的日期与时间值。" in staff.tab.inner_text("body") and staff.tab.input_value("#opens_at") == "明天"
    assert before is not None and kind.reload().opens_at == before  # nothing saved
    assert staff.violations() == []


def test_a_shipped_update_under_an_administrators_version(app, page, world, shots):
    edited = copy.deepcopy(EXEMPTION.to_data())
    edited["states"]["draft"] = "填写中"
    shipped = copy.deepcopy(EXEMPTION.to_data())
    shipped["states"]["district_review"] = "区县初审"
    with app.test_request_context():
        workflow_definitions.save("exemption", edited, "admin", note="草稿改称填写中")
        workflow_definitions.ensure_shipped([types.SimpleNamespace(key="exemption", to_data=lambda: shipped)])

    sign_in_staff(page)
    look(page, shots, "/workflowdefinitionview/list/", "以下定义的内置版本有更新", "exemption 查看差异并处理")
    page.tab.click("text=查看差异并处理")
    page.tab.wait_for_url("**/workflowdefinitionview/shipped/**")
    look(page, shots, page.tab.url.split(page.server, 1)[1], '+     "district_review": "区县初审",',
         '−     "draft": "填写中",', "采用内置版本", "保留当前版本")
    added = page.tab.locator(".diff .added").first
    assert added.evaluate("line => getComputedStyle(line).backgroundColor") == "rgb(223, 240, 216)"
    page.tab.click("button:has-text('保留当前版本')")
    page.tab.wait_for_url("**/workflowdefinitionview/list/")
    assert "已保留当前的第 2 版；内置版本再次变化前不再提示。" in page.tab.inner_text("body")
    assert "查看差异并处理" not in page.tab.inner_text("body") and page.violations() == []


def test_a_workflow_versions_page_draws_the_workflow(page, world, shots):
    from app.models import WorkflowDefinition
    from app.services.definitions import SYSTEM

    saved = WorkflowDefinition.objects(key="graduation", created_by=SYSTEM).order_by("-version").first()
    sign_in_staff(page, "admin")
    look(page, shots, f"/workflowdefinitionview/show/{saved.pk}", "流程图")
    page.tab.wait_for_selector("pre.mermaid svg")
    drawn = page.tab.inner_text("pre.mermaid")
    assert "免交毕业审定费（系统），自动" in drawn and "审核通过（主考院校审核、省级审核）" in drawn
    shots(page, "workflow-diagram")
    assert page.violations() == []


def test_an_administrator_copies_a_type_into_a_new_one(page, world, shots):
    exemption = BusinessType.objects.get(key="exemption")
    sign_in_staff(page, "admin")
    look(page, shots, f"/businesstypeview/show/{exemption.pk}", "复制为新业务")
    page.tab.click("text=复制为新业务")
    page.tab.wait_for_url("**/businesstypeview/copy/**")
    page.tab.fill("#key", "degree")
    page.tab.fill("#title", "学位申请")
    shots(page, "copy-type")
    page.tab.click("button:has-text('新建业务')")
    page.tab.wait_for_url("**/businesstypeview/show/**")
    assert "已新建业务“学位申请”" in page.tab.inner_text("body")
    assert BusinessType.objects.get(key="degree").workflow_key == "degree"
    assert page.violations() == []


def test_an_administrator_makes_a_blank_type_and_a_revised_version_says_what_changed(app, page, world, shots):
    from app.models import FormDefinition
    from forms.builder import form_definitions

    sign_in_staff(page, "admin")
    look(page, shots, "/businesstypeview/list/", "新建业务")
    page.tab.click("a:has-text('新建业务')")
    page.tab.wait_for_url("**/businesstypeview/new")
    page.tab.fill("#key", "degree")
    page.tab.fill("#title", "学位申请")
    page.tab.select_option("#reviewer", label="主考院校审核")
    shots(page, "new-type")
    page.tab.click("button:has-text('新建业务')")
    page.tab.wait_for_url("**/businesstypeview/show/**")
    assert "已新建业务“学位申请”" in page.tab.inner_text("body")
    first = FormDefinition.latest("degree")
    body = copy.deepcopy(first.body)
    body["steps"][0]["fields"][0]["required"] = True
    with app.test_request_context():
        second = form_definitions.save("degree", body, "admin", note="说明改为必填")
    look(page, shots, f"/formdefinitionview/show/{second.pk}", "与第 1 版相比", "字段“说明”的必填：否 → 是")
    assert page.violations() == []


def test_an_administrator_limits_a_type_to_zhuanke_candidates_and_a_benke_one_reads_why(page, staff, world, shots):
    exemption = BusinessType.objects.get(key="exemption")
    sign_in_staff(staff, "admin")
    staff.open(f"/businesstypeview/edit/{exemption.pk}")
    assert "可用的名称：" in staff.tab.inner_text("body")
    staff.tab.fill("#offered_if", 'level == "专科"')
    staff.tab.fill("#offered_message", "仅限专科考生申请。")
    staff.tab.click("button[type=submit]:has-text('保存')")
    staff.tab.wait_for_load_state("load")
    assert BusinessType.objects.get(key="exemption").offered_if == 'level == "专科"'

    sign_in_candidate(page)
    page.open("/apply/exemption/notice")
    body = page.tab.inner_text("body")
    assert "仅限专科考生申请。" in body and "我已知晓，继续申请" not in body
    shots(page, "not-offered")
    assert page.violations() == [] and staff.violations() == []
