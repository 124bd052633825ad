"""Score recheck 成绩复核: the check its submission passes, and the fact it reads."""
import datetime
from dataclasses import dataclass

from bson import ObjectId
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import Score, Sitting
from app.models.references import reference_id
from app.services import publication
from workflows.registry import fact, guard


def working_days_after(start, days):
    """The date `days` working days (Monday to Friday) after `start`."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


@dataclass(frozen=True)
class Rechecked:
    """The score a recheck names, as its window reads it."""

    sitting: str | None  # the score's sitting; None when the answer names no exam score of the candidate's
    latest: str | None = None  # the candidate's latest sitting with an exam score they may see
    published: datetime.datetime | None = None  # when that score's sitting's scores are published, if recorded
    working_days: int = 3  # RECHECK_WORKING_DAYS
    shown: bool = True  # whether the candidate may see the score yet (app/services/publication.py)


@fact("rechecked")
def _rechecked(context):
    score_id = (context.data or {}).get("score")
    candidate_id = reference_id(context.application, "candidate")
    score = (Score.objects(pk=score_id, candidate=candidate_id, source="exam").only("sitting", "source").first()
             if isinstance(score_id, str) and ObjectId.is_valid(score_id) else None)
    if score is None:
        return Rechecked(None)
    hidden = publication.unpublished(context.now)
    latest = (publication.visible(Score.objects(candidate=candidate_id, source="exam"), hidden=hidden)
              .order_by("-sitting").scalar("sitting").first())
    published = Sitting.objects(code=score.sitting).scalar("scores_published_at").first()
    return Rechecked(score.sitting, latest, published, current_app.config.get("RECHECK_WORKING_DAYS", 3),
                     not publication.hides(score, hidden))


@guard("recheck_window", reads=("rechecked",),
       label=_l("所选成绩是考生最近一次考试的成绩，且在成绩公布后规定的工作日内申请"))
def recheck_window(context):
    """The chosen score (`score`) is the candidate's, published to them, of their latest sitting, and its scores
    were published no more than RECHECK_WORKING_DAYS working days ago, counted from the day of publication (seed
    002 §10: "成绩公布后第3个工作日前")."""
    score = context.rechecked
    if score.sitting is None:
        return _("请选择本人的一门考试成绩。")
    published = score.published
    if not score.shown or (published is not None and context.now < published):
        if published is None:
            return _("%(sitting)s 考次的成绩尚未公布，暂不能申请复核。", sitting=score.sitting)
        return _("%(sitting)s 考次的成绩将于 %(published)s 公布，公布后方可申请复核。", sitting=score.sitting,
                 published=f"{published:%Y-%m-%d %H:%M}")
    if score.sitting != score.latest:
        return _("只能对最近一次考试（%(latest)s）的成绩申请复核，%(sitting)s 考次的成绩不能申请复核。",
                 latest=score.latest, sitting=score.sitting)
    if published is None:
        return _("%(sitting)s 考次的成绩公布日期尚未登记，暂不能申请复核。", sitting=score.sitting)
    days = score.working_days
    deadline = working_days_after(published.date(), days)
    if context.now.date() > deadline:
        return _("成绩复核须在成绩公布（%(published)s）后%(days)d个工作日内申请，截止日期为 %(deadline)s，"
                 "已超过申请期限。", published=published.date().isoformat(), days=days, deadline=deadline.isoformat())
    return None
