"""Staff read registrations within their scope: a district its exam district's, the province every one."""
from app.models import District
from tests.fixtures import staff_client, text
from tests.registration.fixtures import SAT_AM, SUN_AM, browser, register, sitting  # noqa: F401


def test_a_district_lists_the_registrations_sitting_in_it_and_no_other(app, browser, sitting):
    registration = register(browser, sitting, [SAT_AM, SUN_AM])

    page = text(staff_client(app, "heping").get("/registrationview/list/"))
    assert "马军" in page and "00249、13702" in page and "无需审核" in page
    shown = text(staff_client(app, "heping").get(f"/registrationview/show/{registration.pk}"))
    assert "2027-04" in shown and "030101K 法学" in shown

    register(browser, sitting, [SAT_AM], district=str(District.objects.get(name="小店区").pk))
    assert "马军" not in text(staff_client(app, "heping").get("/registrationview/list/"))
    assert staff_client(app, "heping").get(f"/registrationview/show/{registration.pk}").status_code == 404
    assert "马军" in text(staff_client(app, "province").get("/registrationview/list/"))
