"""The public information pages 信息查询, open without signing in: majors and their plans, the coming sitting's
timetable, the districts' contacts and the candidate manual; each reads a fixed number of times through indexes."""
import datetime
import re
from urllib.parse import quote

import pypdfium2 as pdfium
import pytest

from app.models import (Course, District, ElectiveGroup, Major, MajorPlan, PlanModule, Sitting, TimetableEntry,
                        University)
from app.services import candidate_manual, timetable
from bench.roundtrips import counting
from tests.fixtures import candidate_client, text
from tests.test_queue_indexes import declared, served

LAW, ZHANG = "030101K", "080105408130"
JUNK = ["999999", "法学", "\x00", "x" * 300, "<img src=x onerror=alert(1)>", "$ne"]


def coming():
    """The demo's coming sitting: the one it opened registration for."""
    return Sitting.objects(registration_opens_at__ne=None).order_by("-code").first()


def majors_shown(major):
    return " 、 ".join(f"{m.code} {m.name}" for m in sorted(major, key=lambda m: m.code))


def test_the_major_list_shows_open_and_phasing_out_majors_with_level_and_university(client, world):
    Major.objects(code="690206").update(status="phase_out")
    Major.objects(code="120103").update(status="closed")

    page = text(client.get("/majors"))

    for major in Major.objects(status__in=("open", "phase_out")):
        assert f"{major.code} {major.name} {major.university.name} {major.get_status_display()}" in page
    assert "690206 行政管理 山西大学 停考过渡期" in page
    assert "120103" not in page
    assert page.index("专科") < page.index("690206") < page.index("本科(专升本)") < page.index(LAW)


def test_a_majors_page_shows_its_plan_course_by_course_without_anyones_scores(client, world):
    page = text(client.get(f"/majors/{LAW}"))

    major = Major.objects.get(code=LAW)
    plan = MajorPlan.objects.get(major=major)
    assert f"{LAW} {major.name} 层次 本科(专升本) 主考院校 {major.university.name} 状态 开考" in page
    assert f"毕业最低总学分 {plan.total_min_credits}" in page
    groups = 0
    for module in PlanModule.objects(plan=plan):
        assert f"{module.name} 最低学分 {module.min_credits}" in page
        for course in module.required_courses:
            assert f"{course.code} {course.name} {course.credits}" in page
        for group in ElectiveGroup.objects(module=module):
            assert f"{group.name}（{len(group.courses)}选{group.choose}）" in page
            assert all(f"{course.code} {course.name} {course.credits}" in page for course in group.courses)
            groups += 1
    assert groups, "the plan has an elective group to show"
    assert "已得" not in page and "未考" not in page


def test_a_major_in_phase_out_says_it_takes_no_new_candidates(client, world):
    Major.objects(code=LAW).update(status="phase_out")

    assert "状态 停考过渡期 不接收新生报考" in text(client.get(f"/majors/{LAW}"))


def test_a_major_code_is_found_whatever_its_case(client, world):
    assert "毕业最低总学分" in text(client.get(f"/majors/{LAW.lower()}"))


@pytest.mark.parametrize("code", JUNK + ["120103"])
def test_an_unknown_or_closed_major_is_named_back_above_the_list(client, world, code):
    Major.objects(code="120103").update(status="closed")

    response = client.get(f"/majors/{quote(code, safe='')}")

    assert response.status_code == 404
    page = text(response)
    assert "没有找到专业代码为“" in page and f"{LAW} 法学" in page
    assert "<img" not in response.get_data(True)


def test_the_timetable_shows_the_coming_sittings_windows_and_each_course_by_day_and_half_day(client, world):
    sitting = coming()

    page = text(client.get("/timetable"))

    assert f"{sitting.title}考试" in page
    assert (f"报考时间 {sitting.registration_opens_at:%Y-%m-%d %H:%M} 至 {sitting.registration_closes_at:%Y-%m-%d %H:%M}"
            in page)
    assert f"准考证打印时间 {sitting.print_opens_at:%Y-%m-%d %H:%M} 至 {sitting.print_closes_at:%Y-%m-%d %H:%M}" in page
    entries = list(TimetableEntry.objects(sitting=sitting))
    assert entries
    for entry in entries:
        weekday = "星期" + "一二三四五六日"[entry.day.weekday()]
        its_day = re.split(r"\d{4}-\d{2}-\d{2} 星期", page.split(f"{entry.day:%Y-%m-%d} {weekday} ")[1])[0]
        row = f"{entry.starts}–{entry.ends} {entry.course.code} {entry.course.name} {majors_shown(entry.majors)}"
        assert row in its_day
        before = its_day.split(row)[0]
        assert max(("上午", "下午"), key=before.rfind) == ("上午" if entry.half == "am" else "下午")


