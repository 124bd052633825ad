"""The seating notice 准考证 / 考场座次通知单 (seed 002 §5): an A4 page with the candidate's photo, name, exam and ID
numbers, each paid course with its date and time, site, room and seat, and the sitting's exam rules."""
import io
from dataclasses import dataclass

from bson import ObjectId
from flask_babel import gettext as _
from fpdf.fonts import FontFace

from app.models import Course, TimetableEntry
from app.models.references import reference_id
from app.models.sitting import HALVES
from app.services import arrangement, files
from app.services.arrangement import SeatLine
from app.services.pdf import FONT, new_pdf

PHOTO = (30, 40)  # mm: a one-inch photo's box
MARGIN = 15


@dataclass(frozen=True)
class Line:
    """One course of the notice: its seat (app/services/arrangement.SeatLine), its name and its times."""

    seat: SeatLine
    name: str
    times: str

    @property
    def when(self):
        return f"{self.seat.day:%Y-%m-%d} {dict(HALVES)[self.seat.half]} {self.times}"


def lines(registration):
    """The registration's seated courses with their seats, by time (a seat of a course dropped since the
    arrangement is not one); four queries whatever their number. Empty until the arrangement has seated them."""
    seats = [seat for seat in arrangement.seats_for(registration) if seat.course in registration.seated]
    if not seats:
        return []
    courses = {c["_id"]: c for c in Course._get_collection().find({"code": {"$in": [s.course for s in seats]}},
                                                                   {"code": 1, "name": 1})}
    times = {courses[e["course"]]["code"]: f"{e['starts']}–{e['ends']}" for e in TimetableEntry._get_collection().find(
        {"sitting": reference_id(registration, "sitting"), "course": {"$in": list(courses)}},
        {"course": 1, "starts": 1, "ends": 1})}
    names = {c["code"]: c["name"] for c in courses.values()}
    return [Line(seat, names.get(seat.course, ""), times.get(seat.course, "")) for seat in seats]


def render(registration, candidate, rows):
    """The notice as PDF bytes."""
    sitting = registration.sitting
    title = _("%(sitting)s高等教育自学考试考场座次通知单", sitting=sitting.title)
    pdf = new_pdf("A4", title)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_page()
    pdf.set_font(FONT, size=17)
    pdf.cell(0, 12, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    top = pdf.get_y()
    _photo(pdf, candidate, pdf.w - MARGIN - PHOTO[0], top)
    pdf.set_font(FONT, size=11)
    for label, value in ((_("姓名"), candidate.name), (_("准考证号"), candidate.exam_number),
                         (_("证件号码"), candidate.id_number), (_("报考考区"), registration.district.name),
                         (_("报考专业"), str(registration.major))):
        pdf.cell(24, 8, f"{label}：")
        pdf.cell(pdf.w - 2 * MARGIN - PHOTO[0] - 30, 8, value, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), top + PHOTO[1]) + 5)
    pdf.set_font(FONT, size=9.5)
    headings = (_("考试时间"), _("课程"), _("考点"), _("考场"), _("座位号"))
    with pdf.table(col_widths=(44, 46, 60, 15, 15), text_align=("LEFT", "LEFT", "LEFT", "CENTER", "CENTER"),
                   line_height=6, headings_style=FontFace(emphasis=None, fill_color=(235, 235, 235))) as grid:
        grid.row(headings)
        for line in rows:
            grid.row((line.when, f"{line.seat.course} {line.name}",
                      f"{line.seat.site_name}\n{line.seat.site_address or ''}".strip(), line.seat.room_number,
                      str(line.seat.seat)))
    pdf.ln(6)
    pdf.set_font(FONT, size=12)
    pdf.cell(0, 8, _("考场规则"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9.5)
    pdf.multi_cell(0, 5.5, sitting.exam_rules or _("请遵守考场规则，诚信参考。"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _photo(pdf, candidate, x, y):
    """The verified identity photo in its box, or the empty box with 照片 where there is none."""
    pdf.rect(x, y, *PHOTO)
    stored = files.read(ObjectId(candidate.verified_photo_id)) if candidate.verified_photo_id else None
    if stored is None:
        pdf.set_font(FONT, size=10)
        pdf.set_xy(x, y + PHOTO[1] / 2 - 3)
        pdf.cell(PHOTO[0], 6, _("照片"), align="C")
        pdf.set_xy(MARGIN, y)
        return
    pdf.image(io.BytesIO(stored[0]), x=x + 1, y=y + 1, w=PHOTO[0] - 2, h=PHOTO[1] - 2, keep_aspect_ratio=True)
    pdf.set_xy(MARGIN, y)
