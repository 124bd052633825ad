"""The graduation pre-audit 毕业条件预判 (seed 004 §二): for a chosen major, which requirement each passed course
meets, what is missing, and whether the candidate may apply."""
from flask import abort, render_template, request
from mongoengine import Q

from app.models import Major
from app.services import graduation_audit as audits
from usecases import applications

from .blueprint import bp, type_links
from .session import candidate_required, current_candidate


@bp.route("/graduation/check")
@candidate_required
def graduation_check():
    candidate = current_candidate()
    majors = majors_offered(candidate.major)
    code = request.args.get("major") or None
    major = next((m for m in majors if m.code == code), None) if code else (majors[0] if majors else None)
    if code and major is None:
        abort(404)
    plan = audits.load_plan(major) if major else None
    extra = request.args.get("extra") or None
    result = None
    if plan is not None:
        scores = audits.load_scores([candidate.pk])[str(candidate.pk)]
        result = audits.audit(plan, scores, audits.Choices(extra_option=extra))
    links = type_links("eligible", {kind["key"] for kind in applications.open_types()}) if result and result.eligible \
        else []
    return render_template("candidate/graduation/pre_audit.html", majors=majors, major=major, own=candidate.major,
                           plan=plan, extra=extra, result=result, links=links)


def majors_offered(own):
    """The candidate's own major first, then every major still graduating candidates (open or phasing out)."""
    wanted = Q(status__ne="closed") | Q(pk=own.pk) if own is not None else Q(status__ne="closed")
    majors = Major.objects(wanted).only("code", "name", "level")
    return sorted(majors, key=lambda m: (own is None or m.pk != own.pk, m.code))
