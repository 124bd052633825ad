"""Captchas already answered: each image is good for one check, even if a session cookie is replayed."""
import datetime

from mongoengine import DateTimeField, Document, StringField


class UsedCaptcha(Document):
    nonce = StringField(required=True, unique=True)
    at = DateTimeField(default=datetime.datetime.now)

    # Older entries can go: a captcha expires within minutes.
    meta = {"collection": "used_captchas", "indexes": [{"fields": ["at"], "expireAfterSeconds": 3600}]}
