"""Transfer in: its guard as a pure function of the answers."""
from tests.guards import check, context


def test_each_course_once_and_whole_marks(app_ctx):
    twice = {"courses": {"0": {"course": "00012", "mark": 70}, "1": {"course": "00012", "mark": 80}}}
    assert check("transfer_courses_valid", context(data=twice)) == "课程 00012 填写了多次，每门课程只填写一项。"
    half = {"courses": {"0": {"course": "00012", "mark": 70.5}}}
    assert check("transfer_courses_valid", context(data=half)) == "成绩为60–100的整数。"
    assert check("transfer_courses_valid", context(data={"courses": {"0": {"course": "00012", "mark": 70}}})) is None
