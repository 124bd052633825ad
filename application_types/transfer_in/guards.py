"""Transfer in 转入: the check its submission passes."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from workflows.registry import guard


@guard("transfer_courses_valid", label=_l("转入的课程没有重复，且成绩为整数"))
def transfer_courses_valid(context):
    """Courses transferred in: each course once, each mark a whole number."""
    entries = list((context.data.get("courses") or {}).values())
    codes = [entry.get("course") for entry in entries]
    repeated = sorted({code for code in codes if code and codes.count(code) > 1})
    if repeated:
        return _("课程 %(courses)s 填写了多次，每门课程只填写一项。", courses="、".join(repeated))
    if any(entry.get("mark") is not None and entry["mark"] != int(entry["mark"]) for entry in entries):
        return _("成绩为60–100的整数。")
    return None
