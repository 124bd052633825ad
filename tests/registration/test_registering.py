"""A candidate registers for the coming sitting through the pages: brochure, choice, preview, payment, changes
until the deadline, and what every page says afterwards."""
import datetime

import pytest

from app.models import Application, Candidate, Registration
from app.models.payment import CLOSED, PAID, PaymentOrder
from tests.fixtures import text
from tests.registration.fixtures import SAT_AM, SAT_PM, SUN_AM, MA, browser, choose, pay, register, sitting  # noqa: F401


def test_registering_and_paying_makes_the_registration_successful(browser, sitting):
    page = text(browser.get("/registration"))
    assert "2027年04月考次" in page and "我要报考" in page and "每门课程 30.00 元" in page

    registration = register(browser, sitting, [SAT_AM, SUN_AM])
    assert registration.courses == [SAT_AM, SUN_AM] and registration.paid == []
    page = text(browser.get("/registration"))
    assert "待缴费" in page and "去缴费（2门，60.00元）" in page

    returned = pay(browser, sitting, registration.version)
    assert returned.endswith(f"/payments/return/{PaymentOrder.objects.get(registration=registration).order_no}")
    page = text(browser.get(browser.get(returned).location))
    assert "订单支付成功" in page and "报考成功" in page and "去缴费" not in page
    assert sorted(Registration.objects.get(pk=registration.pk).paid) == sorted([SAT_AM, SUN_AM])


def test_the_preview_shows_the_choice_and_the_fee_before_anything_is_stored(browser, sitting):
    choose(browser, sitting, [SAT_AM, SAT_PM, SUN_AM])
    page = text(browser.get(f"/registration/{sitting.code}/preview"))

    assert "国际私法" in page and "公司法" in page and "国际经济法" in page and "和平区" in page
    assert "3 门 × 30.00 元 = 90.00 元" in page
    assert Registration.objects(exam_number=MA).count() == 0


def test_adding_a_course_before_the_deadline_makes_a_further_order_for_it_alone(browser, sitting):
    registration = register(browser, sitting, [SAT_AM])
    pay(browser, sitting, registration.version)

    changed = register(browser, sitting, [SAT_AM, SUN_AM])
    assert changed.version == 2 and changed.unpaid == [SUN_AM]
    assert "去缴费（1门，30.00元）" in text(browser.get("/registration"))
    pay(browser, sitting, changed.version)

    orders = PaymentOrder.objects(registration=registration).order_by("created_at")
    assert [(o.courses, o.amount, o.status) for o in orders] == [([SAT_AM], "30.00", PAID), ([SUN_AM], "30.00", PAID)]


def test_a_paid_course_cannot_be_dropped_and_the_registration_stays_as_it_was(browser, sitting):
    registration = register(browser, sitting, [SAT_AM, SUN_AM])
    pay(browser, sitting, registration.version)

    refused = text(choose(browser, sitting, [SUN_AM]))

    assert "00249 国际私法 已缴费，不能退选（报考费不予退还）。" in refused
    assert Registration.objects.get(pk=registration.pk).courses == [SAT_AM, SUN_AM]


def test_paying_for_an_older_version_is_refused_and_its_order_is_closed(browser, sitting):
    registration = register(browser, sitting, [SAT_AM])
    browser.post(f"/registration/{sitting.code}/pay", data={"version": "1"})  # opened at the cashier, not paid
    register(browser, sitting, [SAT_AM, SUN_AM])

    refused = browser.post(f"/registration/{sitting.code}/pay", data={"version": "1"}, follow_redirects=True)

    assert "报考信息已修改，您支付的是旧版本的报考信息。请按最新的报考信息缴费。" in text(refused)
    assert PaymentOrder.objects.get(registration=registration, courses=[SAT_AM]).status == CLOSED


