"""Score recheck: its window as a pure function of the score it names and when scores were published."""
import datetime

import pytest

from tests.guards import check, context

from ..guards import Rechecked

PUBLISHED = datetime.datetime(2026, 5, 6, 9, 30)  # a Wednesday: the third working day after is Monday the 11th


def at(day, hour=10, minute=0):
    return datetime.datetime(2026, 5, day, hour, minute)


@pytest.mark.parametrize("rechecked, now, said", [
    (Rechecked("2026-04", "2026-04", PUBLISHED, 3), at(6, 9, 30), None),
    (Rechecked("2026-04", "2026-04", PUBLISHED, 3), at(11, 23, 59), None),
    (Rechecked("2026-04", "2026-04", PUBLISHED, 3), at(12, 0, 0),
     "成绩复核须在成绩公布（2026-05-06）后3个工作日内申请，截止日期为 2026-05-11，已超过申请期限。"),
    (Rechecked("2026-04", "2026-04", PUBLISHED, 3, shown=False), at(6, 9, 29),
     "2026-04 考次的成绩将于 2026-05-06 09:30 公布，公布后方可申请复核。"),
    (Rechecked("2026-04", "2026-04", PUBLISHED, 3), at(5),
     "2026-04 考次的成绩将于 2026-05-06 09:30 公布，公布后方可申请复核。"),
    (Rechecked("2026-04", "2025-10", None, 3, shown=False), at(7), "2026-04 考次的成绩尚未公布，暂不能申请复核。"),
    (Rechecked("2025-10", "2026-04", PUBLISHED, 3), at(7),
     "只能对最近一次考试（2026-04）的成绩申请复核，2025-10 考次的成绩不能申请复核。"),
    (Rechecked("2026-04", "2026-04", None, 3), at(7), "2026-04 考次的成绩公布日期尚未登记，暂不能申请复核。"),
    (Rechecked(None), at(7), "请选择本人的一门考试成绩。"),
])
def test_a_recheck_is_asked_for_within_its_working_days(app_ctx, rechecked, now, said):
    assert check("recheck_window", context(type_key="recheck", now=now, rechecked=rechecked)) == said
