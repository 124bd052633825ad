"""The guards: checks that change nothing and return None, or a reason the person reads. They read the store and
the configuration as they need (so they are not pure functions of their arguments)."""
import datetime

from flask_babel import gettext as _

from app import roles
from app.models import BusinessType, Candidate, Score
from app.services.holds import held_by, major_taken

from .registry import guard


def _moment(value):
    return value.strftime("%Y-%m-%d %H:%M")


def window_closed(type_key, now):
    """Why `type_key` cannot be applied for at `now`, or None while its window is open."""
    business = BusinessType.objects(key=type_key).first()
    if business is None or not business.enabled or not business.opens_at or not business.closes_at:
        return _("该业务目前未开放办理。")
    if not business.opens_at <= now <= business.closes_at:
        return _("该业务的办理时间为 %(start)s 至 %(end)s，当前不在办理时间内。",
                 start=_moment(business.opens_at), end=_moment(business.closes_at))
    return None


@guard("window_open")
def window_open(context):
    """The type's business window (开放时间) contains now."""
    return window_closed(context.application.type, context.now)


@guard("resubmissions_left")
def resubmissions_left(context):
    """Fewer resubmissions so far than the type allows (no limit when unset)."""
    business = BusinessType.objects(key=context.application.type).first()
    limit = business.resubmission_limit if business else None
    used = sum(1 for entry in context.application.history if entry.event == "resubmit")
    if limit is not None and used >= limit:
        return _("该业务最多可重新提交 %(limit)d 次，您已用完。", limit=limit)
    return None


@guard("form_complete")
def form_complete(context):
    """Every required field of the pinned form version's steps open in the current state is filled."""
    from forms.engine import form_definitions  # form_definitions depend on the catalogue; imported when first needed

    definition = form_definitions.get(context.application.form_key, context.application.form_version)
    missing = definition.missing(context.data, context.attachments, context.application.state)
    if missing:
        return _("以下内容尚未填写完整：%(fields)s。", fields="、".join(missing))
    return None


@guard("identity_verified")
def identity_verified(context):
    """The candidate has passed identity verification 身份认证, which comes before any other business (seed 000 §二)."""
    candidate = Candidate.objects(pk=context.application._data["candidate"].id).only("identity_verified").first()
    return None if candidate and candidate.identity_verified else _("请先完成身份认证。")


@guard("record_not_retired")
def record_not_retired(context):
    """The applicant's own record has not been merged into another (so two records cannot retire each other)."""
    candidate = Candidate.objects(pk=context.application._data["candidate"].id).only("merged_into").first()
    if candidate is not None and candidate.merged_into is not None:
        return _("该考生的档案已合档并入准考证号 %(number)s，本申请不能再办理。", number=candidate.merged_into.exam_number)
    return None


@guard("actor_in_scope")
def actor_in_scope(context):
    """Candidates act on their own applications; staff on those within their scope."""
    application, scope = context.application, context.actor.scope
    if scope.kind == roles.SCOPE_SELF:
        covered = str(application._data["candidate"].id) == scope.code
    elif scope.kind == roles.SCOPE_PROVINCE:
        covered = True
    elif scope.kind == roles.SCOPE_DISTRICT:
        covered = scope.district_id is not None and application._data["district"].id == scope.district_id
    elif scope.kind == roles.SCOPE_UNIVERSITY:
        covered = application.major is not None and application.major.university.code == scope.code
    else:
        covered = False
    return None if covered else _("该申请不在您的办理范围内。")


_CHANGED = (("name", "new_name"), ("sex", "new_sex"), ("id_number", "new_id_number"))


def _normal(attribute, value):
    value = (value or "").strip()
    return value.upper() if attribute == "id_number" else value


def _chosen_changes(data):
    """(candidate attribute, new value) of each change 变更 the candidate chose."""
    chosen = data.get("changes") or []
    return [(attribute, _normal(attribute, data.get(answer))) for attribute, answer in _CHANGED if attribute in chosen]


