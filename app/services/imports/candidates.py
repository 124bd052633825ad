"""Importing the old system's candidates 考生: exam number, file number, name, ID, sex, birth date, phone, district,
major. The key is the exam number: a new one is added with an unusable password and an unverified phone (its holder
sets a password through 忘记密码, and the first sign-in checks the phone by SMS); a known one has its changed fields
updated, each change audited."""
import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from mongoengine import ValidationError
from pymongo import UpdateOne

from app.models import AuditEntry, Candidate, District, Major, Score
from app.services import idcard

from .base import CHANGED, NEW, UNCHANGED, BaseChecker, by_field, code, day, text, validation_problems
from .sheets import Column

COLUMNS = (
    Column("exam_number", _l("准考证号"), by_field(Candidate, "exam_number", code(12)), note=_l("12位数字。")),
    Column("file_number", _l("档案号"), code(10), required=False,
           note=_l("选填；2003年以前的10位档案号，记为考生的其他准考证号，其成绩归入此考生。")),
    Column("name", _l("姓名"), by_field(Candidate, "name")),
    Column("id_type", _l("证件类型"), by_field(Candidate, "id_type"), required=False,
           note=_l("选填，居民身份证或其他证件，不填为居民身份证。")),
    Column("id_number", _l("证件号码"), by_field(Candidate, "id_number", lambda value: text(value).upper()), note=_l("居民身份证为18位，校验位须正确；不能与其他考生重复。")),
    Column("sex", _l("性别"), by_field(Candidate, "sex"), required=False, note=_l("男或女。")),
    Column("birth_date", _l("出生日期"), day, required=False, note=_l("如 1995-03-01。")),
    Column("phone", _l("手机号码"), by_field(Candidate, "phone", code(11)), note=_l("11位手机号，不能与其他考生重复。")),
    Column("district", _l("考籍管理区县"), code(6), note=_l("6位区县代码，须是平台中已有的区县。")),
    Column("major", _l("报考专业"), code(6), required=False, note=_l("选填；专业代码，如 030101K。")),
)
NOTES = (_l("以准考证号识别考生：新的准考证号新增考生，已有的更新有变化的信息。"),
         _l("新增的考生没有可用的密码：考生通过“忘记密码”设置密码，首次登录时以短信验证手机号。"))
# An account from the old system has no password until its holder sets one (忘记密码): no password matches this.
UNUSABLE_PASSWORD = "!"
COMPARED = ("name", "id_type", "id_number", "sex", "birth_date", "phone", "district", "major", "other_exam_numbers")
UNIQUE = ("exam_number", "id_number", "phone")


def _labels():
    return {column.name: column.title for column in COLUMNS}


