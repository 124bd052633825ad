"""Every way a choice can be wrong is refused with the message the candidate reads, and nothing is stored."""
import datetime

import pytest

from app.models import Major, Registration
from tests.fixtures import text
from tests.registration.fixtures import (MA, OTHER_MAJOR, PASSED, SAT_AM, SAT_AM_TOO, SAT_PM, SUN_AM, browser,  # noqa: F401
                                         choose, register, sitting)

REFUSALS = [
    ([SAT_AM, SAT_AM_TOO], "00249 国际私法 与 14081 侵权责任法 同在 2027-04-10 上午 考试，同一半天只能报考一门课程。"),
    ([SAT_AM, SAT_AM], "00249 国际私法 重复选择，每门课程只能报考一次。"),
    ([PASSED], "03709 马克思主义基本原理概论 已合格，无需再报考。"),
    (["99999"], "课程 99999 不在2027年04月考次的开考课程中。"),
    ([], "请至少选择一门报考课程。"),
    ([SAT_AM, SAT_PM, SUN_AM, "00247", "00261"],
     "本考次每人最多报考 4 门课程，您选择了 5 门。"),
]


@pytest.mark.parametrize("courses, message", REFUSALS)
def test_a_wrong_course_choice_is_refused_with_its_reason_and_the_choice_kept(browser, sitting, courses, message):
    page = choose(browser, sitting, courses)

    assert page.status_code == 200 and message in text(page)
    assert Registration.objects(exam_number=MA).count() == 0
    if courses and courses[0] != "99999":
        assert f'value="{courses[0]}" id="course-{courses[0]}" checked' in page.get_data(as_text=True) \
            or courses[0] == PASSED


def test_the_limit_follows_the_sitting(browser, sitting):
    sitting.max_courses = 2
    sitting.save()

    assert "本考次每人最多报考 2 门课程，您选择了 3 门。" in text(choose(browser, sitting, [SAT_AM, SAT_PM, SUN_AM]))


@pytest.mark.parametrize("field, value, message", [
    ("district", "", "请选择报考考区。"), ("district", "not-an-id", "所选报考考区不可选，请重新选择。"),
    ("major", "", "请选择报考专业。"), ("major", "5f0000000000000000000000", "所选专业不可报考，请重新选择。"),
])
def test_a_missing_or_unknown_district_or_major_is_refused(browser, sitting, field, value, message):
    page = choose(browser, sitting, [SAT_AM], **{field: value})

    assert message in text(page)
    assert Registration.objects(exam_number=MA).count() == 0


def test_a_major_in_its_phase_out_period_takes_no_new_candidates_but_keeps_its_own(app, browser, sitting):
    other = Major.objects.get(code="120402")
    other.status = "phase_out"
    other.save()

    page = choose(browser, sitting, [OTHER_MAJOR], major=str(other.pk))
    assert "120402 行政管理 处于停考过渡期，不接收新生报考。".replace(" 处于", "处于") in text(page)

    own = Major.objects.get(code="030101K")
    own.status = "phase_out"
    own.save()
    assert register(browser, sitting, [SAT_AM]).courses == [SAT_AM]


def test_show_all_lists_the_other_majors_courses_and_they_can_be_chosen(browser, sitting):
    choose(browser, sitting, [], show="refresh")
    own_only = browser.post(f"/registration/{sitting.code}/courses",
                            data={"district": "", "major": "", "course": [], "show": "refresh"})
    assert OTHER_MAJOR not in own_only.get_data(as_text=True)

    shown = choose(browser, sitting, [SAT_AM], show="all")
    assert f'value="{OTHER_MAJOR}"' in shown.get_data(as_text=True) and "其他专业" in text(shown)
    assert register(browser, sitting, [SAT_AM, OTHER_MAJOR]).courses == [SAT_AM, OTHER_MAJOR]


def test_outside_the_window_the_pages_say_when_it_opens_and_nothing_is_stored(browser, sitting):
    sitting.registration_opens_at = datetime.datetime.now() + datetime.timedelta(days=1)
    sitting.save()

    assert "尚未开始" in text(browser.get("/registration"))
    page = choose(browser, sitting, [SAT_AM])
    assert page.status_code == 302
    assert "尚未开始" in text(browser.get(page.location))
    assert browser.post(f"/registration/{sitting.code}/preview").status_code == 302
    assert Registration.objects(exam_number=MA).count() == 0


def test_a_window_that_closes_between_preview_and_submission_refuses_the_submission(browser, sitting):
    choose(browser, sitting, [SAT_AM])
    sitting.registration_closes_at = datetime.datetime.now()
    sitting.save()

    page = browser.post(f"/registration/{sitting.code}/preview", follow_redirects=True)

    assert "截止，报考信息不能再提交或修改。" in text(page)
    assert Registration.objects(exam_number=MA).count() == 0


def test_an_unknown_sitting_is_not_found(browser, sitting):
    assert browser.get("/registration/2099-13/courses").status_code == 404
    assert browser.post("/registration/nonsense/pay", data={"version": "x"}).status_code == 404


def test_a_malformed_version_is_refused_as_an_old_one(browser, sitting):
    register(browser, sitting, [SAT_AM])

    page = browser.post(f"/registration/{sitting.code}/pay", data={"version": "'; drop"}, follow_redirects=True)

    assert "您支付的是旧版本的报考信息" in text(page)
