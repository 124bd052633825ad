"""What a screen reader is given, read from the served HTML: each error and help text tied to its control, the
captcha's 换一张 a button with its image described, the staff sign-in's errors tied to its fields; and every text colour of the candidate's style sheet at 4.5:1
or more on its background."""
import pathlib
import re
from html.parser import HTMLParser

import pytest

from tests.fixtures import admin_client  # noqa: F401  (a fixture)

CSS = pathlib.Path(__file__).parents[1] / "app" / "static" / "candidate.css"


class Elements(HTMLParser):
    """Every element's tag and attributes, and the text of those with an id."""

    def __init__(self, html):
        super().__init__()
        self.all, self.texts, self._open = [], {}, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.all.append((tag, attrs))
        if attrs.get("id") and tag not in ("input", "img", "br"):
            self._open.append((tag, attrs["id"]))
            self.texts[attrs["id"]] = ""

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data):
        for _tag, ident in self._open:
            self.texts[ident] += data

    def control(self, ident):
        return next(attrs for tag, attrs in self.all if attrs.get("id") == ident and tag in ("input", "select",
                                                                                              "textarea"))

    def described(self, ident):
        """The texts the control `ident` is described by, in order, and its aria-invalid."""
        attrs = self.control(ident)
        return [self.texts[i].strip() for i in attrs.get("aria-describedby", "").split()], attrs.get("aria-invalid")


def page(response):
    return Elements(response.get_data(as_text=True))


def test_a_refused_registration_ties_each_error_and_help_to_its_field(client):
    shown = page(client.post("/account/register", data={"id_number": "12345", "name": "", "phone": "1"}))

    texts, invalid = shown.described("id_number")
    assert invalid == "true" and len(texts) >= 1
    assert texts[0] in [shown.texts[i] for i in shown.texts if i.startswith("id_number-error-")]
    name, invalid = shown.described("name")
    assert invalid == "true" and name[-1] == "与身份证上的姓名一致。", "the help is read after the error"
    assert shown.described("password")[0][-1], "a field without error is still described by its help"


def test_a_field_with_nothing_wrong_is_not_marked_invalid(client):
    shown = page(client.get("/account/register"))
    assert shown.described("id_number")[1] is None
    assert shown.described("name") == (["与身份证上的姓名一致。"], None)


def test_the_captcha_is_renewed_by_a_named_button_and_its_image_described(client):
    shown = page(client.get("/account/login"))
    image = next(attrs for tag, attrs in shown.all if tag == "img" and "captcha" in attrs.get("class", ""))
    button = next(attrs for tag, attrs in shown.all if tag == "button" and "captcha-refresh" in attrs.get("class", ""))
    assert image["alt"]
    assert button["type"] == "button" and "换一张" in button["aria-label"]
    assert "hidden" in button, "offered only where the page's script can renew the image"


def test_a_staff_form_ties_its_errors_to_the_fields(admin_client):  # noqa: F811
    shown = page(admin_client.post("/courseview/add", data={"code": "", "name": ""}))
    invalid = [attrs for tag, attrs in shown.all if attrs.get("aria-invalid") == "true"]
    assert invalid, "an empty course is refused field by field"
    for attrs in invalid:
        texts, _invalid = shown.described(attrs["id"])
        assert texts and texts[0], attrs["id"]


def test_the_staff_sign_in_ties_each_fields_error_to_it(client):
    shown = page(client.post("/login/", data={"username": "", "password": ""}))
    for field in ("username", "password"):
        texts, invalid = shown.described(field)
        assert invalid == "true" and texts and texts[0].strip("[]"), field
        assert all(ident.startswith(f"{field}-error-") for ident in shown.control(field)["aria-describedby"].split())


def test_the_staff_sign_in_marks_nothing_invalid_before_it_is_sent(client):
    shown = page(client.get("/login/"))
    for field in ("username", "password"):
        assert shown.described(field) == ([], None), field


def _luminance(colour):
    colour = colour.lstrip("#")
    colour = "".join(c * 2 for c in colour) if len(colour) == 3 else colour
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one, other):
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colour_pairs():
    """(selector, text colour, background) for every rule of candidate.css that sets a text colour: against its own
    background, else the background of the rule its selector starts with (`.top a` on `.top`), else against both
    the card (white) and the page (the body's)."""
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    rules = []
    for selectors, body in re.findall(r"([^{}@]+)\{([^{}]*)\}", css):
        colour = re.search(r"(?:^|;)\s*color:\s*(#[0-9a-fA-F]{3,6})", body)
        background = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{3,6})", body)
        for selector in selectors.split(","):
            rules.append((selector.strip(), colour and colour[1], background and background[1]))
    backgrounds = {selector: background for selector, _colour, background in rules if background}
    page_background = backgrounds["body"]
    for selector, colour, background in rules:
        if not colour:
            continue
        outer = next((backgrounds[s] for s in backgrounds if selector.startswith(s + " ")), None)
        for under in [background or outer] if (background or outer) else ["#fff", page_background]:
            yield selector, colour, under


@pytest.mark.parametrize("selector, colour, background", list(colour_pairs()))
def test_each_text_colour_reads_at_4_5_to_1(selector, colour, background):
    assert contrast(colour, background) >= 4.5, f"{selector}: {colour} on {background}"


def test_the_contrast_check_knows_a_failing_pair():
    assert round(contrast("#7b8794", "#fff"), 2) == 3.66
    assert round(contrast("#fff", "#e53935"), 2) == 4.23
