"""Exemption applications in every state, and the people who act on them."""
import datetime

import bson
import pytest

from app import roles
from app.models import Application, BusinessType, Candidate
from app.models.application import Attachment
from app.scope import Scope
from usecases import applications
from tests.fixtures import staff_client
from workflows.engine import Actor


def staff(name, role, scope_kind, code=None):
    return Actor("staff", name, name, frozenset({role}), Scope(scope_kind, code))


@pytest.fixture
def heping_reviewer():
    return staff("和平区审核员甲", roles.DISTRICT_REVIEWER, roles.SCOPE_DISTRICT, "120101")


@pytest.fixture
def heping_reviewer_b():
    return staff("和平区审核员乙", roles.DISTRICT_REVIEWER, roles.SCOPE_DISTRICT, "120101")


@pytest.fixture
def xiaodian_reviewer():
    return staff("小店区审核员", roles.DISTRICT_REVIEWER, roles.SCOPE_DISTRICT, "140105")


@pytest.fixture
def province_reviewer():
    return staff("考试院审核员", roles.PROVINCIAL_REVIEWER, roles.SCOPE_PROVINCE)


def open_window(*type_keys):
    """Open these application types from yesterday for a month."""
    now = datetime.datetime.now()
    BusinessType.objects(key__in=type_keys).update(set__enabled=True, set__opens_at=now - datetime.timedelta(days=1),
                                                   set__closes_at=now + datetime.timedelta(days=30))


@pytest.fixture
def window(app):
    """The exemption window, open."""
    open_window("exemption")
    return BusinessType.objects.get(key="exemption")


@pytest.fixture
def transfer_window(app, world):
    open_window("transfer_out", "transfer_in")


@pytest.fixture
def heping(app, world):
    """The 和平区 reviewer, signed in to the admin UI."""
    return staff_client(app, "heping")


@pytest.fixture
def province(app, world):
    """The provincial reviewer, signed in to the admin UI."""
    return staff_client(app, "province")


def review(reviewer, application, event, comment=""):
    """Decide on the review page, as of the application's current version; the page the reviewer lands on."""
    current = Application.objects.get(pk=getattr(application, "pk", application))
    return reviewer.post(f"/applicationview/review/{current.pk}",
                         data={"event": event, "comment": comment, "version": current.version},
                         follow_redirects=True)


@pytest.fixture
def zhang(world):
    """张明 of 和平区, 030101K 法学 (seed 000's worked example)."""
    return Candidate.objects.get(exam_number="080105408130")


@pytest.fixture
def candidate(zhang):
    return Actor.for_candidate(zhang)


def fill(application, courses=("00261", "00321")):
    """A complete working copy: two courses of 690206 (open to 张明 too), each with one voucher and its image."""
    evidence = {code: {"vouchers": {"0": {"type": "学历证书", "number": f"N-{code}", "obtained": "2020-06",
                                          "province": "天津市", "remark": ""}}} for code in courses}
    attachments = [Attachment(field=f"evidence.{code}.vouchers.0.images", file_id=bson.ObjectId(),
                              filename="voucher.jpg", content_type="image/jpeg", size=1000, sha256="0" * 64)
                   for code in courses]
    Application.objects(pk=application.pk).update_one(
        set__working={"major": "690206", "courses": list(courses), "evidence": evidence},
        set__working_attachments=attachments)
    return application.reload()


@pytest.fixture
def draft(zhang, window):
    return fill(applications.start(zhang, "exemption"))


@pytest.fixture
def submitted(draft, candidate):
    return applications.submit(draft, candidate)


@pytest.fixture
def at_province(submitted, heping_reviewer):
    from workflows.engine import fire

    return fire(submitted, "approve", heping_reviewer)


# 690206 courses 张明 has not passed: one application each when a test needs many at once.
OPEN_COURSES = ("03706", "12656", "13124", "00312", "00315", "00277", "00341", "00261", "00321", "00320", "00318")


def submitted_many(candidate_document, actor, count):
    """`count` submitted exemptions of one candidate, each for a course of its own."""
    return [applications.submit(fill(applications.start(candidate_document, "exemption"), (code,)), actor)
            for code in OPEN_COURSES[:count]]