@guard("change_differs")
def change_differs(context):
    """Each new value of a key-information change differs from the candidate's current one."""
    candidate = Candidate.objects(pk=context.application._data["candidate"].id).only("name", "sex", "id_number").first()
    labels = {"name": _("姓名"), "sex": _("性别"), "id_number": _("身份证号")}
    same = [labels[attribute] for attribute, new in _chosen_changes(context.data)
            if new == _normal(attribute, getattr(candidate, attribute))]
    if same:
        return _("新的%(fields)s与当前信息相同，无需变更。", fields="、".join(same))
    return None


@guard("new_id_number_valid")
def new_id_number_valid(context):
    """A new ID number passes the check digit and belongs to no other candidate."""
    from app.services import idcard

    new = dict(_chosen_changes(context.data)).get("id_number")
    if new is None:
        return None
    try:
        idcard.parse(new, today=context.now.date())
    except idcard.InvalidIdNumber as invalid:
        return str(invalid)
    if Candidate.objects(id_number=new, pk__ne=context.application._data["candidate"].id).first():
        return _("身份证号 %(number)s 已被其他考生使用，请到考区核实。", number=new)
    return None


# The latest month each kind of back-registration 成绩补登 may record (seed 003 §4.4).
BACKFILL_LIMITS = {"exam": "2002-12", "exemption": "2019-12", "transfer_in": "2019-12"}


@guard("backfill_in_time")
def backfill_in_time(context):
    """The sitting lies within its kind's limit, and an exam or transfer mark is a whole number."""
    kind, sitting, mark = context.data.get("kind"), context.data.get("sitting") or "", context.data.get("mark")
    if kind == "exam" and sitting > BACKFILL_LIMITS[kind]:
        return _("只能补登2002年及以前的考试成绩，%(sitting)s 的成绩请核对考次。", sitting=sitting)
    if kind in ("exemption", "transfer_in") and sitting > BACKFILL_LIMITS[kind]:
        return _("仅限补登2020年以前已办理的免考或转入，%(sitting)s 办理的请通过相应业务申请。", sitting=sitting)
    if kind != "exemption" and mark is not None and mark != int(mark):
        return _("成绩为0–100的整数。")
    return None


@guard("scores_transferable")
def scores_transferable(context):
    """Every score chosen in a `passed_scores` field is the candidate's own pass, not already transferred out, nor
    used by a standing graduation."""
    from forms.engine import form_definitions  # form_definitions depend on the catalogue; imported when first needed

    definition = form_definitions.get(context.application.form_key, context.application.form_version)
    chosen = [score_id for f in definition.all_fields() if f.type == "passed_scores"
              for score_id in (context.data.get(f.name) or [])]
    scores = {str(s.pk): s for s in Score.objects(pk__in=chosen, candidate=context.application._data["candidate"].id,
                                                  passed=True)}
    if len(scores) < len(set(chosen)):
        return _("所选成绩中有不属于本人的合格成绩，请重新选择。")
    gone = [f"{s.course.name}（{s.course.code}）" for s in scores.values() if s.transferred_out]
    if gone:
        return _("以下成绩已经转出，不能再次转出：%(courses)s。", courses="、".join(gone))
    held = held_by(context.application._data["candidate"].id)
    used = [f"{s.course.name}（{s.course.code}）{held[pk].description}" for pk, s in scores.items() if pk in held]
    if used:
        return _("以下成绩已用于毕业申请，不能转出：%(courses)s。", courses="、".join(used))
    return None


@guard("transfer_courses_valid")
def transfer_courses_valid(context):
    """Courses transferred in: each course once, each mark a whole number."""
    entries = list((context.data.get("courses") or {}).values())
    codes = [entry.get("course") for entry in entries]
    repeated = sorted({code for code in codes if code and codes.count(code) > 1})
    if repeated:
        return _("课程 %(courses)s 填写了多次，每门课程只填写一项。", courses="、".join(repeated))
    if any(entry.get("mark") is not None and entry["mark"] != int(entry["mark"]) for entry in entries):
        return _("成绩为60–100的整数。")
    return None


