"""The form engine on a small definition: required, conditions, months, lengths, repeatable groups, files."""
import io
import json

import pytest
from werkzeug.datastructures import FileStorage, MultiDict

from app.models.application import Attachment
from application_types.exemption.form import EXEMPTION_FORM
from forms.builder import Context, step_form, uploads_from, values_from
from forms.spec import Condition, Field, FileRules, FormSpec, Step
from tests.forms.test_files import picture

JOB = Field("jobs", "group", "工作经历", required=True, min_count=2, max_count=3, fields=(
    Field("employer", "text", "单位", required=True),
    Field("since", "month", "入职时间", required=True),
))
SPEC = FormSpec("trial", "试用表单", (
    Step("about", "基本情况", (
        Field("name", "text", "姓名", required=True, max_length=10),
        Field("graduated", "month", "毕业时间"),
        Field("employed", "select", "是否在职", choices=(("y", "在职"), ("n", "不在职"))),
        Field("employer", "text", "单位名称", required=True, visible_if=Condition("employed", "y")),
        Field("cert", "select", "证书类型", choices=(("none", "无"), ("degree", "学历证书"))),
        Field("cert_number", "text", "证书编号", required_if=Condition("cert", "degree")),
    )),
    Step("history", "经历", (JOB,)),
    Step("files", "材料", (
        Field("photo", "image", "照片", required=True, rules=FileRules(formats=("JPEG", "PNG"), max_count=2)),
    )),
))
ABOUT, HISTORY, FILES = SPEC.steps


def submitted(step, posted, values=None, counts=None):
    """The step's form filled from a POST and validated, as the candidate pages do."""
    form = step_form(step, Context(SPEC, None, values or {}, counts or {}))(MultiDict(posted))
    form.validate()
    return form


def about(**changes):
    posted = {"name": "刘洋", "graduated": "2020-06", "employed": "n", "employer": "", "cert": "none",
              "cert_number": ""}
    posted.update(changes)
    return submitted(ABOUT, posted)


@pytest.fixture(autouse=True)
def request_context(app_ctx):
    """Messages are translated per request."""


def test_a_complete_step_validates_and_gives_its_values():
    form = about(employed="y", employer="太原市小店区教育局")
    assert form.errors == {}
    assert values_from(ABOUT.fields, form) == {"name": "刘洋", "graduated": "2020-06", "employed": "y",
                                               "employer": "太原市小店区教育局", "cert": "none", "cert_number": ""}


@pytest.mark.parametrize("changes, errors", [
    ({"name": ""}, {"name": ["请填写姓名。"]}),
    ({"name": "欧阳" * 6}, {"name": ["不能超过10个字。"]}),
    ({"employed": "y"}, {"employer": ["请填写单位名称。"]}),
    ({"cert": "degree"}, {"cert_number": ["请填写证书编号。"]}),
    ({"graduated": "2020-6"}, {"graduated": ["请按 年-月 填写，如 2024-04。"]}),
    ({"graduated": "2020/06"}, {"graduated": ["请按 年-月 填写，如 2024-04。"]}),
    ({"graduated": "2020-13"}, {"graduated": ["请按 年-月 填写，如 2024-04。"]}),
    ({"graduated": "1899-12"}, {"graduated": ["请按 年-月 填写，如 2024-04。"]}),
    ({"graduated": "2020-06-01"}, {"graduated": ["请按 年-月 填写，如 2024-04。"]}),
], ids=["required", "too-long", "visible-and-required", "required-if-holds", "month-no-zero", "month-slash",
        "month-13", "month-too-early", "a-date-not-a-month"])
def test_a_bad_value_is_refused_with_its_message(changes, errors):
    assert about(**changes).errors == errors


def test_a_hidden_field_is_not_required_and_its_posted_value_is_dropped():
    form = about(employed="n", employer="偷偷填的单位")
    assert form.errors == {}
    assert "employer" not in values_from(ABOUT.fields, form)


def test_required_if_does_not_apply_when_its_condition_fails():
    form = about(cert="none", cert_number="")
    assert form.errors == {}


def test_required_if_is_checked_on_the_server_whatever_the_page_showed():
    # The page may hide 证书编号 while 证书类型 is 无; a POST saying 学历证书 still needs it.
    assert about(cert="degree", cert_number="").errors == {"cert_number": ["请填写证书编号。"]}
    assert about(cert="degree", cert_number="D-1").errors == {}


@pytest.mark.parametrize("changes, errors", [
    ({"name": "   "}, {"name": ["请填写姓名。"]}),
    ({"employed": "y", "employer": "\u3000 "}, {"employer": ["请填写单位名称。"]}),
], ids=["spaces", "ideographic-space"])
def test_a_required_field_of_only_spaces_counts_as_empty(changes, errors):
    assert about(**changes).errors == errors


def jobs(**slots):
    """POST data for the 工作经历 slots: slot number -> (employer, since)."""
    posted = {}
    for slot, (employer, since) in slots.items():
        posted.update({f"jobs-{slot[1:]}-employer": employer, f"jobs-{slot[1:]}-since": since})
    return posted


def test_a_repeatable_group_skips_blank_slots_and_keeps_entries_by_slot():
    form = submitted(HISTORY, jobs(s0=("甲公司", "2018-07"), s1=("", ""), s2=("乙公司", "2021-03")))
    assert form.errors == {}
    assert values_from(HISTORY.fields, form) == {"jobs": {"0": {"employer": "甲公司", "since": "2018-07"},
                                                          "2": {"employer": "乙公司", "since": "2021-03"}}}


