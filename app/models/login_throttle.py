"""Wrong passwords from one client for one account 登录限速: the client waits, the account stays open elsewhere."""
from mongoengine import DateTimeField, Document, IntField, StringField


class LoginThrottle(Document):
    # The account's id, or the login typed when no account has it (so a wait says nothing about who exists).
    account = StringField(required=True, max_length=64)
    # "device:<token>" for a browser that signed in to the account before, otherwise "address:<ip>" (an IPv6
    # address by its /64 network).
    client = StringField(required=True, max_length=80)
    failures = IntField(default=0, min_value=0)
    until = DateTimeField()
    at = DateTimeField(required=True)  # the latest wrong password

    # Gone a day after the latest wrong password: a wait lasts minutes.
    meta = {"collection": "login_throttles",
            "indexes": [{"fields": ["account", "client"], "unique": True},
                        {"fields": ["at"], "expireAfterSeconds": 24 * 3600}]}
