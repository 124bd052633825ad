"""Candidate pages with tables on a 390 px phone, and at 1366 px: a date, exam number, course code or ID number stays
on one line (the table scrolls sideways inside its card instead, or reads as a block per row), no button is out of
sight, and the page itself never scrolls sideways."""
import pytest

from application_types.graduation.tests.test_graduation import graduation_open, slot, submitted  # noqa: F401
from app.models import Application, Feedback, Message
from tests.browser.test_pages_in_browser import sign_in_candidate
from tests.fixtures import candidate_client
from tests.workflows.fixtures import open_window, review, staff_client, submitted_many
from workflows.engine import Actor

ZHANG = "080105408130"

# Each typed value in the cells of the page's tables and lists of facts, with the lines it takes and the page's
# width against the screen's.
TYPED_VALUES = r"""() => {
  const value = /\d{4}-\d{2}(?:-\d{2})?(?: \d{2}:\d{2})?|\d{17}[\dXx]|[A-Z]*\d{5,16}[A-Z]?/g, found = [];
  for (const cell of document.querySelectorAll("main td, main th, main dd")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(value)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
        found.push({value: match[0], lines: tops.size, cell: cell.innerText.slice(0, 40)});
      }
    }
  }
  const hidden = Array.from(document.querySelectorAll("main a.button, main button"))
    .filter(b => b.offsetParent && b.getBoundingClientRect().right > window.innerWidth).map(b => b.innerText);
  return {found, hidden, page: document.documentElement.scrollWidth, screen: window.innerWidth};
}"""


@pytest.fixture
def zhang_has_applications(app, world, graduation_open, slot):
    """张明 with a graduation awaiting its fee, an exemption the district refused, and a feedback and a message."""
    from app.models import Candidate

    zhang = Candidate.objects.get(exam_number=ZHANG)
    graduation = submitted(candidate_client(app, ZHANG), zhang, slot)
    heping = staff_client(app, "heping")
    review(heping, graduation, "approve")
    open_window("exemption")
    exemption, = submitted_many(zhang, Actor.for_candidate(zhang), 1)
    review(heping, exemption, "reject", comment="凭证不清晰，请重新上传")
    Feedback(candidate=zhang, title="成绩查询很慢", content="晚上查询成绩要等很久。", contact="张明",
             phone="13800000001").save()
    Message(recipient=zhang, title="请办理成绩归一", body="您有两个准考证号。").save()
    return {"graduation": Application.objects.get(pk=graduation.pk), "exemption": exemption}


PAGES = ["/scores", "/plan", "/graduation/check", "/scores/duplicates", "/applications", "/apply/exemption",
         "/apply/graduation", "/applications/{exemption}", "/applications/{graduation}",
         "/applications/{graduation}/payment", "/messages", "/feedback", "/profile", "/home"]


def test_typed_values_stay_on_one_line_on_a_phone_and_a_desktop(page, zhang_has_applications, shots):
    sign_in_candidate(page)
    ids = {name: application.pk for name, application in zhang_has_applications.items()}
    checked = 0
    for path in PAGES:
        url = path.format(**ids)
        assert page.open(url).status == 200, url
        shown = page.tab.evaluate(TYPED_VALUES)
        shots(page, "tables" + url.replace("/", "-"))
        broken = [(found["value"], found["cell"]) for found in shown["found"] if found["lines"] > 1]
        assert not broken, f"{url}: {broken} wrap"
        assert shown["page"] <= shown["screen"], f"{url}: the page is {shown['page']} px wide on a {shown['screen']} px screen"
        assert not shown["hidden"], f"{url}: {shown['hidden']} out of sight"
        checked += len(shown["found"])
    assert checked > 100, "the pages showed the values this test is about"
    # The refused exemption's files are ids the fixture made up, with nothing stored: their images are not found.
    assert [problem for problem in page.violations() if "404 (NOT FOUND)" not in problem] == []


# The lines each part of a transferred score's 准考证号 cell takes, and how far each table box scrolls sideways.
EARNED_UNDER = r"""(number) => {
  const cell = Array.from(document.querySelectorAll("main td")).find(td => td.innerText.includes(number));
  const lines = (text) => {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(text);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      return Array.from(new Set(Array.from(range.getClientRects(), r => Math.round(r.top))));
    }
    return [];
  };
  const boxes = Array.from(document.querySelectorAll("main .table-wrap"), box => box.scrollWidth - box.clientWidth);
  return {province: lines("江西省"), number: lines(number), boxes, page: document.documentElement.scrollWidth,
          screen: window.innerWidth};
}"""


def test_a_transferred_scores_province_and_number_wrap_between_them_on_a_phone(phone, world, shots):
    from app.models import Candidate, Course, Score

    zhang = Candidate.objects.get(exam_number=ZHANG)
    taken = {score.course.pk for score in Score.objects(candidate=zhang)}
    course = next(course for course in Course.objects if course.pk not in taken)
    Score(candidate=zhang, exam_number=zhang.exam_number, course=course, grade="合格", sitting="2019-10",
          source="transfer_in", from_province="江西省", from_exam_number="360101234567").save()
    sign_in_candidate(phone)

    assert phone.open("/scores").status == 200
    shown = phone.tab.evaluate(EARNED_UNDER, "360101234567")
    shots(phone, "tables-scores-transferred")

    assert len(shown["province"]) == 1 and len(shown["number"]) == 1, shown  # each part whole
    assert shown["number"][0] > shown["province"][0], shown  # the number on the line below its province
    assert all(overflow <= 0 for overflow in shown["boxes"]), f"a score table scrolls sideways by {shown['boxes']} px"
    assert shown["page"] <= shown["screen"], shown
