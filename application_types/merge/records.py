"""The records a merge names, beside the candidate's own, for the district that confirms them (a staff Panel)."""
from dataclasses import dataclass

from mongoengine import Q

from app.models import Candidate, Score
from app.scope import restrict


@dataclass(frozen=True)
class Scores:
    total: int = 0
    passed: int = 0  # courses passed
    first: str = ""  # the earliest and latest sittings
    last: str = ""


@dataclass(frozen=True)
class Record:
    """A record as the reviewer compares it: `candidate` is None when no record holds the number, or when it is
    outside the reviewer's scope (`district` then names where it is kept)."""

    number: str
    candidate: Candidate | None
    scores: Scores
    district: str = ""
    outside: bool = False


@dataclass(frozen=True)
class Merge:
    current: Record
    named: list  # Record of each number the application names


def compared(application, scope):
    """The candidate's record and each one the application names, with their scores in three queries."""
    entries = [entry or {} for _slot, entry in sorted((application.data.get("sources") or {}).items(),
                                                       key=lambda slot: int(slot[0]))]
    numbers = [entry.get("exam_number") or entry.get("file_number") or "" for entry in entries]
    if not any(numbers):
        return None
    current = application.candidate
    found = {c.exam_number: c for c in Candidate.objects(exam_number__in=[n for n in numbers if n],
                                                         pk__ne=current.pk).select_related(max_depth=1)}
    reached = {c.pk for c in restrict(Candidate.objects(pk__in=[c.pk for c in found.values()]), scope).only("id")}
    scores = _scores(current, numbers, list(found.values()))
    named = []
    for number in numbers:
        record = found.get(number)
        if record is not None and record.pk not in reached:
            named.append(Record(number, None, Scores(), record.district.name, outside=True))
        else:
            named.append(Record(number, record, scores.get(number, Scores())))
    return Merge(Record(current.exam_number, current, scores.get(current.exam_number, Scores())), named)


def _scores(current, numbers, records):
    """Scores per number: those recorded under it, or for the record that holds it."""
    holder = {record.pk: record.exam_number for record in records} | {current.pk: current.exam_number}
    rows = Score.objects(Q(exam_number__in=[n for n in numbers if n]) | Q(candidate__in=list(holder))).only(
        "candidate", "exam_number", "course", "passed", "sitting").no_dereference()
    by_number = {}
    for row in rows:
        number = row.exam_number if row.exam_number in numbers else holder.get(row.candidate.id, row.exam_number)
        by_number.setdefault(number, []).append(row)
    return {number: Scores(len(found), len({r.course.id for r in found if r.passed}),
                           min(r.sitting for r in found), max(r.sitting for r in found))
            for number, found in by_number.items()}
