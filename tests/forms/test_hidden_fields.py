"""A field its condition hides, of every shape: neither validated nor kept, whatever the browser sends; the same
fields shown are validated as ever, and a blank optional number or date is simply unanswered."""
import io

import pytest
from werkzeug.datastructures import FileStorage, MultiDict

from forms.builder import Context, step_form, uploads_from, values_from
from forms.spec import Condition, Field, FileRules, FormSpec, Step
from tests.forms.test_files import picture

SHOWN = Condition("kind", "other")
STEP = Step("one", "一", (
    Field("kind", "select", "类型", required=True, choices=(("plain", "普通"), ("other", "其他"))),
    Field("mark", "number", "成绩", min_value=0, max_value=100, visible_if=SHOWN, required_if=SHOWN),
    Field("day", "date", "日期", visible_if=SHOWN, required_if=SHOWN),
    Field("month", "month", "年月", visible_if=SHOWN, required_if=SHOWN),
    Field("grade", "select", "结果", choices=(("通过", "通过"),), visible_if=SHOWN, required_if=SHOWN),
    Field("tags", "multiselect", "标签", choices=(("a", "甲"), ("b", "乙")), visible_if=SHOWN, required_if=SHOWN),
    Field("proof", "image", "凭证", rules=FileRules(formats=("JPEG",), max_count=1), visible_if=SHOWN,
          required_if=SHOWN),
    Field("entries", "group", "条目", max_count=2, visible_if=SHOWN, required_if=SHOWN, fields=(
        Field("what", "text", "内容", required=True),
        Field("score", "number", "分数", required=True),
    )),
    Field("reason", "text", "原因", visible_if=Condition("grade", "通过"), required_if=Condition("grade", "通过")),
    Field("extra", "number", "附加分"),
    Field("since", "date", "起始日期"),
))
SPEC = FormSpec("trial", "试用表单", (STEP,))
JUNK = {"mark": "", "day": "not a day", "month": "2015", "grade": "优秀", "tags": ["z"], "entries-0-what": "x",
        "entries-0-score": "many", "reason": ""}


def submitted(posted):
    form = step_form(STEP, Context(SPEC, None, {}))(MultiDict(posted))
    form.validate()
    return form


def upload():
    return FileStorage(io.BytesIO(picture()), filename="a.jpg", content_type="image/jpeg")


@pytest.fixture(autouse=True)
def request_context(app_ctx):
    """Messages are translated per request."""


def test_hidden_fields_of_every_shape_are_not_validated_nor_kept_whatever_is_sent():
    form = submitted({"kind": "plain", **JUNK, "proof": upload()})

    assert form.errors == {}
    assert values_from(STEP.fields, form) == {"kind": "plain", "extra": None, "since": None}
    assert uploads_from(STEP.fields, form) == []


def test_a_field_shown_by_a_hidden_answer_is_hidden_too():
    form = submitted({"kind": "plain", "grade": "通过", "reason": ""})

    assert form.errors == {}
    assert "reason" not in values_from(STEP.fields, form)


@pytest.mark.parametrize("changes, errors", [
    ({"mark": ""}, {"mark": ["请填写成绩。"]}),
    ({"mark": "abc"}, {"mark": ["不是有效的小数。"]}),
    ({"mark": "120"}, {"mark": ["请填写 0 到 100 之间的数。"]}),
    ({"day": ""}, {"day": ["请填写日期。"]}),
    ({"day": "2015-02-30"}, {"day": ["不是有效的日期值。"]}),
    ({"month": ""}, {"month": ["请填写年月。"]}),
    ({"month": "2015"}, {"month": ["请按 年-月 填写，如 2024-04。"]}),
    ({"grade": ""}, {"grade": ["请填写结果。"]}),
    ({"grade": "优秀"}, {"grade": ["不是有效的选择。"]}),
    ({"tags": []}, {"tags": ["请填写标签。"]}),
    ({"tags": ["z"]}, {"tags": ["所选的 z 不在可选范围内，请刷新页面后重新选择。"]}),
    ({"entries-0-what": ""}, {"entries": {"0": {"what": ["请填写内容。"]}}}),
    ({"entries-0-score": "many"}, {"entries": {"0": {"score": ["不是有效的小数。"]}}}),
    ({"reason": ""}, {"reason": ["请填写原因。"]}),
    ({"extra": "x"}, {"extra": ["不是有效的小数。"]}),
    ({"since": "someday"}, {"since": ["不是有效的日期值。"]}),
], ids=["number-blank", "number-text", "number-range", "date-blank", "date-bad", "month-blank", "month-bad",
        "choice-blank", "choice-unknown", "choices-blank", "choices-unknown", "group-blank", "group-number",
        "chained", "optional-number-text", "optional-date-bad"])
