"""Site messages 站内消息, feedback 反馈建议 and news 新闻通知: what candidates and staff say to each other."""
from bson import ObjectId
from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.extensions import limiter
from app.models import Feedback, Message, MessageRead, News

from .blueprint import bp
from .profile import document_form, save
from .session import candidate_required, current_candidate

PAGE_SIZE = 20
SHOWN = ("title", "body", "sent_at", "sender", "recipient", "read_at")  # recipient and read_at: whether it was read
LATEST_NEWS = 5
FEEDBACK_FIELDS = ("title", "content", "contact", "phone")
FeedbackForm = document_form(Feedback, FEEDBACK_FIELDS)


@bp.app_context_processor
def communication_context():
    """For every template: the signed-in candidate's unread count and the latest news, each looked up only
    when a page shows it, and once per request."""

    def unread_messages():
        if "unread_messages" not in g:
            candidate = current_candidate()
            g.unread_messages = Message.unread_count(candidate) if candidate else 0
        return g.unread_messages

    def latest_news():
        if "latest_news" not in g:
            g.latest_news = News.latest(LATEST_NEWS)
        return g.latest_news

    return {"unread_messages": unread_messages, "latest_news": latest_news}


def _page(queryset):
    """(page number, number of pages, the page's items) for ?page=N."""
    pages = max(1, -(-queryset.count() // PAGE_SIZE))
    number = min(max(request.args.get("page", 1, type=int), 1), pages)
    return number, pages, list(queryset.skip((number - 1) * PAGE_SIZE).limit(PAGE_SIZE))


def _one(queryset, item_id):
    """The item of `queryset` with this id, or 404: an id guessed from elsewhere finds nothing."""
    if not ObjectId.is_valid(item_id):
        abort(404)
    return queryset.filter(pk=item_id).first() or abort(404)


@bp.route("/messages")
@candidate_required
def messages():
    candidate = current_candidate()
    page, pages, items = _page(Message.visible_to(candidate).only(*SHOWN))
    return render_template("candidate/messages.html", items=items, read=MessageRead.read_by(candidate, items),
                           page=page, pages=pages)


@bp.route("/messages/<message_id>")
@candidate_required
def message(message_id):
    candidate = current_candidate()
    item = _one(Message.visible_to(candidate).only(*SHOWN), message_id)
    MessageRead.mark(item, candidate)
    return render_template("candidate/message.html", item=item)


def _feedback_limit():
    return current_app.config["FEEDBACK_RATE_LIMIT"]


@bp.route("/feedback", methods=["GET", "POST"])
@candidate_required
@limiter.limit(_feedback_limit, methods=["POST"])
def feedback():
    candidate = current_candidate()
    form = FeedbackForm(contact=candidate.name, phone=candidate.phone)
    if form.validate_on_submit() and save(form, Feedback(candidate=candidate), FEEDBACK_FIELDS):
        flash(_("已提交，我们会尽快答复。"), "success")
        return redirect(url_for("candidate.feedback"))
    mine = Feedback.objects(candidate=candidate).only("title", "submitted_at", "answered_at")
    return render_template("candidate/feedback.html", form=form, mine=mine)


@bp.route("/feedback/<feedback_id>")
@candidate_required
def feedback_detail(feedback_id):
    return render_template("candidate/feedback_detail.html",
                           item=_one(Feedback.objects(candidate=current_candidate()), feedback_id))


@bp.route("/news")
def news():
    page, pages, items = _page(News.public().only("title", "published_at"))
    return render_template("candidate/news.html", items=items, page=page, pages=pages)


@bp.route("/news/<news_id>")
def news_item(news_id):
    return render_template("candidate/news_item.html", item=_one(News.public(), news_id))
