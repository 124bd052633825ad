"""The batch graduation pre-audit 批量毕业预审: every candidate of one major within a staff user's scope, audited
as each would see it on 毕业条件预判 (app/services/graduation_audit.py), in batches, reporting progress after each."""
from flask import current_app
from flask_babel import gettext as _

from app import roles
from app.jobs import JobFailed
from app.models import Candidate, District, Major, MajorPlan, University
from app.models.job import JobResult
from app.scope import restrict
from app.services import graduation_audit as audits


def majors(scope):
    """The majors a staff user may pre-audit: those with a plan; a university's, only the ones it sponsors."""
    planned = [plan.major.id for plan in MajorPlan.objects.no_dereference().only("major")]
    found = Major.objects(pk__in=planned).only("code", "name", "level")
    if scope.kind == roles.SCOPE_UNIVERSITY:
        return found.filter(university=University.objects(code=scope.code).scalar("id").first())
    return found if scope.kind else found.filter(pk__in=[])


def candidates(major, scope):
    """The ids of the candidates of `major` within `scope`, by exam number (retired, merged records left out)."""
    found = restrict(Candidate.objects(major=major.pk, merged_into=None), scope)
    return list(found.order_by("exam_number").scalar("id"))


def run(report, major, scope):
    """Audit every candidate of `major` within `scope`: the eligible ones listed, the others counted."""
    plan = audits.load_plan(major)
    if plan is None:
        raise JobFailed(_("专业 %(major)s 没有专业计划，无法预审。", major=f"{major.code} {major.name}"))
    ids = candidates(major, scope)
    report.start(len(ids))
    size, eligible = current_app.config["PREAUDIT_BATCH_SIZE"], []
    for start in range(0, len(ids), size):
        batch = ids[start:start + size]
        scores = audits.load_scores(batch)
        eligible += [cid for cid in batch if audits.audit(plan, scores[str(cid)]).eligible]
        report.advance(len(batch))
    return JobResult(counts={"eligible": len(eligible), "not_eligible": len(ids) - len(eligible)},
                     candidates=eligible)


def eligible_rows(job, scope):
    """A finished pre-audit's eligible candidates that `scope` still reaches, as (exam number, name, district name),
    in two queries."""
    ids = job.result.candidates if job.result else []
    found = list(restrict(Candidate.objects(pk__in=ids), scope).no_dereference()
                 .only("exam_number", "name", "district").order_by("exam_number"))
    names = dict(District.objects(pk__in=list({c.district.id for c in found if c.district})).scalar("id", "name"))
    return [(c.exam_number, c.name, names.get(c.district.id, "") if c.district else "") for c in found]
