"""Fixtures: one app per test session, an empty business store per test, the demo world on request."""
import io
import re

import pytest
from mongoengine.connection import get_db
from PIL import Image

import config
from app import create_app
from app.extensions import limiter
from app.services import applications, demo


class TestingConfig(config.TestConfig):
    # The limiter stays on so rate-limit tests can lower a limit; the defaults are out of reach.
    RATELIMIT_ENABLED = True
    AUTH_RATE_LIMITED = True
    AUTH_RATE_LIMIT = "10 per minute"  # counters are reset before each test
    CANDIDATE_LOGIN_RATE_LIMIT = "1000 per minute"
    CANDIDATE_REGISTER_RATE_LIMIT = "1000 per minute"


@pytest.fixture(scope="session")
def app():
    return create_app(TestingConfig)


@pytest.fixture(autouse=True)
def empty_store(app):
    """Each test starts with no business data (indexes kept) and fresh rate-limit counters."""
    with app.app_context():
        db = get_db()
        for name in db.list_collection_names():
            db[name].delete_many({})
        applications.clear_caches()
        applications.ensure_shipped()
    limiter.reset()
    yield


@pytest.fixture
def world(app):
    """The demo data: catalogue, candidates with scores, staff accounts."""
    with app.app_context():
        demo.seed()
    return demo


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_ctx(app):
    with app.test_request_context():
        yield


def staff_client(app, username, password=demo.DEMO_PASSWORD):
    """A test client signed in to the admin UI as a demo staff user."""
    client = app.test_client()
    response = client.post("/login/", data={"username": username, "password": password})
    assert response.status_code == 302, "staff login failed for " + username
    return client


@pytest.fixture
def admin_client(app, world):
    return staff_client(app, "admin")


def candidate_client(app, login, password=demo.DEMO_PASSWORD):
    client = app.test_client()
    response = client.post("/account/login", data={"login": login, "password": password})
    assert response.status_code == 302, "candidate login failed for " + login
    client.get(response.headers["Location"])  # as a browser does: the first page completes the session
    return client


def text(response):
    """The visible text of a page, tags stripped, for asserting what a person reads."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def errors(response):
    """The error messages shown under the form fields (not the help text, which is always there)."""
    return re.findall(r'<p class="error">(.*?)</p>', response.get_data(as_text=True))


def jpeg(size=(320, 240), colour=(200, 220, 240)):
    """A small plain JPEG, for forms that want an image."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()
