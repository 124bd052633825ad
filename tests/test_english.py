"""English beside the Chinese: definitions and catalogue texts carry it, pages in English show it (falling back to
the Chinese where none was written), administrators edit it with the rest, and a shipped update brings it."""
import datetime
import re

import pytest
from flask import session

from app.models import Application, BusinessType, FormDefinition, WorkflowDefinition
from app.models.definitions import ShippedDefinition
from app.services.definitions import SYSTEM
from app.wording import in_locale
from forms.spec import Field, FormSpec, Step
from tests.fixtures import candidate_client, staff_client, text
from usecases import applications
from workflows import types
from workflows.spec import Input, Transition, Workflow

ZHAO = "011422045126"  # 赵强 of 小店区, identity verified
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def english(client):
    client.get("/language/en")
    return client


def test_the_english_is_read_on_an_english_page_and_the_chinese_everywhere_else(app):
    assert in_locale("专业", "Major") == "专业"  # outside a request
    with app.test_request_context():
        assert in_locale("专业", "Major") == "专业"
    with app.test_request_context():
        session["locale"] = "en"
        assert in_locale("专业", "Major") == "Major"
        assert in_locale("专业", "  ") == "专业" and in_locale("专业", None) == "专业"


def _form(**en):
    field = Field("kind", "select", "类型", choices=(("a", "甲"), ("b", "乙")),
                  en=en.get("field", {"label": "Kind", "help": "Choose one.", "choices": {"a": "A"}}))
    return FormSpec("sample", "示例", (Step("one", "第一步", (field,), en=en.get("step", {"title": "Step one"})),),
                    en=en.get("form", {"title": "Sample"}))


def test_a_forms_english_is_kept_through_its_data_and_only_where_given(app):
    spec = _form()
    data = spec.to_data()
    assert data["en"] == {"title": "Sample"} and data["steps"][0]["en"] == {"title": "Step one"}
    assert FormSpec.from_data(data) == spec and FormSpec.from_data(data).problems() == []
    assert "en" not in FormSpec("sample", "示例", (Step("one", "第一步", (Field("x", "text", "甲"),)),)).to_data()[
        "steps"][0]["fields"][0]
    field = spec.steps[0].fields[0]
    with app.test_request_context():
        session["locale"] = "en"
        assert (spec.text("title"), spec.steps[0].text("title"), field.text("label"), field.text("help")) == (
            "Sample", "Step one", "Kind", "Choose one.")
        assert (field.choice_label("a", "甲"), field.choice_label("b", "乙")) == ("A", "乙")
        assert field.text("pattern_message") is None


@pytest.mark.parametrize("en, message", [
    ({"field": {"lable": "Kind"}}, "类型（kind） 的英文设置中没有 lable 这一项（可用的有：label、help、pattern_message、choices）。"),
    ({"field": {"label": "K" * 201}}, "类型（kind） 的英文名称不能超过 200 个字符。"),
    ({"field": {"help": 3}}, "类型（kind） 的英文说明须为文字。"),
    ({"field": {"choices": {"a": "A" * 201}}}, "类型（kind） 可选项 a 的英文不能超过 200 个字符。"),
    ({"field": {"choices": ["A"]}}, "类型（kind） 的可选项英文须为“代码: 英文”的对应。"),
    ({"step": {"heading": "One"}}, "第一步 的英文设置中没有 heading 这一项（可用的有：title）。"),
    ({"form": {"title": ""}, "step": {"title": "T" * 300}}, "第一步 的英文标题不能超过 200 个字符。"),
])
def test_a_forms_english_that_cannot_be_kept_is_refused_in_words(app_ctx, en, message):
    assert message in _form(**en).problems()