def test_the_timetable_filtered_by_a_major_lists_only_its_courses(client, world):
    law = Major.objects.get(code=LAW)

    page = text(client.get(f"/timetable?major={LAW.lower()}"))

    entries = list(TimetableEntry.objects(sitting=coming()))
    assert any(law in entry.majors for entry in entries) and not all(law in entry.majors for entry in entries)
    for entry in entries:
        assert (f"{entry.course.code} {entry.course.name}" in page) == (law in entry.majors), entry.course.code
    assert f'<option value="{LAW}" selected>' in client.get(f"/timetable?major={LAW}").get_data(True)


@pytest.mark.parametrize("code", JUNK)
def test_a_timetable_filter_on_an_unknown_major_says_so_and_shows_every_course(client, world, code):
    response = client.get("/timetable", query_string={"major": code})

    assert response.status_code == 200
    page = text(response)
    if code.isprintable():  # nothing readable to name back is no filter
        assert "本次考试没有专业代码为“" in page and "下面是全部课程的考试安排" in page
    assert all(f"{e.course.code} {e.course.name}" in page for e in TimetableEntry.objects(sitting=coming()))
    assert "<img" not in response.get_data(True) and "\x00" not in response.get_data(True)


def _sitting(code, registration=None, printing=None):
    sitting = Sitting(code=code)
    if registration:
        sitting.registration_opens_at, sitting.registration_closes_at = map(datetime.datetime.fromisoformat, registration)
    if printing:
        sitting.print_opens_at, sitting.print_closes_at = map(datetime.datetime.fromisoformat, printing)
    return sitting.save()


def _day(iso):
    return datetime.datetime.fromisoformat(iso)


def test_the_coming_sitting_is_the_nearest_with_a_window_open_or_to_come_else_the_latest_timetabled(app_ctx):
    autumn = _sitting("2026-10", ("2026-07-01", "2026-08-01"), ("2026-10-01", "2026-10-20"))
    spring = _sitting("2027-04", ("2027-01-01", "2027-03-01"), ("2027-04-01", "2027-04-20"))
    later = _sitting("2027-10", ("2027-04-10", "2027-05-10"))
    TimetableEntry(sitting=autumn, course=Course(code="00001", name="课程", credits=1).save(),
                   day=datetime.date(2026, 10, 10), half="am", starts="09:00", ends="11:30").save()

    assert timetable.coming_sitting(_day("2027-02-01")) == spring  # registering
    assert timetable.coming_sitting(_day("2027-03-15")) == spring  # its print window to come
    assert timetable.coming_sitting(_day("2027-04-15")) == spring  # printing, while 2027-10 registers already
    assert timetable.coming_sitting(_day("2027-04-25")) == later
    assert timetable.coming_sitting(_day("2027-06-01")) == autumn  # all over: the latest with a timetable


def test_without_any_sitting_the_timetable_says_there_is_none(client):
    assert "暂无考试安排，请关注新闻通知。" in text(client.get("/timetable"))


def test_a_coming_sitting_without_its_timetable_says_it_is_not_out_yet(client, world):
    TimetableEntry.objects(sitting=coming()).delete()

    page = text(client.get("/timetable"))

    assert f"{coming().title}考试" in page and "本次考试的课程安排尚未公布。" in page


def test_the_district_contacts_list_each_district_in_use_with_address_and_phone(client, world):
    closed = District.objects.order_by("-code").first()
    closed.update(active=False)
    District.objects(code="120104").update(unset__address=True, unset__phone=True)

    response = client.get("/districts")

    page = text(response)
    for district in District.objects(active=True, code__ne="120104"):
        assert district.address and district.phone
        assert f"{district.name} {district.address} {district.phone}" in page
        assert f'href="tel:{district.phone}"' in response.get_data(True)
    assert "南开区 暂未公布 暂未公布" in page
    assert closed.name not in page and closed.phone not in page


