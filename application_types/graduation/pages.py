"""The graduation pre-audit 毕业条件预判 (seed 004 §二): for a chosen major, which requirement each passed course
meets, what is missing, and whether the candidate may apply. A page of the type's own (workflows.types.Page)."""
from flask import abort, render_template, request, url_for
from mongoengine import Q

from app.models import BusinessType, Major
from app.services import graduation_audit as audits

KEY = "graduation"


def pre_audit(candidate):
    majors = majors_offered(candidate.major)
    code = request.args.get("major") or None
    major = next((m for m in majors if m.code == code), None) if code else (majors[0] if majors else None)
    if code and major is None:
        abort(404)
    plan = audits.load_plan(major) if major else None
    extra = request.args.get("extra") or None
    result = None
    if plan is not None:
        scores = audits.load_scores([candidate.pk], published_only=True)[str(candidate.pk)]
        result = audits.audit(plan, scores, audits.Choices(extra_option=extra))
    apply = (url_for("candidate.apply_home", type_key=KEY) if result and result.eligible
             and BusinessType.objects(key=KEY, enabled=True).only("key").first() else None)
    return render_template("graduation/pre_audit.html", majors=majors, major=major, own=candidate.major, plan=plan,
                           extra=extra, result=result, apply=apply)


def majors_offered(own):
    """The candidate's own major first, then every major still graduating candidates (open or phasing out)."""
    wanted = Q(status__ne="closed") | Q(pk=own.pk) if own is not None else Q(status__ne="closed")
    majors = Major.objects(wanted).only("code", "name", "level")
    return sorted(majors, key=lambda m: (own is None or m.pk != own.pk, m.code))
