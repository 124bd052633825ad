"""Steps open in some workflow states only (Step.states): shown, editable and required there, and nowhere else."""
import pytest

from app.models import Candidate, Score
from forms.builder import Context
from forms.spec import Field, FormSpec, Step

SPEC = FormSpec("staged", "分步提交的表单", (
    Step("answer", "先填写", (Field("reason", "text", "原因", required=True),), states=("draft",)),
    Step("proof", "提交后上传", (Field("stamped", "file", "盖章材料", required=True),),
         states=("awaiting_form", "rejected")),
    Step("always", "每次都要", (Field("phone", "text", "电话", required=True),)),
))


def test_a_step_without_states_is_open_in_every_state():
    assert [s.key for s in SPEC.steps_open("draft")] == ["answer", "always"]
    assert [s.key for s in SPEC.steps_open("rejected")] == ["proof", "always"]
    assert [s.key for s in SPEC.steps_open("district_review")] == ["always"]
    assert [s.key for s in SPEC.steps_open()] == ["answer", "proof", "always"]


def test_missing_counts_only_the_steps_open_in_the_state():
    assert SPEC.missing({}, [], "draft") == ["原因", "电话"]
    assert SPEC.missing({"reason": "x", "phone": "1"}, [], "awaiting_form") == ["盖章材料"]
    assert SPEC.missing({}, []) == ["原因", "盖章材料", "电话"]  # no state: the whole form, as before


def test_step_states_round_trip_through_stored_data():
    data = SPEC.to_data()

    assert data["steps"][1]["states"] == ["awaiting_form", "rejected"]
    assert "states" not in data["steps"][2]
    assert [s.states for s in FormSpec.from_data(data).steps] == [("draft",), ("awaiting_form", "rejected"), ()]


def test_step_states_must_be_texts():
    data = SPEC.to_data()
    data["steps"][0]["states"] = [1]

    with pytest.raises(ValueError, match="states 的值不正确"):
        FormSpec.from_data(data)


def test_latest_score_offers_the_scores_of_the_latest_sitting_only(app_ctx, world):
    zhang = Candidate.objects.get(exam_number="080105408130")
    spec = FormSpec("pick", "选成绩", (Step("s", "成绩", (Field("score", "latest_score", "成绩", required=True),)),))
    context = Context(spec, zhang, {})

    offered = [value for value, _label in context.choices(spec.field("score"))]
    described = [value for value, _label in context.choices(spec.field("score"), describing=True)]

    latest = {str(s.pk) for s in Score.objects(candidate=zhang, source="exam", sitting="2023-10")}
    assert set(offered) == latest
    assert set(described) == {str(s.pk) for s in Score.objects(candidate=zhang, source="exam")}
    assert spec.problems() == []