def working_days_after(start, days):
    """The date `days` working days (Monday to Friday) after `start`."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


@guard("recheck_window")
def recheck_window(context):
    """The chosen score (`score`) is the candidate's, of their latest sitting, and its scores were published no
    more than RECHECK_WORKING_DAYS working days ago (seed 002 §10: "成绩公布后第3个工作日前")."""
    from bson import ObjectId
    from flask import current_app

    from app.models import Score, Sitting

    score_id = (context.data or {}).get("score")
    candidate_id = context.application._data["candidate"].id
    score = (Score.objects(pk=score_id, candidate=candidate_id, source="exam").first()
             if isinstance(score_id, str) and ObjectId.is_valid(score_id) else None)
    if score is None:
        return _("请选择本人的一门考试成绩。")
    latest = Score.objects(candidate=candidate_id, source="exam").order_by("-sitting").only("sitting").first()
    if score.sitting != latest.sitting:
        return _("只能对最近一次考试（%(latest)s）的成绩申请复核，%(sitting)s 考次的成绩不能申请复核。",
                 latest=latest.sitting, sitting=score.sitting)
    sitting = Sitting.objects(code=score.sitting).first()
    if sitting is None or sitting.scores_published_on is None:
        return _("%(sitting)s 考次的成绩公布日期尚未登记，暂不能申请复核。", sitting=score.sitting)
    published, days = sitting.scores_published_on, current_app.config.get("RECHECK_WORKING_DAYS", 3)
    deadline = working_days_after(published, days)
    today = context.now.date()
    if today < published:
        return _("%(sitting)s 考次的成绩将于 %(published)s 公布，公布后方可申请复核。", sitting=score.sitting,
                 published=published.isoformat())
    if today > deadline:
        return _("成绩复核须在成绩公布（%(published)s）后%(days)d个工作日内申请，截止日期为 %(deadline)s，"
                 "已超过申请期限。", published=published.isoformat(), days=days, deadline=deadline.isoformat())
    return None


@guard("graduation_audit")
def graduation_audit(context):
    """The plan audit of the submitted answers finds the candidate eligible (or eligible once the reviewer accepts
    the explanation of a missing course)."""
    from forms.graduation import audit_answers

    application = context.application
    result = audit_answers(application._data["candidate"].id, context.data, str(application.pk))
    if result is None:
        return _("所选专业没有专业计划，暂不能申请毕业。")
    if not result.eligible:
        found = [message for messages in result.problems.values() for message in messages] or list(result.reasons)
        return _("毕业条件审核未通过：%(reasons)s", reasons="；".join(found))
    return None


@guard("graduation_major_free")
def graduation_major_free(context):
    """No other graduation application of the candidate's for the same major is under way or granted."""
    application = context.application
    return major_taken(application._data["candidate"].id, application.type, context.data.get("major"), application.pk)


@guard("nothing_paid")
def nothing_paid(context):
    """No fee has been received for the application (a paid one can no longer be cancelled)."""
    from app.services import payment

    return _("该申请已支付，不能取消。") if payment.paid(context.application) else None


@guard("review_slots_held")
def review_slots_held(context):
    """Every on-site review slot the form names holds a seat for this application."""
    from app.services import slots
    from forms.engine import form_definitions

    definition = form_definitions.get(context.application.form_key, context.application.form_version)
    for f in definition.all_fields():
        chosen = context.data.get(f.name) if f.type == "review_slot" else None
        if chosen and not slots.held(chosen, str(context.application.pk)):
            return _("您选择的%(label)s已报满，请选择其他批次。", label=f.label)
    return None
