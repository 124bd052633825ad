"""The effects: what happens after a transition. Each is keyed by application, so a retry changes nothing."""
import datetime

from mongoengine import Q
from mongoengine.errors import NotUniqueError

from app.models import Application, Candidate, Course, Score
from app.models.score import passes, spoken
from app.services.holds import held_by

from .registry import effect


def _grant(application, course, **score):
    """Add one score for `course` to the applicant's record, keyed by type, application and course, so a
    second run of the effect adds nothing. True when the score is new."""
    candidate = application.candidate
    try:
        Score(candidate=candidate, exam_number=candidate.exam_number, course=course,
              origin=f"{application.type}:{application.pk}:{course.code}", **score).save()
    except NotUniqueError:
        return False  # granted by an earlier run of this effect
    return True


@effect("grant_exemption_scores")
def grant_exemption_scores(application):
    """Each approved course becomes an exemption score 通过 in the candidate's records."""
    candidate = application.candidate
    approved = [item.key for item in application.items if item.decision == "approved"]
    courses = {course.code: course for course in Course.objects(code__in=approved)}
    already = {score.course.id for score in Score.objects(candidate=candidate, passed=True,
                                                           course__in=list(courses.values())).only("course")}
    sitting = datetime.date.today().strftime("%Y-%m")
    # A course passed meanwhile, by an exam or another application, needs no second pass.
    granted = sum(_grant(application, courses[code], grade="通过", sitting=sitting, source="exemption")
                  for code in approved if courses[code].id not in already)
    return f"granted {granted} of {len(approved)}"


@effect("merge_records")
def merge_records(application):
    """The numbers the district confirmed join the candidate's record ("一人一号").

    The records those numbers belong to, and any merged into them before, are retired into the candidate's:
    they can no longer sign in, and every score recorded under those numbers or for those records moves to
    the candidate (Score.clean sends any later one there too). Running it again moves nothing.
    """
    candidate = application.candidate
    named = {entry.get("exam_number") or entry.get("file_number")
             for entry in (application.data.get("sources") or {}).values()}
    retired = list(Candidate.objects(exam_number__in=sorted(named - {None}), pk__ne=candidate.pk).only(
        "exam_number", "other_exam_numbers"))
    if retired:
        retired += Candidate.objects(merged_into__in=retired, pk__ne=candidate.pk).only("exam_number",
                                                                                      "other_exam_numbers")
    numbers = sorted((named | {r.exam_number for r in retired} | {n for r in retired for n in r.other_exam_numbers})
                     - {None, candidate.exam_number})
    incoming = Score.objects(Q(exam_number__in=numbers) | Q(candidate__in=retired), candidate__ne=candidate)
    held = Score.objects(pk__in=list(held_by(candidate.pk))).distinct("course")
    # A pass arriving for a course a standing graduation rests on does not displace the pass it uses.
    incoming.filter(course__in=held, passed=True).update(set__counts=False)
    moved = incoming.update(set__candidate=candidate, set__district=candidate.district)
    Candidate.objects(pk__in=[r.pk for r in retired]).update(set__active=False, set__merged_into=candidate)
    Candidate.objects(pk=candidate.pk).update_one(add_to_set__other_exam_numbers=numbers)
    return f"moved {moved} scores from {len(numbers)} numbers"


@effect("verify_identity")
def verify_identity(application):
    """The candidate is verified; the file of the form's `photo` field, if any (none when verified in person at
    the district), becomes their verified photo. Running it again sets the same values."""
    photo = next((str(a.file_id) for a in application.attachments if a.field == "photo"), None)
    Candidate.objects(pk=application.candidate.pk).update_one(set__identity_verified=True,
                                                             set__verified_photo_id=photo)
    return f"verified, photo {photo}"


