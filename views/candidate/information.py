"""The public information pages 信息查询 (seed 000 §1), open without signing in: majors and their plans, the coming
sitting's timetable, the districts' contacts, and the candidate manual to download."""
import io
from urllib.parse import quote

from flask import render_template, request, send_file

from app.models import District
from app.services import candidate_manual, majors, timetable

from .blueprint import bp

MANUAL_ASCII_NAME = "candidate-manual.pdf"  # for a browser that cannot read the Chinese name


def _as_typed(value):
    """A major code as the visitor typed it, short and printable, to name it back on the page."""
    return "".join(char for char in value[:20] if char.isprintable()).strip()


@bp.route("/majors")
def majors_list():
    return render_template("candidate/majors.html", levels=majors.by_levels(majors.listed()))


@bp.route("/majors/<code>")
def major(code):
    shown = majors.page(code)
    if shown is None:
        return render_template("candidate/majors.html", levels=majors.by_levels(majors.listed()),
                               unknown=_as_typed(code)), 404
    return render_template("candidate/major.html", shown=shown)


@bp.route("/timetable")
def exam_timetable():
    shown = timetable.timetable(timetable.coming_sitting(), _as_typed(request.args.get("major", "")))
    return render_template("candidate/timetable.html", shown=shown)


@bp.route("/districts")
def district_contacts():
    districts = list(District.objects(active=True).only("name", "address", "phone"))
    return render_template("candidate/districts.html", districts=districts)


@bp.route("/manual.pdf")
def manual():
    response = send_file(io.BytesIO(candidate_manual.render()), mimetype="application/pdf", max_age=3600)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{MANUAL_ASCII_NAME}\"; filename*=UTF-8''{quote(candidate_manual.FILENAME)}")
    return response