def _workflow(en=None, input_en=None):
    return Workflow("sample", "示例", "draft", {"draft": "草稿", "done": "已办结"}, {"done"}, [
        Transition("submit", "draft", "done", by="candidate", publish=True),
        Transition("approve", "draft", "done", by="district_reviewer", inputs=[Input("mark", "score_mark", "成绩",
                                                                                      en=input_en or {})])],
        {"submit": "提交"}, en)


def test_a_workflows_english_is_kept_through_its_data_and_named_in_english_pages(app):
    workflow = _workflow({"title": "Sample", "states": {"draft": "Draft"}, "events": {"submit": "Submit"}},
                         {"label": "Score"})
    assert Workflow.from_data(workflow.to_data()) == workflow
    assert "en" not in _workflow().to_data() and "en" not in _workflow().transitions[1].inputs[0].to_data()
    with app.test_request_context():
        session["locale"] = "en"
        assert (workflow.text("title"), workflow.state_label("draft"), workflow.state_label("done")) == (
            "Sample", "Draft", "已办结")
        assert (workflow.event_label("submit"), workflow.transitions[1].inputs[0].text("label")) == ("Submit", "Score")


@pytest.mark.parametrize("en, input_en, message", [
    ({"name": "Sample"}, None, "英文设置中没有 name 这一项（可用的有：title、states、events）。"),
    ({"states": {"draft": 1}}, None, "状态 draft 的英文须为文字。"),
    ({"events": {"approve": "A" * 201}}, None, "操作 approve 的英文不能超过 200 个字符。"),
    ({"states": ["Draft"]}, None, "状态的英文须为“代码: 英文”的对应。"),
    (None, {"title": "Score"}, "填写项 mark 的英文设置中没有 title 这一项。"),
])
def test_a_workflows_english_that_cannot_be_kept_is_refused_in_words(app_ctx, en, input_en, message):
    assert message in _workflow(en, input_en).problems({}, {}, {"score_mark"})


def _without_english(body):
    body = {key: value for key, value in body.items() if key != "en"}
    if "steps" in body:
        body["steps"] = [{**_without_english(step), "fields": [_without_english(f) for f in step["fields"]]}
                         for step in body["steps"]]
    if "fields" in body:
        body["fields"] = [_without_english(f) for f in body["fields"]]
    return body


def test_a_store_from_before_the_english_gets_it_at_start_unless_an_administrator_wrote_its_own(app_ctx):
    """The shipped bodies changed: where the system's own version is in effect the new one replaces it; a business
    type gets the shipped English title and notice where it has none."""
    for document in (WorkflowDefinition, FormDefinition):
        latest = document.latest("exemption")
        old = _without_english(latest.body)
        document.objects(key="exemption").delete()
        document(key="exemption", version=1, title=latest.title, body=old, created_by=SYSTEM).save()
        ShippedDefinition.objects(definition=document.__name__, key="exemption").update_one(set__body=old)
    BusinessType.objects(key="exemption").update_one(unset__title_en=True, unset__notice_en=True)
    BusinessType.objects(key="backfill").update_one(set__title_en="Old scores")
    applications.clear_caches()

    applications.ensure_shipped()

    kind = types.of("exemption")
    assert WorkflowDefinition.latest("exemption").body == kind.workflow.to_data()
    assert FormDefinition.latest("exemption").body["steps"][0]["en"] == {"title": "Choose your major"}
    stored = BusinessType.objects.get(key="exemption")
    assert (stored.title_en, stored.notice_en) == ("Course exemption", kind.notice_en)
    assert BusinessType.objects.get(key="backfill").title_en == "Old scores"