class Checker(BaseChecker):
    def __init__(self, data_import):
        super().__init__(data_import)
        self.first_row = {name: {} for name in UNIQUE}  # {field: {value: the row it first appeared in}}

    def check(self, rows):
        labels, values = _labels(), [row.values for row in rows]

        def wanted(name):
            return list({each[name] for each in values} - {None})

        collection = Candidate._get_collection()
        known = {doc["exam_number"]: doc for doc in collection.find({"exam_number": {"$in": wanted("exam_number")}})}
        holders = {name: {doc[name]: doc["exam_number"] for doc in collection.find(
            {name: {"$in": wanted(name)}}, {name: 1, "exam_number": 1})} for name in ("id_number", "phone")}
        districts = dict(District.objects(code__in=wanted("district")).order_by().scalar("code", "id"))
        majors = dict(Major.objects(code__in=wanted("major")).order_by().scalar("code", "id"))
        for row in rows:
            self._row(row, labels, known, holders, districts, majors)

    def _row(self, row, labels, known, holders, districts, majors):
        values = row.values
        values["id_type"] = values["id_type"] or "id_card"
        if values["id_number"] and values["id_type"] == "id_card":
            try:
                parsed = idcard.parse(values["id_number"])
            except idcard.InvalidIdNumber as error:
                row.refuse(labels["id_number"], str(error))
            else:
                values["id_number"] = parsed.number
                if values["birth_date"] and values["birth_date"] != parsed.birth_date:
                    row.refuse(labels["birth_date"], _("出生日期与身份证号码不符。"))
                if values["sex"] and values["sex"] != parsed.sex:
                    row.refuse(labels["sex"], _("性别与身份证号码不符。"))
                values["birth_date"] = values["birth_date"] or parsed.birth_date
                values["sex"] = values["sex"] or parsed.sex
        if values["file_number"] and not (len(values["file_number"]) == 10 and values["file_number"].isdigit()):
            row.refuse(labels["file_number"], _("档案号为10位数字。"))
        if values["district"] and values["district"] not in districts:
            row.refuse(labels["district"], _("没有代码为 %(code)s 的考籍管理区县。", code=values["district"]))
        if values["major"] and values["major"] not in majors:
            row.refuse(labels["major"], _("没有代码为 %(code)s 的专业。", code=values["major"]))
        number = values["exam_number"]
        for name in UNIQUE:
            value = values[name]
            if value is None:
                continue
            if value in self.first_row[name]:
                row.refuse(labels[name], _("与第%(row)d行的%(column)s重复。", row=self.first_row[name][value],
                                           column=labels[name]))
                continue
            self.first_row[name][value] = row.number
            holder = holders.get(name, {}).get(value)
            if holder is not None and holder != number:
                row.refuse(labels[name], _("%(column)s %(value)s 已被准考证号 %(other)s 的考生使用。",
                                           column=labels[name], value=value, other=holder))
        if row.refused:
            return
        before = known.get(number)
        wanted = {"name": values["name"], "id_type": values["id_type"], "id_number": values["id_number"],
                  "sex": values["sex"], "birth_date": values["birth_date"], "phone": values["phone"],
                  "district": districts[values["district"]], "major": majors.get(values["major"])}
        if before is None:
            candidate = Candidate(exam_number=number, password_hash=UNUSABLE_PASSWORD, phone_verified=False,
                                  other_exam_numbers=[values["file_number"]] if values["file_number"] else [],
                                  **wanted)
            try:
                candidate.validate()
            except ValidationError as error:
                for column, message in validation_problems(Candidate, error, labels):
                    row.refuse(column, message)
                return
            row.state, row.write = NEW, candidate.to_mongo().to_dict()
            return
        others = before.get("other_exam_numbers") or []
        if values["file_number"] and values["file_number"] not in others:
            wanted["other_exam_numbers"] = [*others, values["file_number"]]
        # A blank optional cell keeps what the record holds.
        changes = {name: {"old": _date(before.get(name)), "new": _date(value)} for name, value in wanted.items()
                   if value is not None and _date(before.get(name)) != _date(value)}
        if not changes:
            row.state = UNCHANGED
            return
        row.state, row.write = CHANGED, (before["_id"], {name: wanted[name] for name in changes}, changes)

    def write(self, rows):
        collection, by = Candidate._get_collection(), self.data_import
        added = [row.write for row in rows if row.state == NEW]
        if added:
            collection.insert_many(added, ordered=False)
        changed = [row.write for row in rows if row.state == CHANGED]
        if changed:
            collection.bulk_write([UpdateOne({"_id": pk}, {"$set": {name: _date(value) for name, value in sets.items()}})
                                   for pk, sets, _changes in changed], ordered=False)
            moved = {}
            for pk, sets, _changes in changed:
                if "district" in sets:
                    moved.setdefault(sets["district"], []).append(pk)
            for district, candidates in moved.items():  # scores keep their candidate's district
                Score.objects(candidate__in=candidates).update(set__district=district)
            names = dict(Candidate.objects(pk__in=[pk for pk, _sets, _changes in changed]).scalar("id", "exam_number"))
            AuditEntry.record_many(
                by.uploader, "import", Candidate,
                [(pk, _("%(number)s（导入 %(file)s）", number=names.get(pk, ""), file=by.filename), _readable(changes))
                 for pk, _sets, changes in changed])



def _date(value):
    """A date as the store keeps a DateField's."""
    return datetime.datetime.combine(value, datetime.time()) if type(value) is datetime.date else value


def _readable(changes):
    return {name: {side: (f"{value:%Y-%m-%d}" if isinstance(value, datetime.datetime) else
                          str(value) if value is not None else None) for side, value in change.items()}
            for name, change in changes.items()}
