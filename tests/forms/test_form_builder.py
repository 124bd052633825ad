"""The form builder: a form definition edited as rows, previewed as the candidate sees it, saved as a new version."""
import copy
import html.parser
import re

import pytest
from werkzeug.datastructures import MultiDict

from app.models import AuditEntry, BusinessType, FormDefinition
from forms.builder import form_definitions
from forms.spec import FormSpec
import application_types  # noqa: F401  (ships the types)
from tests.fixtures import staff_client
from workflows import types


class Page(html.parser.HTMLParser):
    """What a browser posts from the builder's form (#builder, and the controls naming it with form=), and the
    problems shown on each row ({row path or None: [text]})."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.fields, self.inside, self.select, self.textarea, self.problem = [], False, None, None, None
        self.rows, self.problems, self.selects = [], {}, []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "builder":
            self.inside = True
        if tag == "div":
            self.rows.append(attrs["id"][4:] if attrs.get("id", "").startswith("row-") else "")
        if tag == "p" and "text-danger" in (attrs.get("class") or ""):
            self.problem = next((row for row in reversed(self.rows) if row), None), []
        if tag == "option" and self.select is not None:
            self.select[1].append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select[2].append(attrs.get("value", ""))
        if "name" not in attrs or not (self.inside or attrs.get("form") == "builder"):
            return
        if tag == "input" and (attrs.get("type") != "checkbox" or "checked" in attrs):
            self.fields.append((attrs["name"], attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "select":
            self.select = [attrs["name"], [], []]
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        if self.problem is not None:
            self.problem[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        if tag == "div" and self.rows:
            self.rows.pop()
        if tag == "p" and self.problem is not None:
            self.problems.setdefault(self.problem[0], []).append("".join(self.problem[1]).strip())
            self.problem = None
        if tag == "select" and self.select is not None:
            name, options, chosen = self.select
            self.fields += [(name, value) for value in chosen or options[:1]]
            self.selects.append((name, options, chosen))
            self.select = None
        if tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None

    def posted(self, **changes):
        """The form as posted, with `changes` ({name: value or [values]; None drops the name}) applied."""
        data = MultiDict(self.fields)
        for name, value in changes.items():
            data.poplist(name)
            if value is not None:
                data.setlist(name, value if isinstance(value, list) else [value])
        return data


@pytest.fixture
def admin(app, world):
    return staff_client(app, "admin")


def _open(client, key):
    saved = FormDefinition.latest(key)
    response = client.get(f"/formdefinitionview/build/{saved.pk}")
    assert response.status_code == 200
    return saved, Page(response.get_data(as_text=True))


def _post(client, saved, data, action):
    data = data.copy()
    data["do"] = action
    response = client.post(f"/formdefinitionview/build/{saved.pk}", data=data)
    assert response.status_code in (200, 302), response.status_code
    return response


@pytest.mark.parametrize("key", sorted({t.form.key for t in types.shipped()}))
def test_every_shipped_form_reads_back_from_its_rows_unchanged(admin, key):
    """The rows are the whole definition: checking the page as shown changes nothing and finds no problem."""
    saved, page = _open(admin, key)
    response = _post(admin, saved, page.posted(), "check")
    after = Page(response.get_data(as_text=True))
    assert "还不能保存" not in response.get_data(as_text=True)
    assert FormSpec.from_data(_body_of(after, key)).to_data() == FormSpec.from_data(saved.body).to_data()


def test_a_version_whose_choices_were_written_as_plain_values_is_saved_unchanged(app, admin):
    """A revision may list a choice as its value alone; the builder shows it as that value, and keeps it."""
    body = copy.deepcopy(FormDefinition.latest("exemption").body)
    voucher_type = body["steps"][2]["fields"][0]["fields"][0]["fields"][0]
    voucher_type["choices"] = [value for value, _label in voucher_type["choices"]]
    with app.app_context():
        form_definitions.save("exemption", body, "admin", note="JSON")
    saved, page = _open(admin, "exemption")

    assert _post(admin, saved, page.posted(), "save").status_code == 302

    latest = FormSpec.from_data(FormDefinition.latest("exemption").body)
    assert [value for value, _label in latest.steps[2].fields[0].fields[0].fields[0].choices] == [
        "PETS", "CET", "学历证书", "电子注册备案表", "学历认证报告", "职业资格证书", "其他"]
    assert latest.to_data() == FormSpec.from_data(body).to_data()


def test_a_several_line_answers_pattern_is_shown_on_its_row_and_kept(app, admin):
    body = copy.deepcopy(FormDefinition.latest("exemption").body)
    remark = body["steps"][2]["fields"][0]["fields"][0]["fields"][4]
    remark.update(pattern=r"^[^<>]*$", pattern_message="备注中不能有尖括号")
    with app.app_context():
        form_definitions.save("exemption", body, "admin", note="JSON")
    saved, page = _open(admin, "exemption")

    assert ("s2.f0.f0.f4.pattern", r"^[^<>]*$") in page.fields
    assert _post(admin, saved, page.posted(), "save").status_code == 302

    remark = FormSpec.from_data(FormDefinition.latest("exemption").body).steps[2].fields[0].fields[0].fields[4]
    assert (remark.type, remark.pattern, remark.pattern_message) == ("textarea", r"^[^<>]*$", "备注中不能有尖括号")


def _body_of(page, key):
    from views.admin.form_rows import Rows
    return Rows(page.posted(), key).body


def test_adding_a_required_field_saves_the_next_version_with_it_and_audits(admin):
    saved, page = _open(admin, "exemption")
    response = _post(admin, saved, page.posted(**{"s0.new_type": "text"}), "add_field:s0")
    page = Page(response.get_data(as_text=True))
    data = page.posted(**{"s0.f1.label": "联系电话", "s0.f1.name": "phone", "s0.f1.required": "y",
                          "s0.f1.pattern": r"^1\d{10}$", "s0.f1.pattern_message": "请填写11位手机号码",
                          "note": "增加联系电话"})
    response = _post(admin, saved, data, "save")
    assert response.status_code == 302
    latest = FormDefinition.latest("exemption")
    assert latest.version == saved.version + 1 and latest.note == "增加联系电话"
    phone = FormSpec.from_data(latest.body).field("phone")
    assert (phone.label, phone.required, phone.pattern, phone.pattern_message) == (
        "联系电话", True, r"^1\d{10}$", "请填写11位手机号码")
    entry = AuditEntry.objects(action="revise").order_by("-id").first()
    assert entry.changes["version"] == str(latest.version)


def test_rows_move_and_remove(admin):
    saved, page = _open(admin, "exemption")
    response = _post(admin, saved, page.posted(), "down:s0")
    page = Page(response.get_data(as_text=True))
    assert _body_of(page, "exemption")["steps"][1]["key"] == "major"
    response = _post(admin, saved, page.posted(), "up:s1")
    page = Page(response.get_data(as_text=True))
    assert [s["key"] for s in _body_of(page, "exemption")["steps"]] == ["major", "courses", "evidence"]
    response = _post(admin, saved, page.posted(), "remove:s2.f0.f0.f5")  # the vouchers' images
    body = _body_of(Page(response.get_data(as_text=True)), "exemption")
    voucher = body["steps"][2]["fields"][0]["fields"][0]
    assert "images" not in [f["name"] for f in voucher["fields"]]
    assert FormDefinition.latest("exemption").version == saved.version  # nothing saved yet


@pytest.mark.parametrize("changes, path, message", [
    ({"s0.f0.label": ""}, "s0.f0", "请填写字段名称。"),
    ({"s2.f0.f0.f4.name": "note"}, None, None),  # a rename alone is fine
    ({"s1.f0.name": "major"}, "s1.f0", "字段名 major 重复。"),
    ({"s1.key": "major"}, "s1", "步骤代码 major 重复。"),
    ({"s1.key": "第二步"}, "s1", "步骤代码“第二步”须以字母开头"),
    ({"s0.f0.name": "2major"}, "s0.f0", "字段代码须以字母开头"),
    ({"s0.f0.type": "select"}, "s0.f0", "需要可选项"),
    ({"s2.f0.f0.f5.max_kb": "-5"}, "s2.f0.f0.f5", "凭证图片（images） 的文件规则 最大大小（KB） 须为正整数。"),
    ({"s2.f0.f0.f5.file_count": "0"}, "s2.f0.f0.f5", "凭证图片（images） 的文件规则 最多份数 须为正整数。"),
    ({"s2.f0.f0.f5.max_kb": "很大"}, "s2.f0.f0.f5", "最大大小（KB）“很大”不是整数。"),
    ({"s2.f0.f0.f5.min_kb": "2048"}, "s2.f0.f0.f5", "最小大小大于最大大小"),
    ({"s2.f0.f0.f1.pattern": "([0-9]"}, "s2.f0.f0.f1", "不是有效的正则表达式"),
    ({"s2.f0.f0.f1.min_length": "80"}, "s2.f0.f0.f1", "最少字数大于最多字数"),
    ({"s2.f0.f0.f4.show_field": "type", "s2.f0.f0.f4.show_op": "refused_at_least",
      "s2.f0.f0.f4.show_value": "几次"}, "s2.f0.f0.f4", "须填写次数"),
    ({"s2.f0.min_count": "3", "s2.f0.max_count": "2"}, "s2.f0", "最少条数大于最多条数"),
    ({"s2.f0.f0.max_count": "3000"}, "s2.f0.f0", "最多条数不能超过 50"),
    ({"s0.f0.type": "nonsense"}, "s0.f0", "不受支持（可用的类型："),
])
def test_a_problem_is_shown_on_the_row_that_has_it_and_nothing_is_saved(admin, changes, path, message):
    saved, page = _open(admin, "exemption")
    response = _post(admin, saved, page.posted(**changes), "save")
    if message is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    shown = Page(response.get_data(as_text=True)).problems
    assert any(message in text for text in shown.get(path, [])), shown
    assert FormDefinition.latest("exemption").version == saved.version


def test_only_a_field_chosen_from_offers_its_items_to_decide_one_by_one(admin):
    saved, page = _open(admin, "exemption")
    offered = Page(admin.get(f"/formdefinitionview/build/{saved.pk}").get_data(as_text=True))
    items_from = next(options for name, options, _chosen in offered.selects if name == "items_from")
    assert items_from == ["", "major", "courses"]  # not the evidence group, nor the major's level

    response = _post(admin, saved, page.posted(items_from="evidence"), "save")
    assert response.status_code == 200 and FormDefinition.latest("exemption").version == saved.version
    assert "逐项审核所依据的字段 evidence 须是考生从可选项中选择的字段（如课程）。" in response.get_data(as_text=True)


def test_a_form_with_no_step_filled_in_where_its_workflow_starts_is_refused(admin):
    saved, page = _open(admin, "exemption")
    every_step_waits = {f"s{i}.states": "district_review" for i in range(3)}

    response = _post(admin, saved, page.posted(**every_step_waits), "save")

    assert response.status_code == 200 and FormDefinition.latest("exemption").version == saved.version
    assert "没有在“草稿”状态中填写的步骤，考生开始申请后将无处填写。" in response.get_data(as_text=True)


def test_a_condition_built_from_drop_downs_is_saved_typed(admin):
    saved, page = _open(admin, "exemption")
    data = page.posted(**{"s2.f0.f0.f4.show_field": "type", "s2.f0.f0.f4.show_op": "any_of",
                          "s2.f0.f0.f4.show_value": "其他、职业资格证书"})
    assert _post(admin, saved, data, "save").status_code == 302
    remark = FormSpec.from_data(FormDefinition.latest("exemption").body).steps[2].fields[0].fields[0].fields[4]
    assert remark.visible_if.any_of == ("其他", "职业资格证书")


def test_a_condition_on_a_number_holds_for_the_number_a_candidate_gives(admin):
    saved, page = _open(admin, "exemption")
    page = Page(_post(admin, saved, page.posted(**{"s0.new_type": "number"}), "add_field:s0").get_data(as_text=True))
    page = Page(_post(admin, saved, page.posted(**{"s0.f1.name": "attempts", "s0.f1.label": "报考次数",
                                                   "s0.new_type": "text"}), "add_field:s0").get_data(as_text=True))
    shown_when = {"s0.f2.name": "reason", "s0.f2.label": "原因", "s0.f2.show_field": "attempts", "s0.f2.show_op": "equals"}

    refused = _post(admin, saved, page.posted(**shown_when, **{"s0.f2.show_value": "一次"}), "save")
    assert "条件所依据的字段是数字，值须填写数字。" in Page(refused.get_data(as_text=True)).problems["s0.f2"]
    assert _post(admin, saved, page.posted(**shown_when, **{"s0.f2.show_value": "1"}), "save").status_code == 302

    reason = FormSpec.from_data(FormDefinition.latest("exemption").body).field("reason")
    assert reason.visible({"attempts": 1}) and not reason.visible({"attempts": 2})  # as the step saves the answer


def test_the_preview_renders_the_step_as_the_candidate_page_does(admin):
    saved, page = _open(admin, "exemption")
    response = admin.post(f"/formdefinitionview/build/{saved.pk}/preview",
                          data=page.posted(preview_step="2"))
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "填写凭证" in text and "凭证类型" in text and 'class="field' in text and "candidate.css" in text
    assert "新增凭证" in text  # a repeatable group's button, as on the candidate's page
    response = admin.post(f"/formdefinitionview/build/{saved.pk}/preview",
                          data=page.posted(**{"preview_step": "0", "s0.f0.type": "select"}))
    assert "这一步还有问题" in response.get_data(as_text=True)
    response = admin.post(f"/formdefinitionview/build/{saved.pk}/preview",
                          data=page.posted(**{"preview_step": "2", "s2.f0.f0.max_count": "3000"}))
    assert "这一步还有问题" in response.get_data(as_text=True) and "最多条数不能超过 50" in response.get_data(as_text=True)


@pytest.mark.parametrize("data", [
    {"do": "up:s999999"}, {"do": "add_field:s0.f0.f0.f0.f0.f0"}, {"do": "remove:x"}, {"do": "add_field:s0",
                                                                                    "s0.new_type": "nope"},
    {"s0.f0.name": "a", "s0.key": "k", "s0.title": "t", "s0.f0.type": "group", "s0.f0.label": "g",
     "s0.f0.f0.f0.f0.f0.f0.name": "deep"},
    {"s0.f9999.name": "x"}, {"preview_step": "9" * 50}, {"title": "\x00"},
])
def test_malformed_posts_get_a_page_never_an_error(admin, data):
    saved = FormDefinition.latest("exemption")
    for action in (data.get("do", "check"), "save"):
        response = admin.post(f"/formdefinitionview/build/{saved.pk}", data={**data, "do": action})
        assert response.status_code in (200, 302, 400)  # 400: a NUL, refused with its message before any view
    assert admin.post(f"/formdefinitionview/build/{saved.pk}/preview", data=data).status_code in (200, 400)


def test_a_district_reviewer_cannot_open_the_builder(app, world):
    saved = FormDefinition.latest("exemption")
    reviewer = staff_client(app, "heping")
    response = reviewer.get(f"/formdefinitionview/build/{saved.pk}")
    assert response.status_code in (302, 403)
    assert not re.search("编辑表单", reviewer.get(response.headers.get("Location", "/")).get_data(as_text=True))


def test_every_field_kind_step_check_and_file_check_says_what_it_is():
    from app.services.files import CHECK_LABELS, CHECKS
    from forms import kinds
    from forms.checks import LABELS, STEP_CHECKS

    assert all(str(kind.label).strip() and str(kind.description).strip() for kind in kinds.KINDS.values())
    assert set(LABELS) == set(STEP_CHECKS) and all(str(label).strip() for label in LABELS.values())
    assert set(CHECK_LABELS) == set(CHECKS)


def test_the_builder_reads_the_store_as_often_however_many_rows_it_shows(admin):
    from bench.roundtrips import counting

    saved = FormDefinition.latest("exemption")
    grown = copy.deepcopy(saved.body)
    grown["steps"][0]["fields"] += [{"name": f"major{n}", "type": "major", "label": f"专业{n}"} for n in range(5)]
    grown["steps"][0]["fields"] += [{"name": f"note{n}", "type": "text", "label": f"说明{n}"} for n in range(20)]
    bigger = form_definitions.save("exemption", grown, "admin")
    for version in (saved, bigger):  # what a process reads once (the session, parsed definitions)
        admin.get(f"/formdefinitionview/build/{version.pk}")
    with counting() as small:
        assert admin.get(f"/formdefinitionview/build/{saved.pk}").status_code == 200
    with counting() as large:
        page = admin.get(f"/formdefinitionview/build/{bigger.pk}").get_data(as_text=True)
    assert "专业4" in page and "说明19" in page
    assert large.mongo == small.mongo, (small.mongo_calls, large.mongo_calls)


def test_the_states_a_step_may_be_limited_to_are_looked_up_by_an_index(app):
    """The builder finds the workflows of the types using a form by the types' form_key."""
    with app.app_context():
        indexed = [info["key"] for info in BusinessType._get_collection().index_information().values()]
    assert [("form_key", 1)] in indexed