def test_english_an_administrator_cleared_after_changing_the_chinese_is_not_written_back_at_start(app, world):
    BusinessType.objects(key="exemption").update_one(set__notice="2025年起免考申请须先预约现场审核。",
                                                     set__title="课程免考", unset__notice_en=True, unset__title_en=True)
    BusinessType.objects(key="backfill").update_one(unset__notice_en=True)  # its Chinese is still the shipped text

    applications.ensure_shipped()

    exemption, backfill = BusinessType.objects.get(key="exemption"), BusinessType.objects.get(key="backfill")
    assert (exemption.title_en, exemption.notice_en) == (None, None)
    assert backfill.notice_en == types.of("backfill").notice_en
    _open_exemption()
    notice = text(english(candidate_client(app, ZHAO)).get("/apply/exemption/notice"))
    assert "2025年起免考申请须先预约现场审核。" in notice and types.of("exemption").notice_en[:40] not in notice


def _open_exemption():
    BusinessType.objects(key__in=["exemption", "backfill", "graduation"]).update(set__enabled=True)


def test_english_written_in_the_form_builder_is_what_an_english_candidate_reads(app, world):
    from tests.forms.test_form_builder import Page

    admin = staff_client(app, "admin")
    saved = FormDefinition.latest("exemption")
    page = Page(admin.get(f"/formdefinitionview/build/{saved.pk}").get_data(as_text=True))
    data = page.posted(**{"s0.title_en": "Your major, please", "s0.f0.label_en": "Major you study",
                          "s0.f0.help_en": "The major whose courses you ask to be exempted from."})
    data["do"] = "save"
    assert admin.post(f"/formdefinitionview/build/{saved.pk}", data=data).status_code == 302
    assert FormDefinition.latest("exemption").body["steps"][0]["en"] == {"title": "Your major, please"}

    candidate = english(candidate_client(app, ZHAO))
    step = candidate.post("/apply/exemption/notice", data={"agree": "y"}).location
    shown = text(candidate.get(step))
    assert "Your major, please" in shown and "Major you study" in shown
    assert "The major whose courses you ask to be exempted from." in shown
    refused = text(candidate.post(step, data={}))
    assert "Major you study" in refused and "请填写专业" not in refused  # the label in a message is English too
    # Chinese pages keep the Chinese.
    candidate.get("/language/zh")
    assert "选择专业" in text(candidate.get(step))


def test_english_written_in_the_workflow_editor_is_what_an_english_candidate_reads(app, world):
    from tests.workflows.test_workflow_editor import changed, editor, fields_of, press

    admin = staff_client(app, "admin")
    saved, page = editor(admin)
    fields = changed(changed(fields_of(page), "states-0-label_en", "Being written"), "title_en", "Exemption")
    assert press(admin, saved, fields, "save").status_code == 302
    revised = WorkflowDefinition.latest("exemption").body["en"]
    assert revised["title"] == "Exemption" and revised["states"]["draft"] == "Being written"
    assert revised["events"] == types.of("exemption").workflow.en["events"]  # the rest kept as it was

    candidate = english(candidate_client(app, ZHAO))
    candidate.post("/apply/exemption/notice", data={"agree": "y"})
    listed = text(candidate.get("/applications"))
    assert "Exemption" in listed and "Being written" in listed


def test_an_english_candidate_reads_a_shipped_types_english(app, world):
    candidate = english(candidate_client(app, ZHAO))
    notice = text(candidate.get("/apply/backfill/notice"))
    assert "Score back-registration" in notice and "Only exam scores of 2002 or earlier" in notice
    step = candidate.post("/apply/backfill/notice", data={"agree": "y"}).location
    shown = text(candidate.get(step))
    assert "Theory and practice (exam scores of 2002 or earlier)" in shown and "Source province" in shown
    assert "补登类型" not in shown and "来源省" not in shown


