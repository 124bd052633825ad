"""Score back-registration: its guard as a pure function of the answers."""
import pytest

from tests.guards import check, context


@pytest.mark.parametrize("answers, said", [
    ({"kind": "exam", "sitting": "2002-10", "mark": 70}, None),
    ({"kind": "exam", "sitting": "2003-04", "mark": 70}, "只能补登2002年及以前的考试成绩，2003-04 的成绩请核对考次。"),
    ({"kind": "exemption", "sitting": "2020-04", "grade": "合格"},
     "仅限补登2020年以前已办理的免考或转入，2020-04 办理的请通过相应业务申请。"),
    ({"kind": "transfer_in", "sitting": "2019-12", "mark": 70.5}, "成绩为0–100的整数。"),
    ({"kind": "transfer_in", "sitting": "2015-06", "mark": 70, "from_province": "天津市"},
     "来源省不能是本省（天津市）：在本省取得的成绩无需转入。"),
    ({"kind": "transfer_in", "sitting": "2015-06", "mark": 70, "from_province": "江西省"}, None),
])
def test_each_kind_has_its_limit(app_ctx, answers, said):
    assert check("backfill_in_time", context(data=answers, type_key="backfill")) == said


def test_the_province_refused_is_the_platforms_own_setting(app, app_ctx):
    app.config["PROVINCE"] = "江西省"
    try:
        said = check("backfill_in_time", context(data={"kind": "transfer_in", "sitting": "2015-06", "mark": 70,
                                                        "from_province": "江西省"}, type_key="backfill"))
    finally:
        app.config["PROVINCE"] = "天津市"
    assert said == "来源省不能是本省（江西省）：在本省取得的成绩无需转入。"
