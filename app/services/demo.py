"""Demo data: the manuals' real majors, courses and scores, some generated candidates, staff accounts.

`seed()` is idempotent: every record is looked up by its natural key first.
"""
import datetime
import random

from flask import current_app

from app import roles
from app.models import (BusinessType, Candidate, Course, District, ElectiveGroup, Major, MajorPlan, Message,
                        News, PlanModule, Score, Sitting, University)
from app.models.graduation_rules import ExtraExamOption, Substitution
from app.passwords import shared_hash
from app.services import demo_catalogue as data
from app.services import demo_sitting
from app.services import slots
from app.services.demo_photos import store_verified_photo
from app.services.idcard import with_check_digit

DEMO_PASSWORD = "demo2024"
GENERATED_CANDIDATES = 36
# Every demo candidate is verified: with their registration photo, or, every sixth generated one, in person at the
# district (seed 002 §4), which leaves no photo to reuse.
ON_SITE_EVERY = 6

# (user name, role, first name, last name, district code, university code)
STAFF = (
    ("admin", roles.ADMIN, "系统", "管理员", None, None),
    ("heping", roles.DISTRICT_REVIEWER, "和平区", "审核员", "120101", None),
    ("hedong", roles.DISTRICT_REVIEWER, "河东区", "审核员", "120102", None),
    ("hexi", roles.DISTRICT_REVIEWER, "河西区", "审核员", "120103", None),
    ("nankai", roles.DISTRICT_REVIEWER, "南开区", "审核员", "120104", None),
    ("xining", roles.DISTRICT_REVIEWER, "西宁市", "审核员", "630100", None),
    ("xiaodian", roles.DISTRICT_REVIEWER, "小店区", "审核员", "140105", None),
    ("province", roles.PROVINCIAL_REVIEWER, "考试院", "审核员", None, None),
    ("tjnu", roles.UNIVERSITY_REVIEWER, "天津师范大学", "审核员", None, "10065"),
)

# Names and birth years for the real-data candidates of the manuals' worked examples.
_EXAMPLE_PEOPLE = {"c1": ("张明", 1995, "M"), "c2": ("李华", 1990, "F"), "c3": ("王芳", 1992, "F"),
                   "c4": ("赵强", 2000, "M")}
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
          "霞", "平", "刚", "桂英", "子涵", "浩然", "欣怡", "宇轩")


def _upsert(model, key, **values):
    """Find by `key`, create with `values` if absent. Existing records are left as they are."""
    existing = model.objects(**key).first()
    if existing is not None:
        return existing, False
    item = model(**key, **values)
    item.save()
    return item, True


def _id_number(district_code, birth, serial, sex):
    # The 17th digit is odd for men, even for women.
    serial = serial * 2 + (1 if sex == "M" else 0)
    return with_check_digit(f"{district_code}{birth:%Y%m%d}{serial % 1000:03d}")


def seed():
    """Load everything; return how many records of each kind were created."""
    created = {}

    def count(name, was_created):
        created[name] = created.get(name, 0) + int(was_created)

    universities = {}
    for row in data.UNIVERSITIES:
        universities[row["name"]], new = _upsert(University, {"code": row["code"]}, name=row["name"])
        count("universities", new)
    districts = {}
    for row in data.DISTRICTS:
        districts[row["code"]], new = _upsert(District, {"code": row["code"]}, name=row["name"],
                                              address=row["address"], phone=row["phone"])
        count("districts", new)
    majors = {}
    for row in data.MAJORS:
        majors[row["code"]], new = _upsert(Major, {"code": row["code"]}, name=row["name"], level=row["level"],
                                           university=universities[row["university"]], status=row["status"])
        count("majors", new)
    courses = {}
    for row in data.COURSES:
        courses[row["code"]], new = _upsert(Course, {"code": row["code"]}, name=row["name"],
                                            credits=row["credits"], kind=row["kind"])
        count("courses", new)
    for major_code, plan in data.PLANS.items():
        count("plans", _seed_plan(majors[major_code], plan, courses))

    people = _seed_example_candidates(districts, majors)
    people.update(_seed_old_records(people))
    people.update(_seed_generated_candidates(districts, majors))
    created["candidates"] = sum(new for _candidate, new in people.values())
    for row in data.SCORES + list(OLD_SCORES) + _generated_scores(people):
        count("scores", _seed_score(people[row["candidate"]][0], row, courses))
    created["staff"] = _seed_staff()
    created["news"] = sum(_upsert(News, {"title": title}, body=body, published=True)[1] for title, body in DEMO_NEWS)
    created["messages"] = _seed_messages(people)
    _open_windows()
    created["review slots"] = slots.seed_demo(districts.values())
    created["sittings"] = _seed_latest_sitting()
    created["timetable and exam sites"] = demo_sitting.seed(districts, majors, courses)
    return created