def test_after_the_deadline_nothing_changes_and_the_page_says_what_stands(browser, sitting):
    registration = register(browser, sitting, [SAT_AM, SUN_AM])
    pay(browser, sitting, registration.version)
    register(browser, sitting, [SAT_AM, SUN_AM, SAT_PM])
    sitting.registration_closes_at = datetime.datetime.now() - datetime.timedelta(minutes=1)
    sitting.save()

    page = text(browser.get("/registration"))
    assert "报考已截止，以下 2 门已缴费课程报考成功。未缴费的 1 门课程未报考成功。" in page
    assert "修改报考信息" not in page and "去缴费" not in page
    late = text(browser.get(f"/registration/{sitting.code}/courses", follow_redirects=True))
    assert "报考已于" in late and "截止，报考信息不能再提交或修改。" in late
    refused = browser.post(f"/registration/{sitting.code}/pay", data={"version": "2"}, follow_redirects=True)
    assert "截止" in text(refused)
    assert Registration.objects.get(pk=registration.pk).version == 2


def test_a_candidate_whose_record_has_not_passed_review_is_told_why_and_what_to_do(browser, sitting):
    Candidate.objects(exam_number=MA).update_one(set__identity_verified=False)

    page = text(browser.get("/registration"))
    assert "您的基本信息尚未通过考区审核（建档），暂不能报考。" in page and "去身份认证" in page
    assert "我要报考" not in page
    assert "暂不能报考" in text(browser.get(f"/registration/{sitting.code}/brochure"))


def test_where_the_sitting_asks_for_it_the_district_reviews_before_payment(app, browser, sitting):
    from tests.fixtures import staff_client

    sitting.district_review = True
    sitting.save()
    registration = register(browser, sitting, [SAT_AM, SUN_AM])
    page = text(browser.get("/registration"))
    assert "待考区审核" in page and "去缴费" not in page
    refused = browser.post(f"/registration/{sitting.code}/pay", data={"version": "1"}, follow_redirects=True)
    assert "报考信息须经考区审核通过后方可缴费。" in text(refused)

    heping = staff_client(app, "heping")
    queue = text(heping.get("/applicationview/list/"))
    assert "报考信息审核" in queue and "报考审核审核" not in queue and "马军" in queue
    review = Application.objects.get(type="registration_review", exam_number=MA)
    shown = text(heping.get(f"/applicationview/show/{review.pk}"))
    assert "00249 国际私法（2027-04-10 上午 09:00–11:30）" in shown and "2027年04月" in shown

    heping.post(f"/applicationview/review/{review.pk}", data={"event": "reject", "comment": "所选报考考区有误",
                                                              "version": str(review.version)})
    assert Registration.objects.get(pk=registration.pk).review == "rejected"
    assert "考区审核未通过：所选报考考区有误。" in text(browser.get("/registration"))

    changed = register(browser, sitting, [SAT_AM])
    assert changed.review == "pending" and Application.objects.get(pk=review.pk).state == "district_review"
    review.reload()
    heping.post(f"/applicationview/review/{review.pk}", data={"event": "approve", "version": str(review.version)})
    assert Registration.objects.get(pk=registration.pk).review == "approved"
    pay(browser, sitting, changed.version)
    assert "报考成功" in text(browser.get("/registration"))


def test_candidates_cannot_apply_for_the_registration_review_themselves(browser, sitting):
    assert "/apply/registration_review" not in browser.get("/home").get_data(as_text=True)
    refused = browser.post("/apply/registration_review/notice", data={"agree": "y"}, follow_redirects=True)
    assert "该业务不存在或未开放" in text(refused)
    assert not Application.objects(type="registration_review")


def test_the_review_stays_off_the_candidates_application_lists(app, browser, sitting):
    sitting.district_review = True
    sitting.save()
    register(browser, sitting, [SAT_AM])

    for response in (browser.get("/applications"), browser.get("/home")):
        assert "待考区审核" not in text(response) and "registration_review" not in response.get_data(as_text=True)


def test_a_change_of_exam_district_moves_the_review_to_that_districts_queue(app, browser, sitting):
    from app.models import District, QueueTally
    from tests.fixtures import staff_client

    sitting.district_review = True
    sitting.save()
    register(browser, sitting, [SAT_AM])
    xiaodian = District.objects.get(name="小店区")

    register(browser, sitting, [SAT_AM], district=str(xiaodian.pk))

    review = Application.objects.get(type="registration_review", exam_number=MA)
    assert review.district == xiaodian and review.state == "district_review"
    assert "马军" in text(staff_client(app, "xiaodian").get("/applicationview/list/"))
    assert "马军" not in text(staff_client(app, "heping").get("/applicationview/list/"))
    counted = {t.at: t.states for t in QueueTally.objects(type="registration_review", place="district")}
    assert counted[xiaodian.pk] == {"district_review": 1} and sum(
        n for states in counted.values() for n in states.values()) == 1