def test_the_same_fields_shown_are_validated_with_their_messages(changes, errors):
    shown = {"kind": "other", "mark": "70", "day": "2015-06-01", "month": "2015-06", "grade": "通过", "tags": ["a"],
             "entries-0-what": "笔试", "entries-0-score": "80", "reason": "补考", "proof": upload()}

    form = submitted({**shown, **changes})

    assert form.errors == errors


def test_a_hidden_required_file_is_not_asked_for_and_a_shown_one_is():
    assert submitted({"kind": "plain"}).errors == {}
    shown = {"kind": "other", "mark": "70", "day": "2015-06-01", "month": "2015-06", "grade": "通过", "tags": ["a"],
             "entries-0-what": "笔试", "entries-0-score": "80", "reason": "补考"}
    assert submitted(shown).errors == {"proof": ["请上传凭证。"]}


def test_a_blank_optional_number_or_date_is_unanswered():
    form = submitted({"kind": "plain", "extra": " ", "since": ""})

    assert form.errors == {}
    assert values_from(STEP.fields, form) == {"kind": "plain", "extra": None, "since": None}


ELSEWHERE = Condition("kind", "other")  # a field of the first step
LATER = Step("two", "二", (
    Field("entries", "group", "条目", max_count=2, fields=(
        Field("what", "text", "内容", required=True),
        Field("why", "text", "说明", visible_if=ELSEWHERE),
    )),
    Field("per", "group", "各类", repeat_for="tags", fields=(Field("how", "text", "方式", visible_if=ELSEWHERE),)),
))
TWO_STEPS = FormSpec("trial", "试用表单", (STEP, LATER))


@pytest.mark.parametrize("kind, shown", [("plain", False), ("other", True)])
def test_a_field_in_a_group_shown_by_another_steps_answer_is_shown_only_as_it_is_kept(kind, shown):
    """The page's script cannot read another step's answer, so what is shown is decided by it as the server reads it:
    a field shown there is kept when typed, and one not shown is not on the page to type into."""
    form = step_form(LATER, Context(TWO_STEPS, None, {"kind": kind, "tags": ["a"]}))(MultiDict(
        {"entries-0-what": "甲", "entries-0-why": "因为", "per-a-how": "邮寄"}))

    slot, per_choice = form["entries"].form["0"].form, form["per"].form["a"].form
    assert [f.name for f in slot] == (["entries-0-what", "entries-0-why"] if shown else ["entries-0-what"])
    assert [f.name for f in per_choice] == (["per-a-how"] if shown else [])
    assert form.validate()
    assert values_from(LATER.fields, form) == {"entries": {"0": {"what": "甲", **({"why": "因为"} if shown else {})}},
                                                "per": {"a": {"how": "邮寄"} if shown else {}}}


def test_a_field_in_a_group_shown_by_an_answer_on_the_page_is_left_to_its_script():
    here = Step("here", "此处", (
        Field("kind", "select", "类型", choices=(("plain", "普通"), ("other", "其他"))),
        Field("entries", "group", "条目", max_count=1, fields=(
            Field("mode", "select", "方式", choices=(("post", "邮寄"), ("self", "自取"))),
            Field("address", "text", "地址", visible_if=Condition("mode", "post")),
            Field("why", "text", "说明", visible_if=ELSEWHERE),
        )),
    ))
    form = step_form(here, Context(FormSpec("trial", "试用表单", (here,)), None, {}))(MultiDict())

    assert [f.name for f in form["entries"].form["0"].form] == [
        "entries-0-mode", "entries-0-address", "entries-0-why"]
