"""Importing a sitting's scores 成绩: exam number, name (checked when given), course, mark or grade, sitting.

A score's key is (exam number, course, sitting, source "exam"). Where the platform ran the sitting (a Sitting with its
registrations), the course must be one the candidate's registration chose and paid (`seated`); for history from
before the platform, the course need only exist. A changed mark keeps the old one in the score's history, with the
file and who imported it.
"""
import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pymongo import UpdateOne

from app.models import Candidate, Course, Registration, Score, Sitting
from app.models.registration import seated
from app.models.score import passes
from app.services import publication

from .base import CHANGED, NEW, UNCHANGED, BaseChecker, by_field, code, integer, month
from .sheets import Column

COLUMNS = (
    Column("exam_number", _l("准考证号"), by_field(Score, "exam_number"),
           note=_l("12位准考证号（2003年以前的档案号为10位）；考生合档后，成绩记入合并后的准考证号。")),
    Column("name", _l("姓名"), by_field(Candidate, "name"), required=False,
           note=_l("选填；填写时须与该准考证号的考生姓名一致。")),
    Column("course", _l("课程代码"), by_field(Course, "code", code(5)),
           note=_l("5位课程代码，如 03709；本平台组织的考次须是考生报考并已缴费的课程。")),
    Column("mark", _l("成绩"), by_field(Score, "mark", integer), required=False, note=_l("0–100的整数；与“等级”二选一。")),
    Column("grade", _l("等级"), by_field(Score, "grade"), required=False,
           note=_l("通过或合格；与“成绩”二选一。")),
    Column("sitting", _l("考次"), by_field(Score, "sitting", month), note=_l("年-月，如 2024-04。")),
)
NOTES = (_l("每行一门课程的一次成绩；同一准考证号、课程和考次在文件中只能出现一次。"),
         _l("再次导入同一文件不会改变任何成绩；改正后的文件只更新有变化的成绩，原成绩记入更正记录。"))
BATCH_WRITE = 1000


def _labels():
    return {column.name: column.title for column in COLUMNS}


