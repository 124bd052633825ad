"""A batch pre-audit's findings 预审结果: the candidates it found eligible, and those one course short with what is
missing; one document each, so a university's tens of thousands are paged and exported, not held in the job."""
from flask_babel import lazy_gettext as _l
from mongoengine import Document, ObjectIdField, StringField

ELIGIBLE, ONE_SHORT = "eligible", "one_short"
VERDICTS = ((ELIGIBLE, _l("符合毕业条件")), (ONE_SHORT, _l("差一门课程")))


class PreauditEntry(Document):
    job = ObjectIdField(required=True)
    candidate = ObjectIdField(required=True)
    exam_number = StringField(required=True, verbose_name=_l("准考证号"))
    major = StringField(required=True, verbose_name=_l("专业"))  # its code and name, as audited
    verdict = StringField(required=True, choices=VERDICTS, verbose_name=_l("预审结果"))
    missing = StringField(verbose_name=_l("尚缺"))  # what is missing, in the audit's own sentences

    # A job's findings of one verdict, by exam number: its page and its export.
    meta = {"collection": "preaudit_entries", "indexes": [("job", "verdict", "exam_number")]}
