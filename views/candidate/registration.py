"""Registering for a sitting 报考 (seed 002 §4(3)): the brochure, the district, major and courses, the preview,
the submission and the payment, and changes until the deadline. What the candidate has chosen but not yet
submitted is kept in the session; nothing is stored until they submit."""
import io
from itertools import groupby

from flask import abort, flash, redirect, render_template, request, send_file, session, url_for
from flask_babel import gettext as _

from app.extensions import limiter
from app.models.payment import PAID
from app.services import payment as gateways
from app.services import arrangement, registrations, seating_notice
from usecases import payment as payments
from usecases import registrations as submitting

from .blueprint import bp
from .session import candidate_required, current_candidate

DRAFT = "registration_draft"
AGREED = "registration_agreed"
SUBMIT_RATE_LIMIT = "30 per minute"


def _sitting(code):
    return registrations.sitting(code) or abort(404)


def _home():
    return redirect(url_for("candidate.registration"))


def _refusal(sitting):
    """Why the signed-in candidate cannot register or change now, or None."""
    return registrations.barred(current_candidate(), sitting) or registrations.closed_reason(sitting)


@bp.route("/registration")
@candidate_required
def registration():
    """The coming sitting: its dates and fee, the candidate's registration and how it stands (once seated, where),
    what to do next."""
    candidate = current_candidate()
    sitting = registrations.coming()
    mine = registrations.own(candidate, sitting) if sitting else None
    rules = registrations.rules(candidate, sitting) if mine else None
    closed = registrations.closed_reason(sitting) if sitting else None
    seats = {seat.course: seat for seat in arrangement.seats_for(mine) if seat.course in mine.seated} \
        if mine and closed else {}
    return render_template("candidate/registration/index.html", sitting=sitting, mine=mine, seats=seats,
                           courses=[rules.by_code[c] for c in mine.courses if c in rules.by_code] if mine else [],
                           standing=registrations.standing(mine, sitting) if mine else None,
                           barred=registrations.barred(candidate, sitting) if sitting else None,
                           closed=closed,
                           fee_fen=registrations.fee_fen(sitting) if sitting else 0)


@bp.route("/registration/<code>/brochure", methods=["GET", "POST"])
@candidate_required
def registration_brochure(code):
    """Step 1: read and agree to the brochure 报考简章."""
    sitting = _sitting(code)
    refusal = _refusal(sitting)
    if request.method == "POST" and not refusal:
        if request.form.get("agree") != "y":
            flash(_("请先阅读并勾选“我已阅读并知晓报考简章相关内容及注意事项”。"), "danger")
        else:
            session[AGREED] = sitting.code
            return redirect(url_for("candidate.registration_courses", code=sitting.code))
    return render_template("candidate/registration/brochure.html", sitting=sitting, refused=refusal)


def _draft(sitting, mine):
    """What the choose page starts from: the unsubmitted choice, else the registration, else the candidate's own."""
    kept = session.get(DRAFT) or {}
    if kept.get("sitting") == sitting.code:
        return kept
    if mine is not None:
        return {"district": str(mine.district.pk), "major": str(mine.major.pk), "courses": list(mine.courses)}
    candidate = current_candidate()
    return {"district": str(candidate.district.pk), "major": str(candidate.major.pk) if candidate.major else "",
            "courses": []}


@bp.route("/registration/<code>/courses", methods=["GET", "POST"])
@candidate_required
def registration_courses(code):
    """Step 2: the exam district, the major, then this sitting's courses. 显示全部开考课程 lists every course."""
    sitting = _sitting(code)
    if (refusal := _refusal(sitting)) is not None:
        flash(refusal, "danger")
        return _home()
    if session.get(AGREED) != sitting.code:
        return redirect(url_for("candidate.registration_brochure", code=sitting.code))
    candidate = current_candidate()
    mine = registrations.own(candidate, sitting)
    rules = registrations.rules(candidate, sitting)
    draft = dict(_draft(sitting, mine))
    show = request.form.get("show")  # a button that only redraws the list: "all", "major" or "refresh"
    if request.method == "POST":
        draft.update(district=request.form.get("district", ""), major=request.form.get("major", ""),
                     courses=request.form.getlist("course"))
    show_all = show == "all" or show not in ("major",) and request.values.get("showing") == "all"
    errors = {}
    if request.method == "POST" and show is None:
        try:
            choice = registrations.check(rules, draft["district"], draft["major"], draft["courses"], mine)
        except registrations.Refused as refused:
            errors = refused.errors
        else:
            session[DRAFT] = {"sitting": sitting.code, "district": str(choice.district), "major": str(choice.major.pk),
                              "courses": list(choice.courses), "version": mine.version if mine else None}
            return redirect(url_for("candidate.registration_preview", code=sitting.code))
    major = next((m for m in rules.majors if str(m.pk) == draft.get("major")), None)
    listed = rules.for_major(major.pk if major else None, show_all)
    chosen = set(draft.get("courses", []))
    listed += [c for c in rules.courses if c.code in chosen and c not in listed]  # chosen under "show all" before
    listed.sort(key=lambda c: (c.day, c.half, c.starts, c.code))
    return render_template("candidate/registration/courses.html", sitting=sitting, rules=rules, draft=draft,
                           major=major, listed=listed,
                           groups=[(slot, list(courses)) for slot, courses in groupby(listed, lambda c: c.slot)],
                           chosen=chosen, show_all=show_all, errors=errors, mine=mine, half_day=registrations.half_day,
                           slots={c.slot for c in listed if c.code in chosen})


