"""Score back-registration: its guard as a pure function of the answers."""
import pytest

from tests.guards import check, context


@pytest.mark.parametrize("answers, said", [
    ({"kind": "exam", "sitting": "2002-10", "mark": 70}, None),
    ({"kind": "exam", "sitting": "2003-04", "mark": 70}, "只能补登2002年及以前的考试成绩，2003-04 的成绩请核对考次。"),
    ({"kind": "exemption", "sitting": "2020-04", "grade": "合格"},
     "仅限补登2020年以前已办理的免考或转入，2020-04 办理的请通过相应业务申请。"),
    ({"kind": "transfer_in", "sitting": "2019-12", "mark": 70.5}, "成绩为0–100的整数。"),
])
def test_each_kind_has_its_limit(app_ctx, answers, said):
    assert check("backfill_in_time", context(data=answers, type_key="backfill")) == said
