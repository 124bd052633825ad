"""The catalogue's field kinds, for any form: a province, a major, a district, a course, courses of a major's plan,
and an on-site review slot."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import Course, District, ElectiveGroup, Major, MajorPlan, PlanModule, Score
from app.services import slots

from .kinds import field_kind

PROVINCES = ("北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
             "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
             "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省",
             "宁夏回族自治区", "新疆维吾尔自治区", "台湾省", "香港特别行政区", "澳门特别行政区")


def majors(context, spec_field, describing=False):
    return [(m.code, str(m)) for m in Major.objects(status__ne="closed").only("code", "name")]


def plan_courses(context, major_code, include_passed=False):
    """(code, label) of the courses in the major's plan; those already passed or claimed only if asked for."""
    plan = MajorPlan.objects(major=Major.objects(code=major_code).only("id").first()).first()
    if plan is None:
        return []
    modules = list(PlanModule.objects(plan=plan))
    codes = [c.code for m in modules for c in m.required_courses]
    codes += [c.code for g in ElectiveGroup.objects(module__in=modules) for c in g.courses]
    passed = set()
    if not include_passed:
        passed_ids = Score.objects(candidate=context.candidate, passed=True).distinct("course")
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


field_kind("province", "choice", choices=lambda context, spec_field, describing=False: [(p, p) for p in PROVINCES],
           label=_l("省份"))
# A major answer also keeps the major's level (e.g. prior education is asked for 本科 only).
field_kind("major", "choice", choices=majors, records=_level, recorded=("_level",), label=_l("专业"))
field_kind("district", "choice", choices=lambda context, spec_field, describing=False: [
    (d.code, d.name) for d in District.objects(active=True).only("code", "name")], label=_l("区县"))
field_kind("course", "choice", choices=lambda context, spec_field, describing=False: [
    (c.code, f"{c.name}（{c.code}）") for c in Course.objects.only("code", "name").order_by("code")], label=_l("课程"))
field_kind("course_picker", "choices", choices=course_picker, label=_l("专业计划中的课程"))
field_kind("review_slot", "choice", choices=review_slot, label=_l("现场审核批次"), facts=lambda context, spec_field: _slot_scope(context).description,
           refusal=lambda context, spec_field: _slot_scope(context).refusal)
