"""PDF rendering time: pages with the embedded Chinese font, against a page of fpdf2's own with a core font.

Run: .venv/bin/python -m bench.pdf [rounds]
Renders, alternated within each of `rounds` rounds (default 30) so all see the same machine load:
- the floor: a blank A4 page of a bare fpdf2 FPDF set in Helvetica (a core font: nothing embedded, no CJK);
- a blank A4 page made by new_pdf() with the Chinese font set;
- a notice made by pdf.document(): an A4 page like the transfer certificate or a seating notice, with facts, a table
  of six courses and a paragraph of rules, about 300 Chinese characters;
- the graduation registration form 毕业生登记表 (A3, both sides, with the photo) of a demo candidate.
and prints the median milliseconds of each beside the floor. Before them, the first PDF of the process (a notice):
it loads the font.
"""
import statistics
import sys
import time

import bson
from fpdf import FPDF

import config
from app import create_app
from app.models import Application, Candidate, Score
from app.services import demo, pdf
from application_types.graduation import registration_form

TINY = ["3"]
RULES = ("一、考生须凭准考证和有效居民身份证原件，于每科考试开始前三十分钟进入考场，对号入座，并将两证放在桌面左上角，"
         "以备查验。二、开考十五分钟后不得入场，开考后六十分钟内不得交卷离场。三、除黑色字迹签字笔、二B铅笔、橡皮、"
         "直尺等必需文具外，不得携带手机、智能手表等任何通讯及存储设备进入考场。四、考生应自觉服从监考员管理，"
         "不得以任何理由妨碍监考员正常工作，违纪者按《国家教育考试违规处理办法》处理。")
COURSES = [("04月12日 08:30", "00015", "英语（二）", "第0312考场", "18"),
           ("04月12日 14:30", "03708", "中国近现代史纲要", "第0312考场", "18"),
           ("04月13日 08:30", "00226", "知识产权法", "第0415考场", "07"),
           ("04月13日 14:30", "00227", "公司法", "第0415考场", "07"),
           ("04月14日 08:30", "00247", "国际法", "第0108考场", "25"),
           ("04月14日 14:30", "13749", "民法学（二）", "第0108考场", "25")]
REGISTRATION = {
    "photo_source": "verified", "prior_school": "天津商业大学", "prior_major": "会计", "prior_level": "专科",
    "diploma_number": "100621201505001234", "ethnicity": "汉族", "political_status": "共青团员",
    "native_place": "天津市和平区", "health": "健康", "work_started": "2016-07", "occupation": "企业职员",
    "employer": "天津市和平区某贸易有限公司", "address": "天津市和平区南京路88号", "education_attained": "专科",
    "overseas_relative": "否", "rewards": "无", "works": "无",
    "self_assessment": "本人在参加高等教育自学考试期间，坚持工作与学习相结合，认真完成各门课程的学习与考核。" * 12,
    "resume": {"0": {"start": "2013-09", "end": "2016-07", "place": "天津商业大学会计专业学习"},
               "1": {"start": "2016-07", "end": "2024-12", "place": "天津市和平区某贸易有限公司会计"}},
    "family": {"0": {"name": "张国强", "relation": "父亲", "employer": "天津市第一机械厂", "position": "工人"}},
}


def floor():
    page = FPDF(format="A4")
    page.add_page()
    page.set_font("helvetica", size=11)
    return bytes(page.output())


def blank():
    page = pdf.new_pdf("A4", "空白页")
    page.add_page()
    page.set_font(pdf.FONT, size=11)
    return bytes(page.output())


def notice():
    facts = [("姓名", "张明"), ("身份证号", "120101199001011234"), ("准考证号", "080105408130"),
             ("考点", "天津市第一中学（和平区南京路二十号）")]
    table = (("考试时间", "课程代码", "课程名称", "考场", "座位号"), COURSES, (40, 25, 55, 35, 25))
    return pdf.document("高等教育自学考试考场座次通知单", facts, table, [RULES],
                        signature=("天津市高等教育自学考试办公室", "2026-03-20"))


def graduation(candidate):
    """张明's graduation in final review, its registration step filled and three passes locked to it (unsaved:
    the form needs no more)."""
    pk = bson.ObjectId()
    scores = [str(score.pk) for score in Score.objects(candidate=candidate, passed=True)[:3]]
    Score.objects(pk__in=scores).update(set__used_for_graduation=True, set__graduation=str(pk))
    return Application(id=pk, type="graduation", candidate=candidate, district=candidate.district,
                       major=candidate.major, candidate_name=candidate.name, exam_number=candidate.exam_number,
                       id_number=candidate.id_number, workflow_key="graduation", form_key="graduation",
                       state="final_review", data={"scores": scores, **REGISTRATION})


def timed(render):
    started = time.perf_counter()
    data = render()
    seconds = time.perf_counter() - started
    assert data.startswith(b"%PDF-")
    return seconds * 1000


def main(rounds=30):
    app = create_app(config.TestConfig)
    with app.test_request_context():
        demo.seed()
        application = graduation(Candidate.objects.get(exam_number="080105408130"))
        kinds = {"floor": floor, "blank": blank, "notice": notice,
                 "form": lambda: registration_form.render(application)}
        first = timed(notice)
        times = {name: [] for name in kinds}
        for _round in range(rounds):
            for name, render in kinds.items():
                times[name].append(timed(render))
    median = {name: statistics.median(values) for name, values in times.items()}
    base = median["floor"]
    print(f"rounds: {rounds}; median ms per PDF, and times the floor")
    print(f"first PDF of the process (a notice, the font loaded):  {first:7.1f} ms")
    print(f"floor: blank A4 page, fpdf2 core font (no CJK):        {base:7.1f} ms")
    for name, label in (("blank", "blank A4 page with the Chinese font:"),
                        ("notice", "pdf.document notice (A4, 6-course table, ~300 字):"),
                        ("form", "registration form 毕业生登记表 (A3, 2 pages):")):
        print(f"{label:<53}{median[name]:7.1f} ms  {median[name] / base:6.0f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