def _seed_latest_sitting():
    """The latest sitting's scores were published at midnight, so its scores show and score recheck 成绩复核 can be
    tried; its candidates were told then (the demo's messages are those it seeds)."""
    latest = Score.objects(source="exam").order_by("-sitting").only("sitting").first()
    if latest is None or Sitting.objects(code=latest.sitting).first():
        return 0
    midnight = datetime.datetime.combine(datetime.date.today(), datetime.time())
    Sitting(code=latest.sitting, scores_published_at=midnight, scores_announced_at=midnight).save()
    return 1


DEMO_NEWS = (
    ("关于开展本年度下半年免考申请工作的通知", "免考申请已开放，请考生在办理时间内登录考生服务平台申请，并按要求上传凭证。"),
    ("考生服务平台上线试运行", "考生可在平台办理注册、身份认证、免考、成绩归一等业务，查询考试计划与成绩。"),
)


def _seed_messages(people):
    """A notice to everyone, and one to 张明 about his old record."""
    made = 0
    if not Message.objects(recipient=None, title="欢迎使用考生服务平台").first():
        Message(title="欢迎使用考生服务平台", body="办理业务前，请先完成身份认证。", sender="考试院").save()
        made += 1
    zhang = people["c1"][0]
    if not Message.objects(recipient=zhang).first():
        Message(recipient=zhang, district=zhang.district, title="请办理成绩归一",
                body="您名下另有准考证号 019901234567 及档案号 0301012345 的成绩，请申请成绩归一（合档）。",
                sender="和平区招办").save()
        made += 1
    return made


def _open_windows():
    """In the demo every business window is open: from the start of this month for a year."""
    start = datetime.datetime.combine(datetime.date.today().replace(day=1), datetime.time())
    for kind in BusinessType.objects(opens_at=None):
        kind.opens_at, kind.closes_at = start, start.replace(year=start.year + 1)
        kind.save()


def _seed_plan(major, plan, courses):
    major_plan, new = _upsert(MajorPlan, {"major": major}, total_min_credits=plan["total_min_credits"])
    _seed_plan_rules(major_plan, plan, courses)
    if not new:
        return False
    for order, module in enumerate(plan["modules"], start=1):
        plan_module = PlanModule(plan=major_plan, order=order, name=module["name"], name_en=module.get("name_en"),
                                 min_credits=module["min_credits"],
                                 required_courses=[courses[c] for c in module["required"]])
        plan_module.save()
        for group in module["elective_groups"]:
            ElectiveGroup(module=plan_module, name=group["name"], name_en=group.get("name_en"), choose=group["choose"],
                          courses=[courses[c] for c in group["courses"]]).save()
    return True


def _seed_plan_rules(major_plan, plan, courses):
    """The plan's substitutions 顶替 and extra-exam options 加考选项, each found by its name first."""
    for rule in plan.get("substitutions", ()):
        _upsert(Substitution, {"plan": major_plan, "name": rule["name"]}, min_credits=rule["min_credits"],
                replaces=[courses[c] for c in rule["replaces"]], replacing=[courses[c] for c in rule["replacing"]],
                note=rule["note"])
    for order, option in enumerate(plan.get("extra_exam_options", ()), start=1):
        _upsert(ExtraExamOption, {"plan": major_plan, "label": option["label"]}, order=order,
                courses=[courses[c] for c in option["courses"]], explainable=option["explainable"])


def _new_candidate(exam_number, id_number, name, sex, birth, phone, district, major, on_site=False):
    """A verified candidate: with a verified registration photo, or `on_site` (verified at the district) without."""
    candidate = Candidate(exam_number=exam_number, id_number=id_number, name=name, sex=sex, birth_date=birth,
                          phone=phone, district=district, major=major, identity_verified=True,
                          verified_photo_id=None if on_site else store_verified_photo(int(exam_number[-3:])),
                          password_hash=shared_hash(DEMO_PASSWORD))  # one hash for all: hashing is slow on purpose
    candidate.save()
    return candidate


def _seed_example_candidates(districts, majors):
    people = {}
    for index, row in enumerate(data.CANDIDATES, start=1):
        name, year, sex = _EXAMPLE_PEOPLE[row["key"]]
        exam_number = row["exam_nos"][0]
        existing = Candidate.objects(exam_number=exam_number).first()
        if existing:
            people[row["key"]] = (existing, False)
            continue
        birth = datetime.date(year, 3, index)
        people[row["key"]] = (_new_candidate(
            exam_number, _id_number(row["district"], birth, index, sex), name, sex, birth,
            f"1380000{index:04d}", districts[row["district"]], majors[row["major"]]), True)
    return people


