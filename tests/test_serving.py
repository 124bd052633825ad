"""Serving for real: the settings a deployment must give, the health check, and the client behind trusted proxies."""
import os
import subprocess
import sys
import time
import types

import pytest
import sqlalchemy
from mongoengine.connection import get_db

from app import create_app, health, sessions
from app.models import StaffLogin
from tests.fixtures import TestingConfig, candidate_client, text

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")


# Secrets: given on a real MongoDB, random in demo mode

class OnMongoDB(TestingConfig):
    MONGODB_URI = "mongodb://127.0.0.1:1/zikao"  # never reached: the check comes first
    SECRET_KEY = None
    PAYMENT_SECRET = None


@pytest.mark.parametrize("given, missing", [
    ({}, "SECRET_KEY, PAYMENT_SECRET"), ({"SECRET_KEY": "k"}, "PAYMENT_SECRET"), ({"PAYMENT_SECRET": "p"}, "SECRET_KEY")])
def test_on_a_real_mongodb_the_app_refuses_to_start_without_its_secrets_and_names_them(given, missing):
    config = type("Given", (OnMongoDB,), given)

    with pytest.raises(RuntimeError) as refused:
        create_app(config)

    assert str(refused.value) == f"Not starting: MONGODB_URI is set, and these settings are missing: {missing}."


def run_gunicorn(env, *args):
    return subprocess.run([GUNICORN, "--config", "gunicorn.conf.py", "--bind", "127.0.0.1:0", *args], cwd=ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=60)


def test_the_server_says_in_one_line_which_secret_is_missing_and_starts_no_worker():
    started = run_gunicorn({"MONGODB_URI": "mongodb://127.0.0.1:1/zikao", "SECRET_KEY": "k", "PAYMENT_SECRET": ""})

    assert started.returncode == 1
    said = started.stdout + started.stderr
    assert "Not starting: MONGODB_URI is set, and these settings are missing: PAYMENT_SECRET." in said.splitlines()
    assert "Traceback" not in said and "Booting worker" not in said


def test_in_demo_mode_each_start_gets_random_secrets():
    read = [subprocess.run([sys.executable, "-c", "import config; print(config.Config.SECRET_KEY, "
                            "config.Config.PAYMENT_SECRET)"], cwd=ROOT, capture_output=True, text=True,
                           env={k: v for k, v in os.environ.items()
                                if k not in {"MONGODB_URI", "SECRET_KEY", "PAYMENT_SECRET"}}).stdout.split()
            for _ in range(2)]

    assert all(len(key) == 64 for keys in read for key in keys)
    assert read[0] != read[1] and read[0][0] != read[0][1]


# /healthz

def test_healthz_answers_when_both_stores_do_and_keeps_no_session(client):
    sessions = get_db()["sessions"]
    before = sessions.count_documents({})

    response = client.get("/healthz")

    assert response.status_code == 200 and response.get_json() == {"mongodb": "ok", "sql": "ok"}
    assert "Set-Cookie" not in response.headers and sessions.count_documents({}) == before


def unreachable_mongodb():
    import pymongo

    return pymongo.MongoClient("mongodb://127.0.0.1:1/", serverSelectionTimeoutMS=200, connect=False)


def test_healthz_names_the_business_store_when_it_does_not_answer(client, monkeypatch):
    monkeypatch.setattr(health.mongoengine, "get_connection", unreachable_mongodb)

    response = client.get("/healthz")

    assert response.status_code == 503 and response.get_json() == {"mongodb": "unavailable", "sql": "ok"}


def test_healthz_names_the_staff_database_when_it_does_not_answer(client, monkeypatch, tmp_path):
    missing = sqlalchemy.create_engine(f"sqlite:///{tmp_path}/no/such/dir/staff.db")
    monkeypatch.setattr(health, "db", types.SimpleNamespace(engine=missing))

    response = client.get("/healthz")

    assert response.status_code == 503 and response.get_json() == {"mongodb": "ok", "sql": "unavailable"}


def test_healthz_checks_the_job_queues_redis_where_the_queue_lives_there(app, client, monkeypatch, redis_url):
    from app.jobs.queue import Queue

    monkeypatch.setitem(app.extensions, "jobs", Queue(app, redis_url))
    assert client.get("/healthz").get_json() == {"mongodb": "ok", "sql": "ok", "jobs": "ok"}

    monkeypatch.setitem(app.extensions, "jobs", Queue(app, "redis://127.0.0.1:1/0"))
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"mongodb": "ok", "sql": "ok", "jobs": "unavailable"}


def test_healthz_checks_a_shared_rate_limit_store(app, client, monkeypatch):
    from app.extensions import limiter

    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(limiter, "_storage", types.SimpleNamespace(check=lambda: False))

    response = client.get("/healthz")

    assert response.status_code == 503 and response.get_json()["limits"] == "unavailable"


class Unreachable:
    """A store every call to which fails, as a MongoDB that is down does."""

    def __getattr__(self, name):
        import pymongo.errors

        def fail(*args, **kwargs):
            raise pymongo.errors.ServerSelectionTimeoutError("127.0.0.1:1: connection refused")
        return fail