class Checker(BaseChecker):
    """Checks batches of score rows against the store, and writes them."""

    def __init__(self, data_import):
        super().__init__(data_import)
        self.first_row = {}  # {(exam number, course, sitting): the row it first appeared in}
        self.new_by_sitting = {}  # {sitting code: {candidate ids with a new score}}, as written
        self.platform = {}  # {sitting id: whether the platform ran it, taking registrations}

    def check(self, rows):
        labels = _labels()
        numbers = {row.values["exam_number"] for row in rows} - {None}
        found = _candidates(numbers)
        courses = dict(Course.objects(code__in=list({row.values["course"] for row in rows} - {None}))
                       .order_by().scalar("code", "id"))
        months = list({row.values["sitting"] for row in rows} - {None})
        sittings = dict(Sitting.objects(code__in=months).order_by().scalar("id", "code"))
        for pk in set(sittings) - set(self.platform):
            self.platform[pk] = Registration.objects(sitting=pk).only("id").first() is not None
        sittings = {pk: month_code for pk, month_code in sittings.items() if self.platform[pk]}
        registered = {(sittings[doc["sitting"]], doc["exam_number"]): seated(doc.get("courses"), doc.get("paid"))
                      for doc in Registration.objects(sitting__in=list(sittings), exam_number__in=list(numbers))
                      .order_by().only("sitting", "exam_number", "courses", "paid").as_pymongo()}
        existing = {(doc["exam_number"], doc["course"], doc["sitting"]): doc for doc in Score._get_collection().find(
            {"exam_number": {"$in": list(numbers)}, "sitting": {"$in": months}, "source": "exam"},
            {"exam_number": 1, "course": 1, "sitting": 1, "mark": 1, "grade": 1, "used_for_graduation": 1})}
        for row in rows:
            self._row(row, labels, found, courses, set(sittings.values()), registered, existing)

    def _row(self, row, labels, found, courses, platform_sittings, registered, existing):
        values = row.values
        number, course, sitting = values["exam_number"], values["course"], values["sitting"]
        candidate = found.get(number)
        if number and candidate is None:
            row.refuse(labels["exam_number"], _("没有准考证号为 %(number)s 的考生。", number=number))
        if candidate and values["name"] and values["name"] != candidate["name"]:
            row.refuse(labels["name"], _("姓名“%(given)s”与准考证号 %(number)s 的考生姓名不符。",
                                         given=values["name"], number=number))
        if course and course not in courses:
            row.refuse(labels["course"], _("课程目录中没有课程代码 %(code)s。", code=course))
        elif course and sitting in platform_sittings and candidate and course not in registered.get(
                (sitting, number), ()):
            row.refuse(labels["course"], _("考生 %(number)s 在 %(sitting)s 考次没有报考课程 %(code)s（或未缴费）。",
                                           number=number, sitting=sitting, code=course))
        mark, grade = values["mark"], values["grade"]
        if mark is not None and grade is not None:
            row.refuse(labels["mark"], _("“成绩”和“等级”只能填写一项。"))
        elif mark is None and grade is None and not any(column in (labels["mark"], labels["grade"])
                                                        for column, _message in row.problems):
            row.refuse(labels["mark"], _("请填写分数或等级（二选一）。"))
        key = (number, course, sitting)
        if None not in key:
            if key in self.first_row:
                row.refuse(labels["exam_number"], _("与第%(row)d行重复：同一准考证号、课程和考次只能有一行。",
                                                    row=self.first_row[key]))
            else:
                self.first_row[key] = row.number
        if row.refused:
            return
        value = grade if grade is not None else mark
        before = existing.get((number, courses[course], sitting))
        if before is None:
            row.state, row.write = NEW, (candidate, courses[course], value)
            return
        old = before.get("grade") if before.get("grade") is not None else before.get("mark")
        if old == value:
            row.state = UNCHANGED
        elif before.get("used_for_graduation"):
            row.refuse(labels["mark"], _("该成绩已用于毕业审核，不能通过导入修改（原成绩 %(old)s）。", old=old))
        else:
            row.state, row.write = CHANGED, (before["_id"], old, value)

    def write(self, rows):
        """New scores inserted in unordered batches, changed ones updated in one bulk write, each change kept in the
        score's history."""
        collection, now = Score._get_collection(), datetime.datetime.now()
        added = [_document(row, now) for row in rows if row.state == NEW]
        for start in range(0, len(added), BATCH_WRITE):
            collection.insert_many(added[start:start + BATCH_WRITE], ordered=False)
        for document in added:
            self.new_by_sitting.setdefault(document["sitting"], set()).add(document["candidate"])
        entry = {"import": self.data_import.pk, "file": self.data_import.filename, "by": self.data_import.uploaded_by,
                 "at": now}
        updates = [UpdateOne({"_id": pk}, _changed(old, value, entry)) for pk, old, value in
                   (row.write for row in rows if row.state == CHANGED)]
        if updates:
            collection.bulk_write(updates, ordered=False)

    def finish(self):
        """The candidates with a new score of a sitting already published are told, as its publication told the
        others (a sitting still to be published tells them all when it is)."""
        for sitting, candidate_ids in self.new_by_sitting.items():
            publication.announce(sitting, sorted(candidate_ids))


def _candidates(numbers):
    """{exam number: the candidate's _id, name, and the record and district its scores go to} for the numbers held
    as a record's own exam number or, for a record merges brought numbers to, as one of its others; two queries."""
    fields = {"exam_number": 1, "other_exam_numbers": 1, "name": 1, "district": 1, "merged_into": 1}
    collection = Candidate._get_collection()
    found = {doc["exam_number"]: doc for doc in collection.find({"exam_number": {"$in": list(numbers)}}, fields)}
    others = numbers - set(found)
    if others:
        for doc in collection.find({"other_exam_numbers": {"$in": list(others)}}, fields):
            found.update((number, doc) for number in set(doc["other_exam_numbers"]) & others)
    retired = {doc["merged_into"] for doc in found.values() if doc.get("merged_into")}
    joined = {doc["_id"]: doc for doc in collection.find({"_id": {"$in": list(retired)}}, fields)} if retired else {}
    for doc in found.values():
        # As Score.clean does: a retired record's scores belong to the record it joined.
        owner = joined.get(doc.get("merged_into"), doc)
        doc["owner"], doc["owner_district"] = owner["_id"], owner.get("district")
    return found


def _document(row, now):
    candidate, course, value = row.write
    graded = isinstance(value, str)
    document = {"candidate": candidate["owner"], "district": candidate["owner_district"],
                "exam_number": row.values["exam_number"], "course": course, "sitting": row.values["sitting"],
                "source": "exam", "passed": passes(value), "used_for_graduation": False, "counts": True,
                "transferred_out": False, "recorded_at": now, "history": []}
    document["grade" if graded else "mark"] = value
    return document


def _changed(old, value, entry):
    graded = isinstance(value, str)
    return {"$set": {"grade" if graded else "mark": value, "passed": passes(value)},
            "$unset": {"mark" if graded else "grade": ""},
            "$push": {"history": {"old": old, "new": value, **entry}}}


__all__ = ["COLUMNS", "Checker", "NOTES"]
