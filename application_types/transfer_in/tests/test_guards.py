"""Transfer in: its guard as a pure function of the answers."""
from tests.guards import check, context


def test_each_course_once_and_whole_marks(app_ctx):
    twice = {"courses": {"0": {"course": "00012", "mark": 70}, "1": {"course": "00012", "mark": 80}}}
    assert check("transfer_courses_valid", context(data=twice)) == "课程 00012 填写了多次，每门课程只填写一项。"
    half = {"courses": {"0": {"course": "00012", "mark": 70.5}}}
    assert check("transfer_courses_valid", context(data=half)) == "成绩为60–100的整数。"
    assert check("transfer_courses_valid", context(data={"courses": {"0": {"course": "00012", "mark": 70}}})) is None


def test_our_own_province_and_a_month_to_come_are_refused_at_submission(app_ctx):
    # tests.guards.NOW is 2026-05-10
    ours = {"province": "天津市", "courses": {"0": {"course": "00012", "mark": 70, "sitting": "2019-04"}}}
    assert check("transfer_courses_valid", context(data=ours)) == "来源省不能是本省（天津市）：在本省取得的成绩无需转入。"
    later = {"province": "江西省", "courses": {"0": {"course": "00012", "mark": 70, "sitting": "2026-05"},
                                              "1": {"course": "00013", "mark": 70, "sitting": "2026-06"}}}
    assert check("transfer_courses_valid", context(data=later)) == (
        "第2项的考试时间 2026-06 晚于本月（2026-05），请填写已经考过的考试时间。")


def test_the_province_is_the_platforms_own_setting(app, app_ctx):
    app.config["PROVINCE"] = "江西省"
    try:
        said = check("transfer_courses_valid", context(data={"province": "江西省", "courses": {}}))
    finally:
        app.config["PROVINCE"] = "天津市"
    assert said == "来源省不能是本省（江西省）：在本省取得的成绩无需转入。"