def test_where_the_sitting_allows_it_a_paid_course_is_dropped_without_refund(browser, sitting):
    sitting.paid_courses_droppable = True
    sitting.save()
    registration = register(browser, sitting, [SAT_AM, SUN_AM])
    pay(browser, sitting, registration.version)

    dropped = register(browser, sitting, [SUN_AM])

    assert dropped.courses == [SUN_AM] and sorted(dropped.paid) == sorted([SAT_AM, SUN_AM]) and dropped.seated == [SUN_AM]
    assert "去缴费" not in text(browser.get("/registration"))
    assert PaymentOrder.objects(registration=registration, status=PAID).count() == 1


def _reviewed(app, browser, sitting, courses, decision="approve", comment=""):
    """Register `courses` under district review and have 和平区 decide; the registration."""
    from tests.fixtures import staff_client

    registration = register(browser, sitting, courses)
    review = Application.objects.get(type="registration_review", exam_number=MA)
    staff_client(app, "heping").post(f"/applicationview/review/{review.pk}", data={
        "event": decision, "comment": comment, "version": str(review.version)})
    return registration.reload()


def test_once_reviewed_and_paid_the_exam_district_and_major_stay(app, browser, sitting):
    from app.models import District

    sitting.district_review = True
    sitting.save()
    registration = _reviewed(app, browser, sitting, [SAT_AM])
    pay(browser, sitting, registration.version)

    refused = text(choose(browser, sitting, [SAT_AM], district=str(District.objects.get(name="小店区").pk)))

    assert "报考信息已经考区审核并缴费，报考考区和报考专业不能再更改；如需更改，请联系报考考区。" in refused
    assert Registration.objects.get(pk=registration.pk).district.name == "和平区"


def test_a_free_sitting_under_review_succeeds_once_approved(app, browser, sitting):
    sitting.district_review, sitting.course_fee = True, 0
    sitting.save()

    registration = _reviewed(app, browser, sitting, [SAT_AM, SUN_AM])

    assert registration.review == "approved" and sorted(registration.paid) == sorted([SAT_AM, SUN_AM])
    page = text(browser.get("/registration"))
    assert "报考成功" in page and "去缴费" not in page


def test_a_payment_landing_between_the_check_and_the_write_is_never_undone(app, browser, sitting):
    from app.services import payment as gateways
    from app.services import registrations
    from usecases import payment

    registration = register(browser, sitting, [SAT_AM, SUN_AM])
    with app.test_request_context():
        order = payment.registration_order(registration, registration.version)
        candidate = Candidate.objects.get(exam_number=MA)
        rules = registrations.rules(candidate, sitting)
        choice = registrations.check(rules, candidate.district.pk, candidate.major.pk, [SUN_AM], registration)
        payment.confirm(gateways.gateway().notification(order))  # the fee arrives after the check allowed the drop
        with pytest.raises(registrations.Refused, match="报考信息已在其他页面修改或已缴费"):
            registrations.submit(candidate, sitting, choice, registration.version)

    stored = Registration.objects.get(pk=registration.pk)
    assert stored.courses == [SAT_AM, SUN_AM] and sorted(stored.paid) == sorted([SAT_AM, SUN_AM])


def test_an_order_made_while_the_registration_changes_is_closed_and_refused(app, browser, sitting, monkeypatch):
    from app.services.payment import NotPayable
    from usecases import payment

    registration = register(browser, sitting, [SAT_AM])
    save = PaymentOrder.save

    def a_change_commits_meanwhile(order, *args, **kwargs):
        Registration.objects(pk=registration.pk).update_one(inc__version=1, set__courses=[SUN_AM])
        return save(order, *args, **kwargs)

    monkeypatch.setattr(PaymentOrder, "save", a_change_commits_meanwhile)
    with app.test_request_context(), pytest.raises(NotPayable, match="旧版本"):
        payment.registration_order(registration, registration.version)

    assert [o.status for o in PaymentOrder.objects(registration=registration)] == [CLOSED]