def test_healthz_from_a_signed_in_browser_neither_reads_nor_writes_its_session(app, world, monkeypatch):
    """A person who opens /healthz in a browser sends their session cookie: the check stays a check, not a 500
    when the store is down, and neither prolongs nor touches the session."""
    browser = candidate_client(app, "080105408130")
    monkeypatch.setattr(sessions, "now", lambda: time.time() + 3600)  # past the resolution at which a visit is noted
    stored = list(get_db()["sessions"].find({}, {"_id": 0}))

    response = browser.get("/healthz")

    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert list(get_db()["sessions"].find({}, {"_id": 0})) == stored

    monkeypatch.setattr(app.session_interface, "store", Unreachable())
    monkeypatch.setattr(health.mongoengine, "get_connection", unreachable_mongodb)

    response = browser.get("/healthz")

    assert response.status_code == 503 and response.get_json() == {"mongodb": "unavailable", "sql": "ok"}
    with pytest.raises(Exception, match="connection refused"):  # the pages themselves do need it
        browser.get("/home")


def test_healthz_answers_plain_http_when_https_is_forced(app, client, monkeypatch):
    """A balancer checks the app from inside, over plain HTTP; every other page is sent to HTTPS."""
    behind_tls = create_app(type("BehindTLS", (TestingConfig,), {"FORCE_HTTPS": True})).test_client()

    assert behind_tls.get("/healthz").status_code == 200
    assert behind_tls.get("/").status_code == 302


# The client's address behind proxies

class BehindOneProxy(TestingConfig):
    TRUSTED_PROXIES = 1


@pytest.fixture(scope="module")
def proxied():
    return create_app(BehindOneProxy)


PROXY = "10.0.0.1"


def via_proxy(client_address):
    """What a request carries after one proxy: the proxy's own address, and the client's in X-Forwarded-For
    (after whatever the client itself put there)."""
    return {"environ_base": {"REMOTE_ADDR": PROXY},
            "headers": {"X-Forwarded-For": f"198.51.100.66, {client_address}", "X-Forwarded-Proto": "https"}}


def register_posts(app, client_address, times):
    client = app.test_client()
    return [client.post("/account/register", data={}, **via_proxy(client_address)).status_code
            for _ in range(times)]


def test_behind_one_trusted_proxy_each_client_has_its_own_registration_limit(proxied, monkeypatch):
    monkeypatch.setitem(proxied.config, "CANDIDATE_REGISTER_RATE_LIMIT", "2 per minute")

    assert register_posts(proxied, "203.0.113.5", 3) == [200, 200, 429]
    assert register_posts(proxied, "203.0.113.6", 2) == [200, 200]


def test_with_no_proxy_trusted_a_forged_forwarded_for_is_not_a_new_client(app, monkeypatch):
    monkeypatch.setitem(app.config, "CANDIDATE_REGISTER_RATE_LIMIT", "2 per minute")

    assert register_posts(app, "203.0.113.5", 2) == [200, 200]
    assert register_posts(app, "203.0.113.6", 1) == [429]


def staff_sign_in_address(app, client_address):
    app.test_client().post("/login/", data={"username": "nobody", "password": "x"}, **via_proxy(client_address))
    return StaffLogin.objects.order_by("-id").first().address


def test_staff_sign_ins_are_recorded_with_the_clients_address_behind_a_trusted_proxy(app, proxied):
    assert staff_sign_in_address(proxied, "203.0.113.7") == "203.0.113.7"
    assert staff_sign_in_address(app, "203.0.113.7") == PROXY


WAIT = "密码连续输错5次"


def test_wrong_passwords_from_one_client_behind_the_proxy_keep_out_only_that_client(proxied, world):
    def log_in(client_address, password):
        response = proxied.test_client().post("/account/login", data={"login": "080105408130", "password": password},
                                              **via_proxy(client_address))
        return response.status_code, WAIT in text(response)

    assert [log_in("203.0.113.8", "wrong2024") for _ in range(5)][-1] == (200, True)
    assert log_in("203.0.113.8", world.DEMO_PASSWORD) == (200, True)
    assert log_in("203.0.113.9", world.DEMO_PASSWORD) == (302, False)


class _Unreachable:
    """A rate-limit store that has stopped answering, as Redis does when it is down."""

    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            raise ConnectionError("connection refused")

        return refuse


def test_pages_stay_up_when_the_shared_limit_store_does_not_answer(app, client, monkeypatch):
    from app.extensions import limiter

    monkeypatch.setattr(limiter, "_limiter", _Unreachable())
    monkeypatch.setattr(limiter, "_storage", _Unreachable())

    assert client.get("/captcha.png").status_code == 200  # counted by the store: let through, and logged
    assert client.post("/account/login", data={"login": "x", "password": "y"}).status_code == 200


def test_the_app_starts_without_logging_an_error(caplog):
    """Nothing an operator reads at start-up is an error: every staff view's forms are drawn from columns they can
    draw."""
    with caplog.at_level("ERROR"):
        create_app(TestingConfig)

    assert [record.getMessage() for record in caplog.records if record.levelname == "ERROR"] == []
