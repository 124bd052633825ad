"""Error pages in the user's language; a stack trace never reaches a page."""
import logging

from flask import render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest

log = logging.getLogger(__name__)


class Refused(BadRequest):
    """A request turned away before any view ran; `description` is what the user reads."""


def _page(status, message):
    return render_template("error.html", status=status, message=message), status


def register(app):
    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return _page(400, _("页面已过期或来源不明，请刷新页面后重新提交。"))

    @app.errorhandler(Refused)
    def refused(error):
        return _page(400, error.description)

    @app.errorhandler(400)
    def bad_request(error):
        return _page(400, _("无法识别提交的内容，请返回页面重新提交。"))

    @app.errorhandler(403)
    def forbidden(error):
        return _page(403, _("您没有办理此项业务的权限。"))

    @app.errorhandler(404)
    def not_found(error):
        return _page(404, _("您访问的页面不存在，或您无权查看。"))

    @app.errorhandler(405)
    def method_not_allowed(error):
        return _page(405, _("不支持此操作方式。"))

    @app.errorhandler(413)
    def too_large(error):
        return _page(413, _("上传的内容过大，请压缩图片或分次上传。"))

    @app.errorhandler(429)
    def too_many(error):
        return _page(429, _("操作过于频繁，请稍后再试。"))

    @app.errorhandler(500)
    def server_error(error):
        log.error("Unhandled error: %s", getattr(error, "original_exception", error))
        return _page(500, _("系统繁忙，请稍后重试。您填写的内容未被保存。"))
