"""A major plan's graduation rules: substitutions 顶替 (seed 004) and extra-exam options 加考选项 (seed 003).

Documents of their own, like plan modules, so administrators edit them with the generated screens.
"""
from flask_babel import lazy_gettext as _l
from mongoengine import (CASCADE, DENY, BooleanField, Document, IntField, ListField, ReferenceField, StringField,
                         ValidationError)

from .course import Course
from .plan import MajorPlan

MONTH = r"^(19|20)\d\d-(0[1-9]|1[0-2])$"
MONTH_MESSAGE = _l("考次格式为 年-月，如 2024-04。")


class Substitution(Document):
    """Passed courses the audit has not used may stand in for `replaces` once their credits reach `min_credits`."""

    plan = ReferenceField(MajorPlan, required=True, reverse_delete_rule=CASCADE, verbose_name=_l("专业计划"))
    name = StringField(required=True, max_length=100, verbose_name=_l("规则名称"))
    replaces = ListField(ReferenceField(Course, reverse_delete_rule=DENY), verbose_name=_l("被顶替课程"))
    # Empty: any passed course the audit has not used.
    replacing = ListField(ReferenceField(Course, reverse_delete_rule=DENY), verbose_name=_l("可用于顶替的课程"))
    min_credits = IntField(required=True, min_value=0, max_value=300, verbose_name=_l("顶替课程最低总学分"),
                           error_message=_l("顶替课程最低总学分为0–300的整数。"))
    valid_from = StringField(regex=MONTH, verbose_name=_l("顶替课程最早考次"), error_message=MONTH_MESSAGE)
    valid_until = StringField(regex=MONTH, verbose_name=_l("顶替课程最晚考次"), error_message=MONTH_MESSAGE)
    note = StringField(max_length=500, verbose_name=_l("说明"))

    meta = {"collection": "substitutions", "indexes": ["plan"]}

    def clean(self):
        errors = {}
        if not self.replaces:
            errors["replaces"] = ValidationError(_l("请选择被顶替的课程。"))
        if self.min_credits is not None and self.min_credits < 0:
            errors["min_credits"] = ValidationError(_l("顶替课程最低总学分不能小于0。"))
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            errors["valid_until"] = ValidationError(_l("最晚考次不能早于最早考次。"))
        replaced = {course.pk for course in self.replaces}
        both = [course for course in self.replacing if course.pk in replaced]
        if both:
            errors["replacing"] = ValidationError(_l("课程 %(course)s 不能既被顶替又用于顶替。", course=both[0]))
        if errors:
            raise ValidationError(errors=errors)

    def __str__(self):
        return self.name


class ExtraExamOption(Document):
    """One situation a candidate may declare, e.g. "非政治类专科毕业未通过行政法学", and the courses it adds."""

    plan = ReferenceField(MajorPlan, required=True, reverse_delete_rule=CASCADE, verbose_name=_l("专业计划"))
    order = IntField(default=1, min_value=1, verbose_name=_l("顺序"))
    label = StringField(required=True, max_length=100, verbose_name=_l("选项"))
    courses = ListField(ReferenceField(Course, reverse_delete_rule=DENY), verbose_name=_l("加考课程"))
    # A missing course of this option may be explained by the candidate (情况说明); a reviewer then decides.
    explainable = BooleanField(default=False, verbose_name=_l("缺少时可填写情况说明"))

    meta = {"collection": "extra_exam_options", "ordering": ["plan", "order"], "indexes": ["plan"]}

    def __str__(self):
        return self.label
