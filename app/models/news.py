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

    @classmethod
    def public(cls, now=None):
        """Published items whose time has come, newest first."""
        return cls.objects(published=True, published_at__lte=now or datetime.datetime.now())

    @classmethod
    def latest(cls, count):
        """The `count` newest public items' id, title and time, as plain values in one query (every home page
        lists them)."""
        return list(cls.public().only("title", "published_at").limit(count).as_pymongo())

    def __str__(self):
        return self.title