@effect("apply_key_change")
def apply_key_change(application):
    """The candidate's name, sex or ID number take the approved new values; the old ones are kept in
    `Candidate.changes` under the application's id, which also makes a second run change nothing."""
    from app.services import idcard

    data, candidate = application.data, application.candidate
    answers = {"name": "new_name", "sex": "new_sex", "id_number": "new_id_number"}
    new = {attribute: (data.get(answer) or "").strip() for attribute, answer in answers.items()
           if attribute in (data.get("changes") or [])}
    update = {f"set__{attribute}": value for attribute, value in new.items()}
    if "id_number" in new:
        new["id_number"] = update["set__id_number"] = new["id_number"].upper()
        update["set__birth_date"] = idcard.parse(new["id_number"]).birth_date
    entry = {"application": str(application.pk), "old": {attribute: getattr(candidate, attribute) for attribute in new},
             "new": new, "at": datetime.datetime.now()}
    changed = Candidate.objects(pk=candidate.pk, changes__application__ne=str(application.pk)).update_one(
        push__changes=entry, **update)
    return f"changed {', '.join(new)}" if changed else "already changed"


@effect("register_backfill")
def register_backfill(application):
    """The back-registered score joins the candidate's records as 补登, keyed by application and course."""
    data = application.data
    course = Course.objects.get(code=data["course"])
    graded = data.get("kind") == "exemption"
    new = _grant(application, course, sitting=data["sitting"], mark=None if graded else int(data["mark"]),
                 grade=data.get("grade") if graded else None, source="back_registration")
    return f"registered {course.code}" if new else "already registered"


@effect("transfer_out_scores")
def transfer_out_scores(application):
    """The approved scores are transferred out: kept on record, no longer counted. Running it again marks the
    same scores."""
    approved = [item.key for item in application.items if item.decision == "approved"]
    moved = Score.objects(pk__in=approved, candidate=application.candidate).update(set__transferred_out=True)
    return f"transferred out {moved} of {len(approved)}"


@effect("grant_transfer_in_scores")
def grant_transfer_in_scores(application):
    """Each course passed in the other province becomes a 转入 score, its origin naming this application."""
    entries = [entry for entry in (application.data.get("courses") or {}).values() if entry.get("course")]
    courses = {course.code: course for course in Course.objects(code__in=[e["course"] for e in entries])}
    granted = sum(_grant(application, courses[entry["course"]], mark=int(entry["mark"]), sitting=entry["sitting"],
                         source="transfer_in") for entry in entries)
    return f"granted {granted} of {len(entries)}"


@effect("correct_recheck_score")
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


@effect("notify_recheck_result")
def notify_recheck_result(application):
    """The candidate is told the recheck's result as a site message, once per application."""
    from flask_babel import gettext as _

    from app.models import Message

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


@effect("record_graduation_audit")
def record_graduation_audit(application):
    """The audit of what was submitted is kept on the application for the reviewers (and the used scores)."""
    from forms.graduation import audit_answers

    result = audit_answers(application.candidate.pk, application.data, str(application.pk))
    Application.objects(pk=application.pk).update_one(set__findings__audit=result.to_data())
    return result.verdict


@effect("lock_graduation_scores")
def lock_graduation_scores(application):
    """Once paid, the scores the audit used belong to this graduation: no other application may use them."""
    from app.services.graduation_audit import recorded

    used = recorded(application).used_score_ids
    locked = Score.objects(pk__in=list(used), candidate=application.candidate, graduation=None).update(
        set__used_for_graduation=True, set__graduation=str(application.pk))
    return f"locked {locked}"


@effect("unlock_graduation_scores")
def unlock_graduation_scores(application):
    """A graduation not granted gives its scores back for a later application."""
    freed = Score.objects(graduation=str(application.pk)).update(set__used_for_graduation=False,
                                                                 unset__graduation=True)
    return f"unlocked {freed}"


@effect("waive_free_fee")
def waive_free_fee(application):
    """A type without a fee is not held for payment: the system moves it on as if paid."""
    from app.services import payment

    from .engine import Actor, WorkflowError, fire

    if payment.fee_fen(application.type) > 0:
        return "fee due"
    try:
        fire(application, "pay", Actor.system("支付平台"))
    except WorkflowError:
        return "already moved on"
    return "no fee"


@effect("release_review_slots")
def release_review_slots(application):
    """A cancelled application gives its on-site review seat back."""
    from app.services import slots

    return f"released {slots.release(str(application.pk), keep=[])}"


@effect("close_payment_orders")
def close_payment_orders(application):
    """A cancelled application's unpaid order is closed, so no payment can be taken for it later."""
    from app.services import payment

    return f"closed {payment.close_open(application)}"
