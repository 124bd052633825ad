"""The coming sitting and a candidate registering for it, through the pages."""
import datetime
import urllib.parse

import pytest

from app.models import Registration, Sitting
from app.services import demo_sitting
from tests.fixtures import candidate_client

MA = "240000000012"  # 马军, 和平区, 030101K 法学
# Courses of 030101K in the demo timetable: two on Saturday morning, one on Saturday afternoon, one on Sunday
# morning; 马军 passed 03709, and 00316 (Saturday afternoon) is offered to 120402 only.
SAT_AM, SAT_AM_TOO, SAT_PM, SUN_AM, PASSED, OTHER_MAJOR = "00249", "14081", "00227", "13702", "03709", "00316"


@pytest.fixture
def sitting(world):
    """The demo's coming sitting, open for registration from yesterday until the day after tomorrow."""
    now = datetime.datetime.now()
    found = Sitting.objects.get(code=demo_sitting.coming_code(datetime.date.today()))
    found.registration_opens_at = now - datetime.timedelta(days=1)
    found.registration_closes_at = now + datetime.timedelta(days=2)
    found.save()
    return found


@pytest.fixture
def browser(app, sitting):
    return candidate_client(app, MA)


def choose(browser, sitting, courses, district=None, major=None, **extra):
    """Agree to the brochure, then send the choose page; the response to that."""
    from app.models import Candidate

    ma = Candidate.objects.get(exam_number=MA)
    browser.post(f"/registration/{sitting.code}/brochure", data={"agree": "y"})
    data = {"district": str(ma.district.pk) if district is None else district,
            "major": str(ma.major.pk) if major is None else major,
            "course": list(courses), **extra}
    return browser.post(f"/registration/{sitting.code}/courses", data=data)


def register(browser, sitting, courses, **extra):
    """Choose, preview and submit; the registration stored."""
    chosen = choose(browser, sitting, courses, **extra)
    assert chosen.status_code == 302 and chosen.location.endswith("/preview"), chosen.get_data(as_text=True)
    submitted = browser.post(f"/registration/{sitting.code}/preview")
    assert submitted.status_code == 302
    return Registration.objects.get(exam_number=MA, sitting=sitting)


def pay(browser, sitting, version):
    """去缴费, then confirm at the sandbox cashier; the return page's location."""
    checkout = browser.post(f"/registration/{sitting.code}/pay", data={"version": str(version)})
    assert checkout.status_code == 302
    cashier = urllib.parse.urlsplit(checkout.location)
    assert cashier.path.startswith("/payments/sandbox/"), checkout.location
    return browser.post(f"{cashier.path}?{cashier.query}").location
