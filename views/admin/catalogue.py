"""The catalogue: districts, universities, majors, courses and major plans."""
from flask_babel import lazy_gettext as _l

from app import roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.models import Course, District, ElectiveGroup, Major, MajorPlan, PlanModule, University


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
    list_columns = ["code", "name", "level", "university", "status"]
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


class MajorPlanView(MongoModelView):
    noun = _l("专业计划")
    datamodel = MongoEngineInterface(MajorPlan)
    class_permission_name = roles.PLANS
    list_columns = ["major", "total_min_credits", "note"]
    related_views = [PlanModuleView]


VIEWS = (
    (DistrictView, "fa-map-marker"),
    (UniversityView, "fa-university"),
    (MajorView, "fa-graduation-cap"),
    (CourseView, "fa-book"),
    (MajorPlanView, "fa-sitemap"),
    (PlanModuleView, "fa-th-list"),
    (ElectiveGroupView, "fa-check-square-o"),
)
