"""Major plans 专业计划: modules of required courses and k-of-n elective groups.

Modules and elective groups are documents of their own so administrators edit
them with the same generated screens as everything else.
"""
from flask_babel import lazy_gettext as _l
from mongoengine import CASCADE, DENY, Document, IntField, ListField, ReferenceField, StringField, ValidationError

from app.wording import in_locale

from .course import Course
from .major import Major


class MajorPlan(Document):
    major = ReferenceField(Major, required=True, unique=True, reverse_delete_rule=DENY, verbose_name=_l("专业"))
    total_min_credits = IntField(required=True, min_value=0, max_value=300, verbose_name=_l("毕业最低总学分"))
    note = StringField(max_length=500, verbose_name=_l("说明"))

    meta = {"collection": "major_plans"}

    def __str__(self):
        return str(self.major)


class PlanModule(Document):
    plan = ReferenceField(MajorPlan, required=True, reverse_delete_rule=CASCADE, verbose_name=_l("专业计划"))
    order = IntField(default=1, min_value=1, verbose_name=_l("顺序"))
    name = StringField(required=True, max_length=50, verbose_name=_l("模块名称"))
    name_en = StringField(max_length=100, verbose_name=_l("模块名称（英文）"))
    min_credits = IntField(default=0, min_value=0, max_value=300, verbose_name=_l("模块最低学分"))
    required_courses = ListField(ReferenceField(Course, reverse_delete_rule=DENY), verbose_name=_l("必考课程"))

    meta = {"collection": "plan_modules", "ordering": ["plan", "order"], "indexes": [("plan", "order")]}

    def shown_name(self):
        """The module's name in the page's language."""
        return in_locale(self.name, self.name_en)

    def __str__(self):
        return f"{self.plan} · {self.name}"


class ElectiveGroup(Document):
    module = ReferenceField(PlanModule, required=True, reverse_delete_rule=CASCADE, verbose_name=_l("所属模块"))
    name = StringField(required=True, max_length=50, verbose_name=_l("选考组名称"))
    name_en = StringField(max_length=100, verbose_name=_l("选考组名称（英文）"))
    choose = IntField(required=True, min_value=1, verbose_name=_l("至少选考门数"))
    courses = ListField(ReferenceField(Course, reverse_delete_rule=DENY), verbose_name=_l("可选课程"))

    # (module, name): a plan's groups are read by their modules, in name order.
    meta = {"collection": "elective_groups", "indexes": [("module", "name")]}

    def clean(self):
        if self.courses and self.choose and self.choose > len(self.courses):
            raise ValidationError(errors={"choose": ValidationError(_l("选考门数不能多于可选课程数。"))})

    def shown_name(self):
        """The group's name in the page's language."""
        return in_locale(self.name, self.name_en)

    def __str__(self):
        return f"{self.name}（{len(self.courses)}选{self.choose}）"
