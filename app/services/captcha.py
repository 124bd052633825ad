"""Graphic captchas 图形验证码: a distorted, noisy image from the `captcha` library, and a record of its
answer that is good for one check.

The record goes into the session, so it holds the answer as an HMAC under the app's secret key, with
the time it was issued, never as text, and a nonce that is spent in the store at the first check, so
a replayed session cannot answer it again.
"""
import hashlib
import hmac
import secrets
import time

from captcha.image import ImageCaptcha
from flask import current_app
from flask_babel import gettext as _
from mongoengine.errors import NotUniqueError

from app.models.captcha import UsedCaptcha

# No 0/O, 1/I/L: nothing a candidate could read two ways.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 4
# The library's own size, which its warping and font sizes are made for; pages draw the image at it.
WIDTH, HEIGHT = 160, 60
# One drawer for every image: it reads its fonts once, on first use.
_DRAWER = ImageCaptcha(width=WIDTH, height=HEIGHT)


class CaptchaError(ValueError):
    """A refused captcha answer, with a message for the candidate."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def random_text():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def _digest(answer):
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"captcha:" + answer.strip().upper().encode(), hashlib.sha256).hexdigest()


def issue():
    """A new captcha: its PNG bytes and the record to keep (the answer's HMAC, the time, a nonce)."""
    text = random_text()
    return render(text), {"digest": _digest(text), "issued": time.time(), "nonce": secrets.token_hex(12)}


def render(text):
    """`text` as a PNG: each character rotated and warped, on a random colour, with dots and a curve across."""
    return _DRAWER.generate(text, format="png").getvalue()


def check(record, answer):
    """Accept `answer` (any case) to the captcha `record` describes, or raise CaptchaError.

    The caller drops the record before checking, so each image is answered once, right or wrong.
    """
    if not current_app.config["CAPTCHA_ENABLED"]:
        return
    answer = (answer or "").strip()
    if not answer:
        raise CaptchaError(_("请输入图形验证码。"))
    if not record:
        raise CaptchaError(_("图形验证码已失效，请点击“换一张”。"))
    try:
        UsedCaptcha(nonce=record["nonce"]).save()
    except (KeyError, NotUniqueError) as error:
        raise CaptchaError(_("图形验证码已失效，请点击“换一张”。")) from error
    if time.time() - record["issued"] > current_app.config["CAPTCHA_TTL_SECONDS"]:
        raise CaptchaError(_("图形验证码已过期，请点击“换一张”。"))
    if not hmac.compare_digest(record["digest"], _digest(answer)):
        raise CaptchaError(_("图形验证码不正确，请重新输入。"))
