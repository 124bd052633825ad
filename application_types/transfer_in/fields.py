"""Transfer in 转入: the step check that says, on the courses step, what its submission guard also refuses
(forms.checks): each course once, each mark a whole number."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forms.checks import step_check


@step_check("transfer_courses_valid", _l("转入的课程没有重复，且成绩为整数（转入）"))
def transfer_courses_valid(context, values):
    """Courses transferred in: each course once, each mark a whole number; the messages show above the courses."""
    entries = list((values.get("courses") or {}).values())
    codes = [entry.get("course") for entry in entries]
    repeated = sorted({code for code in codes if code and codes.count(code) > 1})
    problems = []
    if repeated:
        problems.append(_("课程 %(courses)s 填写了多次，每门课程只填写一项。", courses="、".join(repeated)))
    if any(entry.get("mark") is not None and entry["mark"] != int(entry["mark"]) for entry in entries):
        problems.append(_("成绩为60–100的整数。"))
    return {"courses": problems} if problems else {}