@bp.route("/registration/<code>/preview", methods=["GET", "POST"])
@limiter.limit(SUBMIT_RATE_LIMIT, methods=["POST"])
@candidate_required
def registration_preview(code):
    """Step 3: the choice as it will be registered, with the fee; POST submits it."""
    sitting = _sitting(code)
    draft = session.get(DRAFT) or {}
    if draft.get("sitting") != sitting.code:
        return redirect(url_for("candidate.registration_courses", code=sitting.code))
    candidate = current_candidate()
    mine = registrations.own(candidate, sitting)
    rules = registrations.rules(candidate, sitting)
    try:
        if (refusal := _refusal(sitting)) is not None:
            raise registrations.Refused({"": [refusal]})
        choice = registrations.check(rules, draft["district"], draft["major"], draft["courses"], mine)
        if request.method == "POST":
            submitting.submit(candidate, sitting, choice, draft.get("version"), rules)
            session.pop(DRAFT, None)
            flash(_("报考信息已提交。"), "success")
            return _home()
    except registrations.Refused as refused:
        for messages in refused.errors.values():
            for message in messages:
                flash(message, "danger")
        if refusal or request.method == "POST":
            session.pop(DRAFT, None)
            return _home()
        return redirect(url_for("candidate.registration_courses", code=sitting.code))
    district = dict(rules.districts)[choice.district]
    courses = [rules.by_code[c] for c in choice.courses]
    due = [c for c in courses if not mine or c.code not in mine.paid]
    return render_template("candidate/registration/preview.html", sitting=sitting, district=district,
                           major=choice.major, courses=courses, due=due, mine=mine,
                           fee_fen=rules.fee_fen, total_fen=rules.fee_fen * len(due))


@bp.route("/registration/<code>/pay", methods=["POST"])
@candidate_required
def registration_pay(code):
    """Open (or reuse) the order for the registration's unpaid courses, as of the version the page showed."""
    sitting = _sitting(code)
    mine = registrations.own(current_candidate(), sitting) or abort(404)
    if (barred := registrations.barred(current_candidate(), sitting)) is not None:
        flash(barred, "danger")
        return _home()
    try:
        order = payments.registration_order(mine, request.form.get("version", ""))
    except gateways.NotPayable as refused:
        flash(str(refused), "danger")
        return _home()
    if order.status == PAID:
        return redirect(url_for("candidate.payment_return", order_no=order.order_no))
    return_url = url_for("candidate.payment_return", order_no=order.order_no, _external=True)
    return redirect(gateways.gateway().checkout_url(order, return_url))


@bp.route("/registration/<code>/notice.pdf")
@candidate_required
def registration_notice(code):
    """The seating notice 考场座次通知单, within the sitting's print window, once the arrangement has seated the
    candidate."""
    sitting = _sitting(code)
    candidate = current_candidate()
    mine = registrations.own(candidate, sitting)
    if not sitting.printing():
        flash(_("准考证打印时间为 %(opens)s 至 %(closes)s，现在不在打印时间内。",
                opens=f"{sitting.print_opens_at:%Y-%m-%d %H:%M}" if sitting.print_opens_at else "—",
                closes=f"{sitting.print_closes_at:%Y-%m-%d %H:%M}" if sitting.print_closes_at else "—"), "danger")
        return _home()
    rows = seating_notice.lines(mine) if mine else []
    if not rows:
        flash(_("您在本考次没有已编排考场的课程。考场编排完成后方可打印，如有疑问请联系报考考区。"), "danger")
        return _home()
    content = seating_notice.render(mine, candidate, rows)
    return send_file(io.BytesIO(content), mimetype="application/pdf", as_attachment=True,
                     download_name=f"考场座次通知单-{sitting.code}-{candidate.exam_number}.pdf")