def _data_values(app):
    """Every text the store holds as data (names, news, messages, answers typed…), longest first: a page shows
    them as they are stored, in whatever language they were written."""
    from mongoengine.connection import get_db

    db, found = get_db(), set()
    kept = {"workflow_definitions", "form_definitions", "business_types", "shipped_definitions", "plan_modules",
            "elective_groups"}

    def walk(value):
        if isinstance(value, str):
            found.update(part.strip() for part in re.split(r"[\n]", value) if part.strip())
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for name in set(db.list_collection_names()) - kept:
        for document in db[name].find():
            walk(document)
    from app.extensions import db as staff_db
    from app.models.candidate import ETHNICITIES
    from app.security import StaffUser
    from forms.catalogue import PROVINCES

    staff = staff_db.session.query(StaffUser).all()

    # Catalogue names, staff names, and each language's own name on the language switch.
    found |= {*PROVINCES, *ETHNICITIES, *(f"{user.first_name}{user.last_name}" for user in staff),
              *(user.first_name for user in staff), *(user.last_name for user in staff),
              *(language["name"] for language in app.config["LANGUAGES"].values())}
    return sorted(found, key=len, reverse=True)


def _left_in_chinese(page, values):
    for value in values:
        page = page.replace(value, " ")
    return sorted({match.strip() for match in re.findall(r"[^\s<>]*[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]+[^\s<>]*",
                                                        page)})


def test_an_english_interface_has_no_chinese_left_but_the_data(app, world):
    """Every main page, switched to English, shows no Chinese but what the store holds as data."""
    _open_exemption()
    candidate = english(candidate_client(app, ZHAO))
    pages = ["/home", "/scores", "/plan", "/messages", "/profile", "/applications"]
    for key in ("exemption", "backfill", "graduation"):
        pages += [f"/apply/{key}", f"/apply/{key}/notice"]
        step = candidate.post(f"/apply/{key}/notice", data={"agree": "y"}).location
        application = step.split("/")[2]
        pages += [step, f"/applications/{application}/preview", f"/applications/{application}"]
    staff = english(staff_client(app, "admin"))
    submitted = Application.objects(type="backfill").first()  # as its candidate sent it, for the review page
    submitted.update(set__state="district_review", set__submitted_at=datetime.datetime.now(),
                     set__data=submitted.working)
    staff_pages = ["/admin/", "/applicationview/list/", f"/applicationview/show/{submitted.pk}"]
    with app.app_context():
        values = _data_values(app)
    left = {}
    for client, urls in ((english(app.test_client()), ["/"]), (candidate, pages), (staff, staff_pages)):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            chinese = _left_in_chinese(text(response), values)
            if chinese:
                left[url] = chinese
    assert left == {}, "\n".join(f"{url}: {chinese}" for url, chinese in left.items())


def test_a_messages_punctuation_follows_the_page(app):
    from app.wording import bracketed, clauses, labelled
    from application_types.exemption.form import EXEMPTION_FORM

    data = {"courses": ["03709", "00015"], "evidence": {"00015": {"voucher_kind": "合格证"}}}
    with app.test_request_context():
        assert (clauses(["甲", "乙"]), labelled("成绩", 80), bracketed("03709")) == ("甲；乙", "成绩：80", "（03709）")
        assert "各课程凭证（03709）" in EXEMPTION_FORM.missing(data, [])
    with app.test_request_context():
        session["locale"] = "en"
        assert (clauses(["A", "B"]), labelled("Mark", 80), bracketed("03709")) == ("A; B", "Mark: 80", " (03709)")
        missing = EXEMPTION_FORM.missing(data, [])
        assert EXEMPTION_FORM.steps[2].fields[0].text("label") + " (03709)" in missing
        assert not any(CJK.search(label) for label in missing), missing


def test_a_shipped_workflow_carries_english_for_exactly_its_own_states_and_events(app_ctx):
    for kind in types.shipped():
        workflow = kind.workflow
        events = {t.event for t in workflow.transitions} | set(workflow.events)
        assert set(workflow.en["states"]) == set(workflow.states), kind.key
        assert set(workflow.en["events"]) == events, kind.key
    recheck = types.of("recheck").workflow
    assert (recheck.en["states"]["provincial_review"], recheck.en["states"]["draft"]) == ("Provincial recheck", "Draft")
    assert "update" not in recheck.en["events"]