def test_a_repeatable_group_needs_its_minimum_number_of_entries():
    form = submitted(HISTORY, jobs(s0=("甲公司", "2018-07"), s1=("", ""), s2=("", "")))
    assert form.errors == {"jobs": {"": ["请至少填写2项工作经历。"]}}  # shown above the group's slots


def test_a_started_slot_is_validated_like_any_other():
    form = submitted(HISTORY, jobs(s0=("甲公司", "2018-07"), s1=("乙公司", ""), s2=("", "")))
    assert form.errors == {"jobs": {"1": {"since": ["请填写入职时间。"]}}}


def upload(name="p.jpg", content=None):
    if content is None:
        content = picture()
    return FileStorage(io.BytesIO(content), filename=name, content_type="image/jpeg")


def test_a_file_posted_in_a_text_field_or_a_slot_is_not_taken_for_what_was_typed():
    assert about(name=upload()).errors == {"name": ["请填写姓名。"]}
    posted = {**jobs(s0=("甲公司", "2018-07"), s1=("乙公司", "2019-01")), "jobs-1-employer": upload()}
    assert submitted(HISTORY, posted).errors == {"jobs": {"1": {"employer": ["请填写单位。"]}}}


def test_text_posted_in_a_file_field_is_not_taken_for_an_upload():
    assert submitted(FILES, {"photo": "p.jpg"}).errors == {"photo": ["请上传照片。"]}


@pytest.mark.parametrize("typed", ["NaN", "sNaN", "Infinity", "-inf", "abc"])
def test_a_number_field_refuses_what_is_no_number(typed):
    step = Step("amounts", "金额", (Field("amount", "number", "金额", min_value=0, max_value=100),))

    assert submitted(step, {"amount": typed}).errors == {"amount": ["不是有效的小数。"]}


def test_a_required_file_must_be_uploaded_unless_one_is_kept():
    assert submitted(FILES, {}).errors == {"photo": ["请上传照片。"]}
    assert submitted(FILES, {}, counts={"photo": 1}).errors == {}


def test_an_accepted_upload_waits_on_the_form_with_its_path():
    form = submitted(FILES, MultiDict([("photo", upload("a.jpg"))]))
    assert form.errors == {}
    assert [(path, checked.filename, checked.format) for path, checked in uploads_from(FILES.fields, form)] == [
        ("photo", "a.jpg", "JPEG")]


def test_uploads_beyond_the_files_kept_and_the_limit_are_refused():
    form = submitted(FILES, MultiDict([("photo", upload("b.jpg"))]), counts={"photo": 2})
    assert form.errors == {"photo": ["照片最多2个文件。"]}
    assert uploads_from(FILES.fields, form) == []


def test_a_refused_upload_shows_why_and_none_of_the_batch_is_kept():
    form = submitted(FILES, MultiDict([("photo", upload("a.jpg")), ("photo", upload("b.jpg", b"%PDF-1.4"))]))
    assert form.errors == {"photo": ["b.jpg 的实际格式是 PDF，只接受 JPG、PNG。"]}
    assert uploads_from(FILES.fields, form) == []


def test_missing_lists_the_labels_of_everything_required_and_empty_including_files():
    data = {"name": "", "employed": "y", "cert": "degree", "jobs": {"0": {"employer": "甲公司", "since": ""}}}
    assert SPEC.missing(data, []) == ["姓名", "单位名称", "证书编号", "工作经历", "入职时间", "照片"]


def test_missing_is_empty_for_a_complete_form_and_ignores_hidden_fields():
    data = {"name": "刘洋", "employed": "n", "cert": "none",
            "jobs": {"0": {"employer": "甲公司", "since": "2018-07"}, "2": {"employer": "乙公司", "since": "2021-03"}}}
    photo = Attachment(field="photo", filename="p.jpg")
    assert SPEC.missing(data, [photo]) == []
    assert SPEC.missing(data, [Attachment(field="jobs.0.photo")]) == ["照片"]


@pytest.mark.parametrize("spec", [SPEC, EXEMPTION_FORM], ids=["trial", "exemption"])
def test_a_definition_round_trips_through_stored_data(spec):
    stored = json.loads(json.dumps(spec.to_data(), ensure_ascii=False))
    assert FormSpec.from_data(stored) == spec
    assert FormSpec.from_data(stored).problems() == []


def test_a_field_whose_condition_is_on_another_step_is_shown_only_when_the_saved_answer_holds():
    step = Step("more", "补充", (Field("employer_phone", "text", "单位电话", required=True,
                                     visible_if=Condition("employed", "y")),
                               Field("note", "text", "备注")))

    def shown(values):
        return [field.name for field in step_form(step, Context(SPEC, None, values, {}))()]

    assert shown({"employed": "y"}) == ["employer_phone", "note"]
    assert shown({"employed": "n"}) == ["note"]  # nothing on this page could show it, so it is not there to fill
    assert [field.name for field in step_form(ABOUT, Context(SPEC, None, {"employed": "n"}, {}))()][3] == "employer"


def test_a_saved_date_and_number_show_again_when_the_step_is_opened_again(app_ctx):
    from bson import ObjectId

    from app.models import Candidate

    step = Step("s", "S", (Field("taken", "date", "考试日期"), Field("mark", "number", "成绩")))
    spec = FormSpec("f", "F", (step,))
    form = step_form(step, Context(spec, Candidate(id=ObjectId()), {}))(data={"taken": "2025-12-20", "mark": 480})
    assert 'value="2025-12-20"' in form.taken() and 'value="480"' in form.mark()
