"""The catalogue's field kinds, for any form: a province, a major, a district, a course, courses of a major's plan,
and an on-site review slot."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import Course, District, ElectiveGroup, Major, MajorPlan, PlanModule, Score
from app.services import publication, slots
from app.wording import bracketed

from .kinds import field_kind

PROVINCES = ("北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
             "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
             "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省",
             "宁夏回族自治区", "新疆维吾尔自治区", "台湾省", "香港特别行政区", "澳门特别行政区")


def _once(context, name, load):
    """What `load()` reads, once per form context however many fields of the kind a page shows."""
    if name not in context.cache:
        context.cache[name] = load()
    return context.cache[name]


def majors(context, spec_field, describing=False):
    return _once(context, "majors", lambda: [(m.code, str(m)) for m in Major.objects(status__ne="closed").only(
        "code", "name")])


def plan_courses(context, major_code, include_passed=False):
    """(code, label) of the courses in the major's plan; those already passed (as far as the candidate sees) or
    claimed only if asked for."""
    plan = MajorPlan.objects(major=Major.objects(code=major_code).only("id").first()).first()
    if plan is None:
        return []
    modules = list(PlanModule.objects(plan=plan))
    codes = [c.code for m in modules for c in m.required_courses]
    codes += [c.code for g in ElectiveGroup.objects(module__in=modules) for c in g.courses]
    passed = set()
    if not include_passed:
        passed_ids = publication.visible(Score.objects(candidate=context.candidate, passed=True)).distinct("course")
        passed = {c.code for c in Course.objects(id__in=[getattr(p, "id", p) for p in passed_ids]).only("code")}
        passed |= context.claimed
    catalogue = {c.code: c for c in Course.objects(code__in=codes)}
    ordered = dict.fromkeys(c for c in codes if c not in passed and c in catalogue)
    return [(code, _("%(name)s（%(code)s），%(credits)d学分", name=catalogue[code].name, code=code,
                     credits=catalogue[code].credits)) for code in ordered]


def course_picker(context, spec_field, describing=False):
    """The courses of the major the sibling field `source` names."""
    if not spec_field.source:
        return []
    return plan_courses(context, context.values.get(spec_field.source), include_passed=describing)


def _level(code):
    return {"_level": Major.objects(code=code).scalar("level").first()}


def _slot_scope(context):
    if "slot_scope" not in context.cache:
        context.cache["slot_scope"] = slots.scope(context.candidate, context.kind)
    return context.cache["slot_scope"]


def review_slot(context, spec_field, describing=False):
    """The slots of the candidate's scope (their district's, and those their business type names)."""
    chosen = context.values.get(spec_field.name)
    if describing:
        return [(chosen, slots.label(chosen))] if chosen else []
    return [(value, label, {"disabled": True} if full and value != chosen else {})
            for value, label, full in slots.choices(_slot_scope(context))]


def _provinces(context, spec_field, describing=False):
    return [(p, p) for p in PROVINCES]


def _districts(context, spec_field, describing=False):
    return _once(context, "districts", lambda: [(d.code, d.name) for d in District.objects(active=True).only(
        "code", "name")])


def _courses(context, spec_field, describing=False):
    return _once(context, "courses", lambda: [(c.code, c.name + bracketed(c.code)) for c in Course.objects.only(
        "code", "name").order_by("code")])


field_kind("province", "choice", _l("省份"), _l("从全国各省、自治区、直辖市中选一个。"), choices=_provinces)
# A major answer also keeps the major's level (e.g. prior education is asked for 本科 only).
field_kind("major", "choice", _l("专业"), _l("从开考的专业中选一个；同时记下该专业的层次（本科或专科）。"),
           choices=majors, records=_level, recorded={"_level": _l("层次")})
field_kind("district", "choice", _l("区县"), _l("从各考籍管理区县中选一个。"), choices=_districts)
field_kind("course", "choice", _l("课程"), _l("从课程目录中选一门。"), choices=_courses)
field_kind("course_picker", "choices", _l("专业计划中的课程"),
           _l("从考生所选专业的计划中勾选课程，已通过的不列出；须指定提供专业的字段。"), choices=course_picker)
field_kind("review_slot", "choice", _l("现场审核批次"), _l("考生选择现场审核的时间和地点，额满的批次不能选。"),
           choices=review_slot, facts=lambda context, spec_field: _slot_scope(context).description,
           refusal=lambda context, spec_field: _slot_scope(context).refusal)
