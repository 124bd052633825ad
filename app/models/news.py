"""News 新闻通知: shown to everyone on the front page once published."""
import datetime

from flask_babel import lazy_gettext as _l
from mongoengine import BooleanField, DateTimeField, Document, StringField


class News(Document):
    title = StringField(required=True, max_length=100, verbose_name=_l("标题"))
    body = StringField(required=True, max_length=20000, multiline=True, verbose_name=_l("正文"))
    published_at = DateTimeField(required=True, default=datetime.datetime.now, verbose_name=_l("发布时间"))
    published = BooleanField(default=False, verbose_name=_l("已发布"))

    meta = {"collection": "news", "ordering": ["-published_at"], "indexes": [("published", "-published_at")]}

    @staticmethod
    def public_filter(now=None):
        """Published items whose time has come, as a store filter."""
        return {"published": True, "published_at": {"$lte": now or datetime.datetime.now()}}

    @classmethod
    def public(cls, now=None):
        """Published items whose time has come, newest first."""
        return cls.objects(__raw__=cls.public_filter(now))

    @classmethod
    def latest(cls, count):
        """The `count` newest public items' id, title and time, as plain values in one query: every home page lists
        them, and building a queryset for it costs more than the query."""
        return list(cls._get_collection().find(cls.public_filter(), {"title": 1, "published_at": 1})
                    .sort("published_at", -1).limit(count))

    def __str__(self):
        return self.title
