"""Fixtures: one app per test session; each test starts from a snapshot of the stores, with the demo world on
request."""
import io
import os
import re

import pytest
from mongoengine.connection import get_db
from PIL import Image

import config
from app import create_app
from app.extensions import limiter
from app.services import demo, registrations
from usecases import applications
from tests.snapshot import Snapshot


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


@pytest.fixture(scope="session")
def snapshots(app):
    """The stores seeded once: with the shipped definitions only, and with the demo world on top."""
    with app.app_context():
        db = get_db()
        for name in db.list_collection_names():
            db[name].delete_many({})
        applications.ensure_shipped()
        shipped = Snapshot()
        demo.seed()
        return {"shipped": shipped, "world": Snapshot()}


@pytest.fixture(autouse=True)
def restored_stores(app, snapshots, request):
    """Each test starts from a snapshot: the demo world if it asks for one (even through another fixture), else
    no business data but the shipped definitions; definitions read afresh, rate-limit counters at zero."""
    with app.app_context():
        snapshots["world" if "world" in request.fixturenames else "shipped"].restore()
        applications.clear_caches()
        registrations.forget_offers()
    limiter.reset()
    yield


@pytest.fixture
def world(restored_stores):
    """The demo data: catalogue, candidates with scores, staff accounts (put back by `restored_stores`)."""
    return demo


STORES = [
    pytest.param(None, id="demo-store"),
    pytest.param(os.environ.get("TEST_MONGODB_URI"), id="mongodb", marks=[
        pytest.mark.mongodb,
        pytest.mark.skipif(not os.environ.get("TEST_MONGODB_URI"), reason="TEST_MONGODB_URI is not set"),
    ]),
]


@pytest.fixture(params=STORES)
def store(request, app):
    """The app's business store, switched to a real MongoDB, emptied first, for the `mongodb` case."""
    from app import mongo

    if request.param:
        app.config["MONGODB_URI"] = request.param
        mongo.init_app(app)
        with app.app_context():
            db = get_db()
            for name in db.list_collection_names():
                db[name].delete_many({})
    yield request.param
    if request.param:
        app.config["MONGODB_URI"] = None
        mongo.init_app(app)


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


def first_step_saved(client, type_key, data):
    """The candidate signed in to `client` agrees to the type's notice and saves its first step with `data` (a file as
    (stream, name)); the new application's id."""
    step = client.post(f"/apply/{type_key}/notice", data={"agree": "y"}).location
    saved = client.post(step, data=data, content_type="multipart/form-data")
    assert saved.status_code == 302, text(saved)
    return step.split("/")[2]


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
    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.get_data(as_text=True))


def jpeg(size=(320, 240), colour=(200, 220, 240)):
    """A small plain JPEG, for forms that want an image."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A throwaway redis-server on a free port, for this test session only."""
    import shutil
    import subprocess
    import time

    import redis

    from bench.serve import free_port

    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("no redis-server: `make test` installs it (Debian: apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", str(tmp_path_factory.mktemp("redis"))], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _attempt in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    else:
        process.terminate()
        pytest.fail(f"redis-server did not answer on port {port}")
    yield url
    client.close()
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(params=["memory", "redis"])
def consumer(request, app, monkeypatch):
    """The app's jobs run by a real consumer (worker threads and the scheduler), on the embedded in-memory queue and
    on Redis, each under a queue name of its own."""
    import uuid

    from app.jobs.queue import Queue

    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    queue = Queue(app, url, name=f"test-{uuid.uuid4().hex[:8]}")
    monkeypatch.setitem(app.extensions, "jobs", queue)
    running = queue.consumer(embedded=True)
    running.start()
    running.backend = request.param
    yield running
    running.stop(graceful=True)
    if url:
        queue.huey.storage.flush_queue()
        queue.huey.storage.flush_schedule()
