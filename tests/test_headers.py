"""Every response carries the security headers; no page of ours runs inline script the policy would block."""
import pathlib
import re

import pytest

from tests.fixtures import candidate_client, staff_client

TEMPLATES = pathlib.Path(__file__).resolve().parent.parent / "app" / "templates"


def policy(response):
    return dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";")
                if part.strip())


@pytest.fixture
def responses(app, world):
    candidate, staff = candidate_client(app, "080105408130"), staff_client(app, "heping")
    return {"candidate home": candidate.get("/home"), "candidate form": candidate.get("/profile"),
            "sign-in page": app.test_client().get("/account/login"), "captcha": candidate.get("/captcha.png"),
            "not found": candidate.get("/no-such-page"), "static file": candidate.get("/static/candidate.css"),
            "review queue": staff.get("/applicationview/list/"), "staff login": app.test_client().get("/login/")}


def test_every_response_forbids_framing_sniffing_and_foreign_scripts(responses):
    for name, response in responses.items():
        csp = policy(response)
        assert csp["frame-ancestors"] == "'none'", name
        assert csp["object-src"] == "'none'", name
        assert csp["script-src"].startswith("'self' 'nonce-"), name
        assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"], name
        assert response.headers["X-Frame-Options"] == "DENY", name
        assert response.headers["X-Content-Type-Options"] == "nosniff", name
        assert response.headers["Referrer-Policy"] == "same-origin", name


def test_hsts_is_sent_over_https_only(app, world):
    client = app.test_client()
    assert "Strict-Transport-Security" not in client.get("/account/login").headers
    secure = client.get("/account/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_staff_pages_scripts_carry_the_pages_nonce(app, world):
    response = staff_client(app, "admin").get("/candidateview/list/")
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script([^>]*)>", response.get_data(as_text=True))
    assert scripts and all(f'nonce="{nonce}"' in attributes for attributes in scripts)


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_of_ours_carries_inline_script(template):
    html = template.read_text()
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert not re.search(r"javascript:", html, re.I)
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attributes and not body.strip(), "inline <script> block"