def test_the_manual_downloads_as_a_chinese_pdf_that_renders(app, client, tmp_path):
    response = client.get("/manual.pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"filename*=UTF-8''{quote('考生使用手册.pdf')}" in disposition
    document = pdfium.PdfDocument(response.data)
    shown = "".join(page.get_textpage().get_text_range() for page in document)
    source = candidate_manual.SOURCE.read_text(encoding="utf-8")
    headings = re.findall(r"^##+ (.+)$", source, re.M)
    assert len(headings) >= 6 and all(heading in shown for heading in headings), "every section is in the PDF"
    for name in ("注册", "身份认证", "报考", "缴费", "考场座次通知单", "免考申请"):
        assert name in shown
    for number, page in enumerate(document):
        image = page.render(scale=1).to_pil()
        image.save(tmp_path / f"manual-{number + 1}.png")
        assert image.convert("L").getextrema()[0] < 80, "the page has dark text on it"
    with app.app_context():
        assert candidate_manual.render() is candidate_manual.render(), "made once per process"


def test_the_manuals_lines_never_start_with_a_closing_mark():
    width = 30  # characters of one unit each
    lines = candidate_manual.lines("甲乙丙，丁戊。" * 20, width, len)

    assert all(len(line) <= width for line in lines) and "".join(lines) == "甲乙丙，丁戊。" * 20
    assert not [line for line in lines if line[0] in "，。"]


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_front_page_and_the_home_lead_to_each_information_page(app, world, signed_in):
    client = candidate_client(app, ZHANG) if signed_in else app.test_client()

    html = client.get("/home" if signed_in else "/").get_data(True)

    for href, shown in (("/majors", "专业查询"), ("/timetable", "考试安排"), ("/districts", "考籍管理区县联系方式"),
                        ("/manual.pdf", "考生使用手册")):
        assert re.search(rf'href="{href}"[^>]*>[^<]*{shown}', html), href
        assert client.get(href).status_code == 200


PAGES = ["/majors", f"/majors/{LAW}", "/majors/000000", "/timetable", f"/timetable?major={LAW}", "/timetable?major=x",
         "/districts"]


def _read(app, client, url):
    """The RoundTrips of a second visit to `url` (a first visit may set up what a session keeps)."""
    client.get(url)
    with app.app_context(), counting() as trips:
        assert client.get(url).status_code in (200, 404), url
    return trips


def _grow(count):
    """`count` more majors, each with its university, in the law plan and the timetable, and `count` districts."""
    law = Major.objects.get(code=LAW)
    module = PlanModule.objects(plan=MajorPlan.objects.get(major=law)).first()
    sitting = coming()
    for n in range(count):
        university = University(code=f"9{n:04d}", name=f"新大学{n}").save()
        major = Major(code=f"99{n:04d}", name=f"新专业{n}", level="本科", university=university).save()
        course = Course(code=f"9{n:04d}", name=f"新课程{n}", credits=3).save()
        module.required_courses.append(course)
        TimetableEntry(sitting=sitting, course=course, day=datetime.date(2027, 4, 1) + datetime.timedelta(days=n),
                       half="pm", starts="14:30", ends="16:30", majors=[law, major]).save()
        District(code=f"99{n:04d}", name=f"新区县{n}", address=f"新路{n}号", phone=f"022-6000{n:04d}").save()
    module.save()


def test_each_page_reads_as_often_whatever_it_lists(app, client, world):
    before = {url: _read(app, client, url).mongo for url in PAGES}
    _grow(25)

    after = {url: _read(app, client, url).mongo for url in PAGES}

    assert after == before
    assert max(before.values()) <= 6 and before["/districts"] == 1
    assert "新课程24" in text(client.get(f"/timetable?major={LAW}")) and "新区县24" in text(client.get("/districts"))


def test_the_timetable_falling_back_to_the_latest_timetabled_sitting_reads_once_more(app, client, world):
    regular = _read(app, client, "/timetable").mongo
    Sitting.objects.update(unset__registration_closes_at=True, unset__print_closes_at=True)

    fallback = _read(app, client, "/timetable")

    assert fallback.mongo == regular + 1 and len(fallback.reads("timetable")) == 2  # which sittings have one
    assert f"{coming().title}考试" in text(client.get("/timetable"))


def test_every_query_of_the_information_pages_is_served_by_a_declared_index(app, client, world):
    unserved = []
    for phase in ("coming", "fallback"):
        if phase == "fallback":
            Sitting.objects.update(unset__registration_closes_at=True, unset__print_closes_at=True)
        for url in PAGES:
            trips = _read(app, client, url)
            with app.app_context():
                unserved += [(url, query.collection, query.filter, query.sort) for query in trips.queries
                             if not served(query.filter, query.sort, declared(query.collection))]

    assert unserved == [], "\n".join(map(str, unserved))
