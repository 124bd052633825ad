"""The catalogue: districts, universities, majors, courses, major plans and their graduation rules."""
from flask_babel import lazy_gettext as _l
from wtforms import validators

from app import roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.models import Course, District, ElectiveGroup, Major, MajorPlan, PlanModule, University
from app.models.graduation_rules import ExtraExamOption, Substitution


class DistrictView(MongoModelView):
    noun = _l("考籍管理区县")
    datamodel = MongoEngineInterface(District)
    class_permission_name = roles.DISTRICTS
    list_columns = ["code", "name", "phone", "active"]
    search_columns = ["code", "name", "active"]


class UniversityView(MongoModelView):
    noun = _l("主考院校")
    datamodel = MongoEngineInterface(University)
    class_permission_name = roles.UNIVERSITIES
    list_columns = ["code", "name", "contact"]


class MajorView(MongoModelView):
    noun = _l("专业")
    datamodel = MongoEngineInterface(Major)
    class_permission_name = roles.MAJORS
    list_columns = ["code", "name", "level", "university.name", "status"]
    label_columns = {"university.name": _l("主考院校")}
    search_columns = ["code", "name", "level", "university", "status"]


class CourseView(MongoModelView):
    noun = _l("课程")
    datamodel = MongoEngineInterface(Course)
    class_permission_name = roles.COURSES
    list_columns = ["code", "name", "credits", "kind"]
    search_columns = ["code", "name", "credits", "kind"]


class ElectiveGroupView(MongoModelView):
    noun = _l("选考课程组")
    datamodel = MongoEngineInterface(ElectiveGroup)
    class_permission_name = roles.ELECTIVE_GROUPS
    list_columns = ["module", "name", "choose", "courses"]


class PlanModuleView(MongoModelView):
    noun = _l("计划模块")
    datamodel = MongoEngineInterface(PlanModule)
    class_permission_name = roles.PLAN_MODULES
    list_columns = ["plan", "order", "name", "min_credits", "required_courses"]
    related_views = [ElectiveGroupView]


class SubstitutionView(MongoModelView):
    noun = _l("顶替规则")
    datamodel = MongoEngineInterface(Substitution)
    class_permission_name = roles.SUBSTITUTIONS
    list_columns = ["plan", "name", "replaces", "replacing", "min_credits", "valid_from", "valid_until"]
    add_columns = edit_columns = show_columns = ["plan", "name", "replaces", "replacing", "min_credits",
                                                 "valid_from", "valid_until", "note"]
    description_columns = {
        "replacing": _l("留空表示任何未在毕业审核中使用的合格课程均可用于顶替。"),
        "min_credits": _l("顶替课程的学分合计不能少于此数，如 13000 英语(专升本) 为 7。"),
        "valid_from": _l("只计此考次及以后取得的顶替课程，格式 年-月，如 2015-04；留空不限。"),
        "valid_until": _l("只计此考次及以前取得的顶替课程；留空不限。"),
    }
    # Either month may be left empty (no limit): the format is checked only on input, and empty is stored as none.
    validators_columns = {"valid_from": [validators.Optional()], "valid_until": [validators.Optional()]}

    def process_form(self, form, is_created):
        for name in ("valid_from", "valid_until"):
            form[name].data = form[name].data or None


class ExtraExamOptionView(MongoModelView):
    noun = _l("加考选项")
    datamodel = MongoEngineInterface(ExtraExamOption)
    class_permission_name = roles.EXTRA_EXAMS
    list_columns = ["plan", "order", "label", "courses", "explainable"]
    description_columns = {
        "courses": _l("选择此项的考生须另外通过这些课程；可以为空。"),
        "explainable": _l("缺少加考课程时，考生可填写情况说明，由审核人员认定。"),
    }


class MajorPlanView(MongoModelView):
    noun = _l("专业计划")
    datamodel = MongoEngineInterface(MajorPlan)
    class_permission_name = roles.PLANS
    list_columns = ["major", "total_min_credits", "note"]
    related_views = [PlanModuleView, SubstitutionView, ExtraExamOptionView]


VIEWS = (
    (DistrictView, "fa-map-marker"),
    (UniversityView, "fa-university"),
    (MajorView, "fa-graduation-cap"),
    (CourseView, "fa-book"),
    (MajorPlanView, "fa-sitemap"),
    (PlanModuleView, "fa-th-list"),
    (ElectiveGroupView, "fa-check-square-o"),
    (SubstitutionView, "fa-exchange"),
    (ExtraExamOptionView, "fa-plus-square"),
)
