"""The demo's coming sitting: registration open from the start of this month, its timetable over one weekend for
the demo majors' courses, and exam sites with rooms in every district. [INVENTED]: the manuals show none."""
import datetime

from app.models import ExamRoom, ExamSite, Sitting, TimetableEntry

from . import demo_catalogue as data

HALF_DAYS = (("am", "09:00", "11:30"), ("pm", "14:30", "17:00"))
ROOMS_PER_SITE = 3
RULES = ("一、考生凭准考证和有效身份证件入场，按座次号就座，将证件放在桌面左上角。\n"
         "二、开考前30分钟入场，开考15分钟后不得入场，开考后60分钟内不得交卷出场。\n"
         "三、除规定的文具外，不得携带手机等通讯工具、电子设备和书籍资料进入座位。\n"
         "四、考试期间保持安静，不得交头接耳、偷看他人答卷或传递物品。\n"
         "五、考试结束信号发出后立即停止答题，将试卷、答题卡和草稿纸整理好放在桌上，经监考人员允许后离场。")
BROCHURE = ("一、报考对象：不受性别、年龄、民族、种族和已受教育程度的限制，均可报考。\n"
            "二、报考方式：考生在报考时间内登录考生服务平台，选择报考考区、专业和课程，预览确认后提交并缴费，"
            "缴费成功即报考成功。\n"
            "三、每次最多报考4门课程，同一半天只能报考一门课程。处于停考过渡期的专业不接收新生报考。\n"
            "四、报考截止前可修改报考信息，以最后一次提交的为准；已缴纳的报考费不予退还。\n"
            "五、准考证打印时间内，请登录平台打印考场座次通知单，并遵守考场规则。")


def coming_code(today):
    """The next April or October sitting after `today`, e.g. 2027-04 on 2026-12-01."""
    if today.month < 4:
        return f"{today.year}-04"
    return f"{today.year}-10" if today.month < 10 else f"{today.year + 1}-04"


def _exam_weekend(code):
    """The second Saturday of the sitting's month."""
    first = datetime.date(int(code[:4]), int(code[5:]), 1)
    return first + datetime.timedelta(days=(5 - first.weekday()) % 7 + 7)


def seed(districts, majors, courses, today=None):
    """The coming sitting with its timetable, and each district's sites and rooms; how many records were made."""
    today = today or datetime.date.today()
    code = coming_code(today)
    made = 0
    sitting = Sitting.objects(code=code).first()
    if sitting is None or sitting.registration_opens_at is None:
        opens = datetime.datetime.combine(today.replace(day=1), datetime.time())
        saturday = _exam_weekend(code)
        sitting = sitting or Sitting(code=code)
        sitting.registration_opens_at, sitting.registration_closes_at = opens, opens + datetime.timedelta(days=60)
        sitting.print_opens_at = datetime.datetime.combine(saturday - datetime.timedelta(days=10), datetime.time())
        sitting.print_closes_at = datetime.datetime.combine(saturday + datetime.timedelta(days=2), datetime.time())
        sitting.course_fee, sitting.brochure, sitting.exam_rules = 30, BROCHURE, RULES
        sitting.save()
        made += 1
    if not TimetableEntry.objects(sitting=sitting).first():
        made += _seed_timetable(sitting, majors, courses)
    for district in districts.values():
        if not ExamSite.objects(district=district).first():
            made += _seed_sites(district)
    return made


def _seed_timetable(sitting, majors, courses):
    """Each plan course the sitting offers, spread over the weekend's four half-days; offered to the majors whose
    plans hold it."""
    offering = {}
    for major_code, plan in data.PLANS.items():
        for module in plan["modules"]:
            codes = module["required"] + [c for group in module["elective_groups"] for c in group["courses"]]
            for course in codes:
                if courses[course].kind == "theory":
                    offering.setdefault(course, []).append(majors[major_code])
    saturday = _exam_weekend(sitting.code)
    for index, course in enumerate(sorted(offering)):
        day = saturday + datetime.timedelta(days=index // 2 % 2)
        half, starts, ends = HALF_DAYS[index % 2]
        TimetableEntry(sitting=sitting, course=courses[course], day=day, half=half, starts=starts, ends=ends,
                       majors=offering[course]).save()
    return len(offering)


def _seed_sites(district):
    site = ExamSite(district=district, code=district.code[-4:] + "01", name=f"{district.name}第一中学",
                    address=f"{district.name}学府路1号")
    site.save()
    for number in range(1, ROOMS_PER_SITE + 1):
        ExamRoom(site=site, number=str(number)).save()
    return 1 + ROOMS_PER_SITE
