"""The graduation registration form 毕业生登记表 (seed 004 §七) as an A3 PDF, printed double-sided in two copies,
signed by the candidate and stamped by their employer or street office, the district, the university and the
province.

Front: the personal data with the photo, the résumé, family, rewards, works and the self-assessment, which fills
the rest of the page; back: the scores used for graduation, the candidate's signature and the opinion boxes. A
self-assessment longer than the front continues at the top of the back. Every block is ruled cells drawn at known
positions; text that does not fit its cell is set smaller rather than spilling out.
"""
import io

from bson import ObjectId
from flask_babel import gettext as _

from app.models import Score
from app.models.candidate import SEXES
from app.services import files

from app.services.pdf import FONT, new_pdf

PAGE_WIDTH, PAGE_HEIGHT = 297, 420  # A3 portrait, mm
MARGIN = 15
WIDTH = PAGE_WIDTH - 2 * MARGIN
BOTTOM = PAGE_HEIGHT - MARGIN
LABEL = 26  # the label column of the personal data and of each block
PHOTO = (40, 50)  # the photo box; the photo fits inside it with a small border
ROW = 10  # a row of the personal data
LINE = 7.5  # a table row
SIZE = 10.5  # body text, pt
SMALLEST = 6
VERTICAL_FORMS = str.maketrans("（）", "︵︶")
CLOSING = "，。、；：？！”’）》」』】,.;:?!)"  # marks that never open a line
RESUME_ROWS, FAMILY_ROWS = 8, 6  # the form's printed rows: the most the registration step accepts


def render(application):
    """The filled 毕业生登记表 of a graduation application, as PDF bytes."""
    form = _Form(application)
    form.front()
    form.back()
    return bytes(form.pdf.output())


def _month(value):
    """"2015-09" as 2015年09月; anything else as it is."""
    if value and len(value) == 7 and value[4] == "-":
        return f"{value[:4]}年{value[5:]}月"
    return value or ""


def _vertical(label):
    """A label set down a tall cell, one character a line, brackets turned."""
    return "\n".join(label.translate(VERTICAL_FORMS))


def _slots(group):
    """The rows of a slotted group ({"0": {...}, "1": {...}}) in slot order."""
    return [row for _slot, row in sorted((group or {}).items(), key=lambda item: int(item[0]))]


def _photo(application):
    """The graduation photo: the one uploaded for it when the candidate chose a new one, else their verified
    identity photo; None when there is neither."""
    if application.data.get("photo_source") == "new":
        file_id = next((a.file_id for a in application.attachments if a.field == "photo"), None)
    else:
        verified = application.candidate.verified_photo_id
        file_id = ObjectId(verified) if verified else None
    stored = files.read(file_id) if file_id else None
    return stored[0] if stored else None


def _used_scores(application):
    """The scores locked to this graduation when its fee was paid (those its audit used, substitutions included), by
    course code: one query for the scores, one for their courses."""
    scores = Score.objects(graduation=str(application.pk), candidate=application.candidate)
    return sorted(scores.only("course", "mark", "grade", "sitting", "exam_number").select_related(),
                  key=lambda score: score.course.code)


