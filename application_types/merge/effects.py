"""Record merge 成绩归一: what approval does."""
from flask_babel import lazy_gettext as _l
from mongoengine import Q

from app.models import Candidate, Score
from app.services.holds import held_by
from workflows.registry import effect


@effect("merge_records", label=_l("将确认的准考证号的档案和成绩并入考生的档案"))
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
