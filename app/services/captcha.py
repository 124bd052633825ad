"""Graphic captchas 图形验证码: a Pillow image, and a record of its answer that is good for one check.

The record goes into the session, a signed cookie the browser can read, so it holds the answer as
an HMAC under the app's secret key, with the time it was issued, never as text, and a nonce that is
spent in the store at the first check, so a replayed cookie cannot answer it again.
"""
import hashlib
import hmac
import io
import secrets
import time

from flask import current_app
from flask_babel import gettext as _
from mongoengine.errors import NotUniqueError
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from app.models.captcha import UsedCaptcha

# No 0/O, 1/I/L: nothing a candidate could read two ways.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 4
WIDTH, HEIGHT = 128, 44


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
    """A new captcha: its PNG bytes and the record to keep (the answer's HMAC and the time)."""
    text = random_text()
    return render(text), {"digest": _digest(text), "issued": time.time(), "nonce": secrets.token_hex(12)}


def render(text):
    """Draw `text` with per-letter size, tilt and offset, then crossing lines and speckles."""
    rng = secrets.SystemRandom()
    image = Image.new("RGB", (WIDTH, HEIGHT), (244, 247, 250))
    draw = ImageDraw.Draw(image)
    step = WIDTH // len(text)
    for index, char in enumerate(text):
        font = ImageFont.load_default(size=rng.randint(26, 31))
        glyph = Image.new("RGBA", (HEIGHT, HEIGHT), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((HEIGHT // 2, HEIGHT // 2), char, font=font, anchor="mm",
                                   fill=(rng.randint(10, 90), rng.randint(30, 100), rng.randint(90, 160)))
        glyph = glyph.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
        left = index * step + (step - HEIGHT) // 2 + rng.randint(-2, 2)
        image.paste(glyph, (left, rng.randint(-3, 3)), glyph)
    for _line in range(5):
        draw.line([(rng.randint(0, WIDTH), rng.randint(0, HEIGHT)), (rng.randint(0, WIDTH), rng.randint(0, HEIGHT))],
                  fill=(rng.randint(120, 200), rng.randint(120, 200), rng.randint(120, 200)), width=1)
    for _speck in range(120):
        draw.point((rng.randrange(WIDTH), rng.randrange(HEIGHT)),
                   fill=(rng.randint(80, 220), rng.randint(80, 220), rng.randint(80, 220)))
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


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
        raise CaptchaError(_("图形验证码已失效，请点击图片换一张。"))
    try:
        UsedCaptcha(nonce=record["nonce"]).save()
    except (KeyError, NotUniqueError) as error:
        raise CaptchaError(_("图形验证码已失效，请点击图片换一张。")) from error
    if time.time() - record["issued"] > current_app.config["CAPTCHA_TTL_SECONDS"]:
        raise CaptchaError(_("图形验证码已过期，请点击图片换一张。"))
    if not hmac.compare_digest(record["digest"], _digest(answer)):
        raise CaptchaError(_("图形验证码不正确，请重新输入。"))