class _Form:
    """The PDF being drawn and the application it shows."""

    def __init__(self, application):
        self.application = application
        self.candidate = application.candidate
        self.data = application.data
        self.pdf = new_pdf("A3", _("高等教育自学考试毕业生登记表"))
        self.pdf.set_auto_page_break(False)
        self.pdf.set_line_width(0.3)
        self.pdf.c_margin = 1.5

    # Drawing primitives

    def box(self, x, y, w, h, text="", align="C", size=SIZE, top=False, ruled=True):
        """A cell at (x, y): ruled, its text wrapped inside and, when it does not fit, set smaller. The cursor stays
        where it was."""
        if ruled:
            self.pdf.rect(x, y, w, h)
        text = "" if text is None else str(text)
        if not text:
            return
        cursor = self.pdf.x, self.pdf.y
        while True:
            self.pdf.set_font(FONT, size=size)
            height = size * 0.5
            lines = self.pdf.multi_cell(w, height, text, dry_run=True, output="LINES")
            if len(lines) * height <= h - 1 or size <= SMALLEST:
                break
            size -= 0.5
        self.pdf.set_xy(x, y + 1 if top else y + (h - len(lines) * height) / 2)
        self.pdf.multi_cell(w, height, text, align=align)
        self.pdf.set_xy(*cursor)

    def row(self, cells, height, x=MARGIN):
        """Cells side by side at the current line: (text, width) or (text, width, align); the line moves down."""
        y = self.pdf.y
        for text, width, *align in cells:
            self.box(x, y, width, height, text, *align)
            x += width
        self.pdf.set_y(y + height)

    def room(self, height):
        """Go to a new page unless `height` mm fit above the bottom margin. True when a page was added."""
        if self.pdf.y + height <= BOTTOM:
            return False
        self.page()
        return True

    def page(self):
        """A new page; after the first, a line naming whose form it is, so a loose page can be put back."""
        self.pdf.add_page()
        self.pdf.set_y(MARGIN)
        if self.pdf.page_no() > 1:
            self.pdf.set_font(FONT, size=9)
            self.pdf.cell(WIDTH, 6, _("《毕业生登记表》第%(page)d页　姓名：%(name)s　准考证号：%(number)s",
                                      page=self.pdf.page_no(), name=self.candidate.name,
                                      number=self.candidate.exam_number), align="R")
            self.pdf.set_y(MARGIN + 8)

    def lines(self, text, width):
        """`text` broken into lines of `width` mm at body size, punctuation that would open a line hung at the end
        of the line before (the lines are broken one character short, so a hung mark stays inside)."""
        self.pdf.set_font(FONT, size=SIZE)
        lines = []
        for line in self.pdf.multi_cell(width - SIZE * 0.36, 1, text, dry_run=True, output="LINES"):
            if lines and lines[-1] and line[:1] in CLOSING:
                lines[-1] += line[0]
                if len(line) == 1:
                    continue
                line = line[1:]
            lines.append(line)
        return lines

    # The front

    def front(self):
        self.page()
        self.pdf.set_font(FONT, size=22)
        self.pdf.cell(WIDTH, 14, _("高等教育自学考试毕业生登记表"), align="C")
        self.pdf.set_y(MARGIN + 20)
        self.personal()
        self.resume()
        self.family()
        self.row([(_("参加自学考试期间受到过何种奖励或处分"), LABEL), (self.data.get("rewards"), WIDTH - LABEL, "L")], 22)
        self.row([(_("有何发明创造和著作"), LABEL), (self.data.get("works"), WIDTH - LABEL, "L")], 22)
        self.self_assessment()

    def personal(self):
        """The personal data, three pairs to a row, with the photo box beside the first five rows."""
        candidate, data, major = self.candidate, self.data, self.application.major
        value = (WIDTH - PHOTO[0] - 3 * LABEL) / 3
        wide = 2 * value + LABEL
        birth = candidate.birth_date
        sex = dict(SEXES).get(candidate.sex, "")
        prior = " ".join(filter(None, (data.get("prior_school"), data.get("prior_major"), data.get("prior_level"))))
        if data.get("diploma_number"):
            prior += _("　毕业证书编号：%(number)s", number=data["diploma_number"])

        def pair(label, text, width=value, label_width=LABEL):
            return [(label, label_width), (text, width)]

        top = self.pdf.y
        rows = [
            [*pair(_("姓名"), candidate.name), *pair(_("性别"), sex),
             *pair(_("出生日期"), f"{birth.year}年{birth.month:02d}月{birth.day:02d}日" if birth else "")],
            [*pair(_("民族"), data.get("ethnicity")), *pair(_("政治面貌"), data.get("political_status")),
             *pair(_("籍贯"), data.get("native_place"))],
            [*pair(_("身份证号"), candidate.id_number), *pair(_("准考证号"), candidate.exam_number),
             *pair(_("健康状况"), data.get("health"))],
            [*pair(_("已取得学历"), data.get("education_attained")), *pair(_("职业"), data.get("occupation")),
             *pair(_("参加工作时间"), _month(data.get("work_started")))],
            [*pair(_("专业"), f"{major.code} {major.name}（{major.level}）" if major else "", wide),
             *pair(_("主考院校"), major.university.name if major else "")],
            [*pair(_("考籍管理区县"), candidate.district.name), *pair(_("联系电话"), candidate.phone),
             *pair(_("是否华侨港澳台属"), data.get("overseas_relative"), value + PHOTO[0] - 14, LABEL + 14)],
            pair(_("工作单位"), data.get("employer"), WIDTH - LABEL),
            pair(_("详细住址"), data.get("address"), WIDTH - LABEL),
            pair(_("前置学历"), prior, WIDTH - LABEL),
        ]
        for cells in rows:
            self.row(cells, ROW)
        self.photo(MARGIN + WIDTH - PHOTO[0], top)

    def photo(self, x, y):
        width, height = PHOTO
        self.pdf.rect(x, y, width, height)
        content = _photo(self.application)
        if content is None:
            self.box(x, y, width, height, _("照片"), size=12, ruled=False)
        else:
            self.pdf.image(io.BytesIO(content), x + 2.5, y + 2.5, width - 5, height - 5, keep_aspect_ratio=True)

    def block(self, label, headings, widths, rows, count):
        """A labelled table: its label down the left, column headings, then `count` rows (blank ones to fill)."""
        top = self.pdf.y
        self.row(list(zip(headings, widths, strict=True)), LINE, MARGIN + LABEL)
        for values in rows + [("",) * len(widths)] * (count - len(rows)):
            self.row(list(zip(values, widths, strict=True)), LINE, MARGIN + LABEL)
        self.box(MARGIN, top, LABEL, self.pdf.y - top, _vertical(label))

    def resume(self):
        rows = [(_month(r.get("start")), _month(r.get("end")), r.get("place")) for r in _slots(self.data.get("resume"))]
        self.block(_("本人主要简历"), (_("自何年何月"), _("至何年何月"), _("在何地何单位学习或工作")),
                   (36, 36, WIDTH - LABEL - 72), rows, RESUME_ROWS)

    def family(self):
        rows = [(r.get("name"), r.get("relation"), r.get("employer"), r.get("position"))
                for r in _slots(self.data.get("family"))]
        self.block(_("家庭主要成员"), (_("姓名"), _("关系"), _("工作单位"), _("职务")),
                   (36, 24, WIDTH - LABEL - 116, 56), rows, FAMILY_ROWS)

    def self_assessment(self):
        """The text wraps at the box's width and fills the front; what is left continues on the back."""
        width = WIDTH - LABEL
        height = SIZE * 0.55
        lines = self.lines(self.data.get("self_assessment") or "", width)
        label = _("自我鉴定")
        while True:
            top = self.pdf.y
            fits = int((BOTTOM - top - 4) // height)
            shown, lines = lines[:fits], lines[fits:]
            bottom = BOTTOM if self.pdf.page_no() == 1 or lines else top + len(shown) * height + 4
            self.box(MARGIN, top, LABEL, bottom - top, _vertical(label))
            self.pdf.rect(MARGIN + LABEL, top, width, bottom - top)
            self.pdf.set_font(FONT, size=SIZE)
            for number, line in enumerate(shown):
                self.pdf.set_xy(MARGIN + LABEL, top + 2 + number * height)
                self.pdf.cell(width, height, line)
            self.pdf.set_y(bottom)
            if not lines:
                return
            self.page()
            label = _("自我鉴定（续）")

    # The back

    def back(self):
        self.scores()
        self.signature()
        self.opinions()

    def scores(self):
        """The scores used, one row each, the headings repeated on a new page, then the total credits."""
        widths = (14, 24, WIDTH - 142, 20, 18, 30, 36)
        headings = (_("序号"), _("课程代码"), _("课程名称"), _("成绩"), _("学分"), _("考试时间"), _("准考证号"))
        scores = _used_scores(self.application)
        self.room(3 * LINE + 9)
        self.row([(_("课程成绩"), WIDTH)], 9)
        self.row(list(zip(headings, widths, strict=True)), LINE)
        for number, score in enumerate(scores, start=1):
            if self.room(LINE):
                self.row(list(zip(headings, widths, strict=True)), LINE)
            values = (number, score.course.code, score.course.name, score.display_mark, score.course.credits,
                      _month(score.sitting), score.exam_number)
            self.row(list(zip(values, widths, strict=True)), LINE)
        self.room(LINE)
        self.row([(_("合计"), sum(widths[:4])), (sum(score.course.credits for score in scores), widths[4]),
                  (_("共%(count)d门课程", count=len(scores)), widths[5] + widths[6])], LINE)

    def signature(self):
        self.room(4 + ROW + ROW + 4)
        self.pdf.set_y(self.pdf.y + 4)
        self.row([(_("本人已认真核对以上内容，保证所填信息真实、准确。"), WIDTH, "L")], ROW)
        self.row([(_("本人签名"), LABEL), ("", WIDTH / 2 - LABEL), (_("日期"), LABEL),
                  (_("年　　月　　日"), WIDTH / 2 - LABEL)], ROW + 4)

    def opinions(self):
        """Four boxes, two to a row, each with room for the opinion, a stamp and a date; they fill the page."""
        titles = (_("所在单位（学校）或乡镇（街道办事处）鉴定意见（盖章）"), _("考籍管理区县意见（盖章）"),
                  _("主考院校意见（盖章）"), _("省自学考试委员会审定意见（盖章）"))
        self.pdf.set_y(self.pdf.y + 4)
        width, height = WIDTH / 2, max(62, (BOTTOM - self.pdf.y) / 2)  # the rest of the page, if that is more
        for first in range(0, len(titles), 2):
            self.room(height)
            top = self.pdf.y
            for column, title in enumerate(titles[first:first + 2]):
                x = MARGIN + column * width
                self.pdf.rect(x, top, width, height)
                self.box(x + 2, top + 2, width - 4, 12, title, "L", top=True, ruled=False)
                self.box(x + 2, top + height - 12, width - 8, 10, _("年　　月　　日"), "R", ruled=False)
            self.pdf.set_y(top + height)


def registration_filled(application):
    """The graduation registration step is filled, in final review or once approved."""
    return application.state in ("final_review", "approved") and "resume" in application.data
