"""Scores 成绩: a mark (or 通过/合格 for an exemption) for one course at one sitting, with its source."""
import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from mongoengine import (DENY, BooleanField, DateTimeField, DictField, Document, IntField, ListField, ReferenceField,
                         StringField, ValidationError)

from .candidate import Candidate
from .course import Course
from .district import District

PASS_MARK = 60
GRADES = (("通过", _l("通过")), ("合格", _l("合格")))
SOURCES = (("exam", _l("考试")), ("exemption", _l("免考")), ("transfer_in", _l("转入")),
           ("back_registration", _l("补登")))
BACK_REGISTRATION = "back_registration"
# What a back-registered score 补登 was: an exam score up to 2002, or an exemption or transfer-in granted before 2020.
REGISTERED_AS = (("exam", _l("考试")), ("exemption", _l("免考")), ("transfer_in", _l("转入")))


def counts_as(source, registered_as=None):
    """The kind of score a score is, for the records' counts: its source, or for a back-registration what it
    registered (an exam score when the record does not say)."""
    return (registered_as or "exam") if source == BACK_REGISTRATION else source


def source_label(source, registered_as=None):
    """The source as people read it: 考试, 免考, 转入, or a back-registration's kind with 补登, e.g. "免考（补登）"."""
    if source == BACK_REGISTRATION:
        return _("%(kind)s（补登）", kind=dict(REGISTERED_AS)[counts_as(source, registered_as)])
    return str(dict(SOURCES).get(source, source))


def passes(value):
    """Whether a score of this value (a mark, or a grade) is a pass: every grade is one."""
    return isinstance(value, str) or value >= PASS_MARK


def spoken(value):
    """A mark as a person says it ("72 分"), a grade as itself."""
    return value if isinstance(value, str) else _("%(mark)d 分", mark=value)


def earned_under(exam_number, from_province=None, from_exam_number=None):
    """The number a score was earned under as people read it: a transferred score's province and number there
    ("江西省 360101234567"), else the exam number here."""
    if from_province or from_exam_number:
        return " ".join(part for part in (from_province, from_exam_number) if part)
    return exam_number


