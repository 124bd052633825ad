"""Score recheck 成绩复核: the correction, and telling the candidate."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from mongoengine.errors import NotUniqueError

from app.models import Message, Score
from app.models.score import passes, spoken
from workflows.registry import effect


@effect("correct_recheck_score", label=_l("按审核人员填写的更正后成绩更正考生的成绩"))
def correct_recheck_score(application):
    """Score recheck 成绩复核: the chosen score takes the mark the provincial reviewer typed as the correction's
    `mark` input; the old and new values stay in `Score.history` under the application's id, which also makes a
    second run change nothing."""
    entry = next(h for h in reversed(application.history) if h.event == "correct")
    new = entry.given("mark")
    score = Score.objects.get(pk=application.data["score"])
    field = "grade" if score.grade is not None else "mark"
    record = {"old": score.value, "new": new, "application": str(application.pk), "at": entry.at}
    changed = Score.objects(pk=score.pk, history__application__ne=str(application.pk)).update_one(
        push__history=record, set__passed=passes(new), **{f"set__{field}": new})
    return f"corrected {score.value} -> {new}" if changed else "already corrected"


@effect("notify_recheck_result", label=_l("以站内消息告知考生复核结果"))
def notify_recheck_result(application):
    """The candidate is told the recheck's result as a site message, once per application."""

    candidate, number = application.candidate, str(application.pk)
    origin = f"notify_recheck_result:{number}"
    if Message.objects(origin=origin).first():
        return "already told"
    score = Score.objects.get(pk=application.data["score"])
    course = f"{score.course.name}（{score.course.code}）"
    correction = next((h for h in score.history if h.get("application") == number), None)
    if correction:
        body = _("您申请复核的%(course)s %(sitting)s 考次成绩经复核更正：%(old)s → %(new)s。", course=course,
                 sitting=score.sitting, old=spoken(correction["old"]), new=spoken(correction["new"]))
    else:
        body = _("您申请复核的%(course)s %(sitting)s 考次成绩经复核维持原成绩 %(mark)s。", course=course,
                 sitting=score.sitting, mark=spoken(score.value))
    comment = application.history[-1].comment if application.history else ""
    if comment:
        body += _("复核意见：%(comment)s。", comment=comment)
    body += _("请前往报考考区领取成绩复核告知单。（申请编号 %(number)s）", number=number)
    try:
        Message(recipient=candidate, title=_("成绩复核结果"), body=body, sender=_("考试院"), origin=origin).save()
    except NotUniqueError:
        return "already told"  # told by a run of this effect that finished first
    return "told"
