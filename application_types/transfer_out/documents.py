"""Transfer out 转出: the certificate 转出证明 the candidate downloads once the transfer is approved."""
from flask_babel import gettext as _

from app.models import Score
from app.services import pdf


def transfer_certificate(application):
    """转出证明: who, where to, and the scores that went, each with its course, mark, credits and sitting."""
    data = application.data
    approved = [item.key for item in application.items if item.decision == "approved"]
    scores = sorted(Score.objects(pk__in=approved, candidate=application.candidate), key=lambda s: s.sitting)
    approved_at = next((h.at for h in reversed(application.history) if h.event == "approve"), None)
    facts = [(_("姓名"), application.candidate_name), (_("身份证号"), application.id_number),
             (_("准考证号"), application.exam_number), (_("转入地"), data.get("province")),
             (_("转入准考证号"), data.get("exam_number")), (_("转入层次"), data.get("level")),
             (_("转入专业"), data.get("major")), (_("转出原因"), data.get("reason"))]
    rows = [(s.course.code, s.course.name, s.display_mark, s.course.credits, s.sitting) for s in scores]
    table = ((_("课程代码"), _("课程名称"), _("成绩"), _("学分"), _("考试时间")), rows, (25, 75, 20, 20, 30))
    total = sum(s.course.credits for s in scores)
    notes = [_("以上 %(count)d 门课程共 %(credits)d 学分已办理转出，不再计入本省考籍。", count=len(scores), credits=total)]
    date = approved_at.strftime("%Y-%m-%d") if approved_at else ""
    return pdf.document(_("高等教育自学考试课程转出证明"), facts, table, notes,
                        signature=(_("高等教育自学考试办公室"), date))
