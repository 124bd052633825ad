"""Transfer out: its guard as a pure function of the chosen passes and what standing graduations hold."""
from app.services.holds import Hold
from forms.spec import Field, FormSpec, Step
from tests.guards import check, context

from ..guards import Pass

FORM = FormSpec("transfer_out", "转出申请", (Step("scores", "成绩", (Field("scores", "passed_scores", "转出成绩"),)),))


def given(chosen, passes, held=None):
    return context(data={"scores": chosen}, form=FORM, chosen_passes=passes, held=held or {})


def test_every_chosen_score_must_be_an_own_pass_still_here_and_free(app_ctx):
    english = Pass("英语（一）（00012）", transferred_out=False)
    assert check("scores_transferable", given(["a"], {"a": english})) is None
    assert check("scores_transferable", given(["a", "b"], {"a": english})) == "所选成绩中有不属于本人的合格成绩，请重新选择。"
    assert check("scores_transferable", given(["a"], {"a": Pass("英语（一）（00012）", True)})) == (
        "以下成绩已经转出，不能再次转出：英语（一）（00012）。")
    held = {"a": Hold("app", "030101K", "毕业审定中")}
    assert check("scores_transferable", given(["a"], {"a": english}, held)) == (
        "以下成绩已用于毕业申请，不能转出：英语（一）（00012）已用于 030101K 专业的毕业申请（毕业审定中）。")