class Score(Document):
    candidate = ReferenceField(Candidate, required=True, reverse_delete_rule=DENY, verbose_name=_l("考生"))
    # The candidate's managing district, kept here so reviewers' score lists filter in one query.
    district = ReferenceField(District, reverse_delete_rule=DENY, verbose_name=_l("考籍管理区县"))
    # The exam number the score was earned under, or before 2003 a 10-digit file number 档案号.
    exam_number = StringField(required=True, regex=r"^\d{10}(\d{2})?$", verbose_name=_l("准考证号"),
                              error_message=_l("准考证号为12位数字（2003年以前的档案号为10位）。"))
    course = ReferenceField(Course, required=True, reverse_delete_rule=DENY, verbose_name=_l("课程"))
    mark = IntField(min_value=0, max_value=100, verbose_name=_l("成绩"), error_message=_l("成绩为0–100的整数。"))
    grade = StringField(choices=GRADES, verbose_name=_l("等级"))
    sitting = StringField(required=True, regex=r"^(19|20)\d\d-(0[1-9]|1[0-2])$", verbose_name=_l("考次"),
                          error_message=_l("考次格式为 年-月，如 2024-04。"))
    source = StringField(required=True, choices=SOURCES, default="exam", verbose_name=_l("来源"))
    # A back-registration's kind (REGISTERED_AS); unset on other scores.
    registered_as = StringField(choices=REGISTERED_AS, verbose_name=_l("补登类型"))
    # Where a transferred score (转入, or 转入 via 补登) was earned: the other province, and the exam number there.
    from_province = StringField(max_length=20, verbose_name=_l("来源省"))
    from_exam_number = StringField(max_length=20, regex=r"^[0-9A-Za-z]{6,20}$", verbose_name=_l("来源准考证号"),
                                   error_message=_l("来源准考证号为6至20位数字或字母。"))
    passed = BooleanField(default=False, verbose_name=_l("合格"))
    used_for_graduation = BooleanField(default=False, verbose_name=_l("已用于毕业"))
    # The graduation application the score is locked to once its fee is paid (used_for_graduation is then set).
    graduation = StringField(verbose_name=_l("毕业申请"))
    # Where one course has several passes (after a merge), the candidate chooses the one that counts.
    counts = BooleanField(default=True, verbose_name=_l("计入成绩"))
    # Sent to another province by an approved transfer out 转出: kept on record, no longer counted here.
    transferred_out = BooleanField(default=False, verbose_name=_l("已转出"))
    recorded_at = DateTimeField(default=datetime.datetime.now, verbose_name=_l("登记时间"))
    # For a score granted by an application: "<type>:<application id>:<course code>". Unique, so an
    # effect that runs twice cannot grant the same score twice.
    origin = StringField(unique=True, sparse=True, verbose_name=_l("来源申请"))
    # Corrections: by score recheck 成绩复核, {"old", "new", "application", "at"}, one per application; by an import,
    # {"old", "new", "import", "file", "by", "at"}, one per file that changed it. Old and new are marks (numbers) or
    # grades.
    history = ListField(DictField(), verbose_name=_l("更正记录"))

    meta = {
        "collection": "scores",
        "ordering": ["-sitting"],
        # (exam_number, sitting): an import finds a file's scores already stored by exam number and sitting.
        # ("sitting", "candidate"): a sitting's candidates told their scores are out (app/services/publication.py).
        # (course, sitting), (source, sitting): the staff score list searched by course or by source, in its order.
        # The staff score list's searches by a transfer's province or number there and by a back-registration's kind,
        # in the list's order: partial, so they hold only the few scores with the field; they serve a district's
        # search too, the district then read from those few rather than its scores searched for them.
        "indexes": [("candidate", "course"), ("exam_number", "sitting"), ("district", "sitting"), ("sitting", "candidate"),
                    ("course", "sitting"), ("source", "sitting"),
                    *({"fields": [name, "sitting"], "partialFilterExpression": {name: {"$exists": True}}}
                      for name in ("from_province", "from_exam_number", "registered_as"))],
    }

    def clean(self):
        """A score has either a numeric mark or a grade, never both; `passed` follows from it. A score recorded for
        a record a merge retired (by staff, an import or an effect, at any time) is the surviving record's."""
        if (self.mark is None) == (self.grade is None):
            raise ValidationError(errors={"mark": ValidationError(_l("请填写分数或等级（二选一）。"))})
        self.passed = passes(self.value)
        if self.candidate is not None:
            if self.candidate.merged_into is not None:  # a retired record's scores belong to the one it joined
                self.candidate = self.candidate.merged_into
            self.district = self.candidate.district

    @property
    def source_label(self):
        return source_label(self.source, self.registered_as)

    @property
    def counts_as(self):
        return counts_as(self.source, self.registered_as)

    @property
    def earned_under(self):
        return earned_under(self.exam_number, self.from_province, self.from_exam_number)

    @property
    def value(self):
        """The grade of a graded score, else its mark."""
        return self.grade if self.grade is not None else self.mark

    @property
    def corrections(self):
        """The corrections as staff read them: "72 → 80（2024-11-06 16:00）" for a recheck, with the file and who
        imported it for an import ("72 → 80（2024-11-06 16:00，文件 x.xlsx，操作人 admin）")."""
        def one(entry):
            imported = _("，文件 %(file)s，操作人 %(by)s", file=entry["file"], by=entry.get("by") or "") \
                if entry.get("file") else ""
            return f"{entry['old']} → {entry['new']}（{entry['at']:%Y-%m-%d %H:%M}{imported}）"

        return "；".join(one(entry) for entry in self.history)

    @property
    def display_mark(self):
        return self.grade if self.grade is not None else str(self.mark)

    def __str__(self):
        return f"{self.course} {self.display_mark}（{self.sitting}）"