# 张明's record from before "一人一号" [INVENTED]: imported with his old 15-digit ID and another exam number,
# holding a pass of 00226 he later passed again, and a pre-2003 score under a 10-digit file number.
OLD_RECORDS = ({"key": "c1_old", "of": "c1", "exam_number": "019901234567", "id_number": "120101950301003",
                "phone": "13800009001"},)
OLD_SCORES = (
    {"candidate": "c1_old", "exam_no": "019901234567", "course": "00226", "mark": 65, "sitting": "2000-10",
     "source": "exam"},
    {"candidate": "c1_old", "exam_no": "0301012345", "course": "00261", "mark": 70, "sitting": "2001-04",
     "source": "exam"},
)


def _seed_old_records(people):
    records = {}
    for row in OLD_RECORDS:
        existing = Candidate.objects(exam_number=row["exam_number"]).first()
        if existing:
            records[row["key"]] = (existing, False)
            continue
        person = people[row["of"]][0]
        records[row["key"]] = (_new_candidate(row["exam_number"], row["id_number"], person.name, person.sex,
                                              person.birth_date, row["phone"], person.district, person.major), True)
    return records


def _seed_generated_candidates(districts, majors):
    """More candidates across districts and majors, each with a few scores, so lists have rows."""
    rng = random.Random(2024)
    district_list = [districts[d["code"]] for d in data.DISTRICTS]
    major_list = list(majors.values())
    people = {}
    for index in range(1, GENERATED_CANDIDATES + 1):
        key = f"g{index}"
        exam_number = _generated_exam_number(index)
        existing = Candidate.objects(exam_number=exam_number).first()
        if existing:
            people[key] = (existing, False)
            continue
        district = district_list[index % len(district_list)]
        sex = "M" if index % 2 else "F"
        birth = datetime.date(1985 + index % 15, 1 + index % 12, 1 + index % 28)
        name = _SURNAMES[index % len(_SURNAMES)] + rng.choice(_GIVEN)
        people[key] = (_new_candidate(exam_number, _id_number(district.code, birth, 100 + index, sex), name, sex,
                                      birth, f"1390000{index:04d}", district, major_list[index % len(major_list)],
                                      on_site=index % ON_SITE_EVERY == 0), True)
    return people


def _generated_exam_number(index):
    return f"24{index:010d}"


def _generated_scores(people):
    """Three passed courses of each generated candidate's plan, at recent sittings."""
    rows = []
    for key, (candidate, _new) in people.items():
        if not key.startswith("g"):
            continue
        required = [c for m in data.PLANS[candidate.major.code]["modules"] for c in m["required"]]
        number = int(key[1:])
        for offset, course in enumerate(required[:3]):
            rows.append({"candidate": key, "exam_no": candidate.exam_number, "course": course,
                         "mark": 60 + (number * 7 + offset * 11) % 40, "sitting": ("2023-04", "2023-10", "2024-04")[offset],
                         "source": "exam"})
    return rows


def _seed_score(candidate, row, courses):
    """A score as the manual shows it. Its 是否使用 ("used") is what the audit finds, not a graduation that used it:
    no score is locked to a graduation until one is paid for."""
    course = courses[row["course"]]
    key = {"candidate": candidate, "course": course, "sitting": row["sitting"], "exam_number": row["exam_no"]}
    mark = row["mark"]
    values = {"grade": mark} if isinstance(mark, str) else {"mark": mark}
    return _upsert(Score, key, source=row["source"], **values)[1]


def _seed_staff():
    """Staff accounts in FAB's security store; returns how many were created."""
    security = current_app.appbuilder.sm
    made = 0
    for username, role_name, first, last, district_code, university_code in STAFF:
        if security.find_user(username=username):
            continue
        user = security.add_user(username, first, last, f"{username}@demo.zikao.local",
                                 [security.find_role(role_name)], password=DEMO_PASSWORD)
        user.district_code = district_code
        user.university_code = university_code
        security.session.commit()
        made += 1
    return made


def accounts_text():
    """The demo accounts, as printed when the demo server starts."""
    lines = [f"Staff (admin UI at /admin/, password {DEMO_PASSWORD}):"]
    for username, role_name, first, last, _district, _university in STAFF:
        lines.append(f"  {username:<10} {role_name:<20} {first}{last}")
    lines.append(f"Candidates (log in at /account/login with exam number or ID number, password {DEMO_PASSWORD}):")
    for candidate in Candidate.objects(exam_number__in=[row["exam_nos"][0] for row in data.CANDIDATES]):
        lines.append(f"  {candidate.exam_number}  {candidate.id_number}  {candidate.name}  {candidate.major}")
    on_site = Candidate.objects(exam_number=_generated_exam_number(ON_SITE_EVERY)).first()
    if on_site:
        lines.append(f"  {on_site.exam_number}  {on_site.id_number}  {on_site.name}  {on_site.major}"
                     "  (verified on site: no identity photo)")
    return "\n".join(lines)
