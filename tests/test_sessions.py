"""Sessions live on the server: the cookie is an opaque id, logging out ends the session, and sessions time out."""
import datetime
import re
import time

import pytest
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature
from mongoengine.connection import get_db

from app import sessions
from app.services import demo
from tests.fixtures import candidate_client, staff_client, text
from views.candidate.session import PENDING_REGISTRATION

ZHANG = "080105408130"
STAFF_PAGES = ("/applicationview/list/", "/candidateview/list/")
CANDIDATE_PAGES = ("/profile", "/applications", "/scores")


class Clock:
    """The time sessions are measured by, moved by the test."""

    def __init__(self, monkeypatch):
        self.at = 1_800_000_000.0
        monkeypatch.setattr(sessions, "now", lambda: self.at)

    def advance(self, minutes):
        self.at += minutes * 60


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def cookie(client):
    return client.get_cookie("session").value


def replay(app, value):
    """A new browser holding a copy of a cookie."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def stored():
    return get_db()["sessions"]


@pytest.mark.parametrize("page", CANDIDATE_PAGES)
def test_a_candidate_cookie_copied_before_logout_opens_nothing_after(app, world, page):
    client = candidate_client(app, ZHANG)
    copied = cookie(client)
    assert "张明" in text(client.get("/profile"))

    client.post("/account/logout")

    response = replay(app, copied).get(page)
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert "张明" not in text(replay(app, copied).get("/"))


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_a_staff_cookie_copied_before_logout_opens_no_queue_after(app, world, page):
    client = staff_client(app, "heping")
    copied = cookie(client)
    assert client.get(page).status_code == 200

    client.get("/logout/")

    response = replay(app, copied).get(page)
    assert response.status_code == 302 and "/login/" in response.headers["Location"]


def _get_routes(app, accept):
    return sorted({rule.rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and not rule.arguments and accept(rule)})


def test_no_page_accepts_a_cookie_copied_before_logout(app, world):
    """Every candidate page and every staff list, replayed with the cookies of a session that has logged out."""
    candidate_pages = _get_routes(app, lambda rule: rule.endpoint.startswith("candidate.") and rule.endpoint not in (
        "candidate.language", "candidate.logout", "candidate.captcha_image", "candidate.favicon", "candidate.manual"))
    staff_lists = _get_routes(app, lambda rule: rule.endpoint.endswith(".list"))
    zhang, heping = candidate_client(app, ZHANG), staff_client(app, "heping")
    copied = cookie(zhang), cookie(heping)
    assert ZHANG in text(replay(app, copied[0]).get("/home"))  # the copies work until their sessions end
    assert replay(app, copied[1]).get("/applicationview/list/").status_code == 200
    zhang.post("/account/logout")
    heping.get("/logout/")

    accepted = [path for path in candidate_pages if ZHANG in text(replay(app, copied[0]).get(path))]
    accepted += [path for path in staff_lists if replay(app, copied[1]).get(path).status_code == 200]

    print(f"\ncookies from before logout replayed on {len(candidate_pages)} candidate pages and "
          f"{len(staff_lists)} staff lists: {len(accepted)} accepted")
    assert len(candidate_pages) > 15 and len(staff_lists) > 20
    assert accepted == []


def test_logging_out_deletes_the_stored_session(app, world):
    client = candidate_client(app, ZHANG)
    sid = cookie(client)
    assert stored().count_documents({"id": sid}) == 1

    client.post("/account/logout")

    assert stored().count_documents({"id": sid}) == 0


def test_a_request_still_running_at_logout_does_not_bring_the_session_back(app, world):
    client = candidate_client(app, ZHANG)
    copied = cookie(client)
    interface = app.session_interface
    with app.test_request_context("/home", headers={"Cookie": f"session={copied}"}) as running:
        in_flight = interface.open_session(app, running.request)  # read before the logout below
        client.post("/account/logout")
        in_flight["_flashes"] = [("info", "页面已保存")]  # ... and changed after it
        interface.save_session(app, in_flight, app.response_class())

    assert stored().count_documents({"id": copied}) == 0
    assert ZHANG not in text(replay(app, copied).get("/home"))


def test_a_session_nobody_signed_in_to_is_kept_two_hours(app, world):
    client = app.test_client()
    client.get("/captcha.png")  # its answer waits in a session

    expires = stored().find_one({"id": cookie(client)})["expiration"]
    left = expires - datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    assert datetime.timedelta(hours=1, minutes=59) < left <= datetime.timedelta(hours=2)


def test_a_second_sign_in_in_the_same_browser_does_not_prolong_the_first(app, world, clock):
    client = candidate_client(app, ZHANG)
    clock.advance(minutes=11 * 60 + 50)
    client.post("/login/", data={"username": "heping", "password": demo.DEMO_PASSWORD})
    assert client.get("/applicationview/list/").status_code == 200
    clock.advance(minutes=11)  # 12 hours and a minute after the candidate's sign-in

    assert client.get("/applicationview/list/").status_code == 302


def test_the_cookie_is_an_opaque_id_and_a_pending_registration_stays_on_the_server(app, world):
    client = app.test_client()
    district = world.District.objects.first()
    with client.session_transaction() as held:  # what the registration page keeps until it is confirmed
        held[PENDING_REGISTRATION] = {"id_number": "11010519491231002X", "name": "王小明", "phone": "13900000123",
                                      "district": district.code, "password_hash": "scrypt:secret",
                                      "held_at": time.time()}

    page = client.get("/account/register/confirm")

    assert "11010519491231002X" in text(page)  # the server still has it
    value = cookie(client)
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", value)
    assert "11010519491231002X" not in value and "13900000123" not in value
    with pytest.raises(BadSignature):
        SecureCookieSessionInterface().get_signing_serializer(app).loads(value)
    assert "11010519491231002X" in str(stored().find_one({"id": value})["val"])


def test_signing_in_gives_a_new_session_id(app, world):
    client = app.test_client()
    client.get("/captcha.png")
    before = cookie(client)

    client.post("/account/login", data={"login": ZHANG, "password": demo.DEMO_PASSWORD})

    assert cookie(client) != before
    assert stored().count_documents({"id": before}) == 0


def test_staff_sessions_end_after_the_idle_timeout(app, world, clock):
    client = staff_client(app, "heping")
    clock.advance(minutes=29)
    assert client.get("/applicationview/list/").status_code == 200
    clock.advance(minutes=29)  # 29 minutes since the last request: still signed in
    assert client.get("/applicationview/list/").status_code == 200

    clock.advance(minutes=31)

    response = client.get("/applicationview/list/")
    assert response.status_code == 302 and "/login/" in response.headers["Location"]
    assert "登录已超时，请重新登录。" in text(client.get("/login/"))


def test_the_idle_timeout_is_a_setting(app, world, clock, monkeypatch):
    monkeypatch.setitem(app.config, "STAFF_IDLE_MINUTES", 5)
    client = staff_client(app, "heping")
    clock.advance(minutes=6)
    assert client.get("/applicationview/list/").status_code == 302


def test_every_session_ends_at_its_absolute_lifetime_however_busy(app, world, clock):
    client = candidate_client(app, ZHANG)
    for _hour in range(11):  # busy all day: a page every 20 minutes
        for _step in range(3):
            clock.advance(minutes=20)
            assert client.get("/profile").status_code == 200
    clock.advance(minutes=59)
    assert client.get("/profile").status_code == 200

    clock.advance(minutes=2)  # 12 hours and a minute after signing in

    response = client.get("/profile")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert "登录已超时，请重新登录。" in text(client.get("/account/login"))


def test_a_candidate_is_not_signed_out_for_being_idle_by_default(app, world, clock):
    client = candidate_client(app, ZHANG)
    clock.advance(minutes=5 * 60)
    assert client.get("/profile").status_code == 200


def test_the_chosen_language_outlives_logout(app, world):
    client = candidate_client(app, ZHANG)
    client.get("/language/en")
    client.post("/account/logout")
    assert "Candidate login" in text(client.get("/account/login"))
