"""Exam sittings 考次: the dates an administrator records for one sitting, such as when its scores were published."""
from flask_babel import lazy_gettext as _l
from mongoengine import DateField, Document, StringField


class Sitting(Document):
    code = StringField(required=True, unique=True, regex=r"^(19|20)\d\d-(0[1-9]|1[0-2])$", verbose_name=_l("考次"),
                       error_message=_l("考次格式为 年-月，如 2024-04。"))
    # Score recheck 成绩复核 is open for a number of working days from this date (RECHECK_WORKING_DAYS).
    scores_published_on = DateField(verbose_name=_l("成绩公布日期"))

    meta = {"collection": "sittings", "ordering": ["-code"]}

    def __str__(self):
        return self.code
