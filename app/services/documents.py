"""Documents a candidate downloads for an application of a type: type -> name -> Document.

The candidate pages offer the documents of the application's type that are available to it now: by default once
it ended approved; a document may say otherwise (the graduation registration form is printed, signed and stamped
before the decision). Adding one is an entry here, no view changes.
"""
from dataclasses import dataclass
from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import Score
from workflows.engine import workflow_of

from . import pdf, registration_form


def ended_approved(application):
    """The application reached a final state of its workflow by an approval."""
    return (application.state in workflow_of(application).final and bool(application.history)
            and application.history[-1].event == "approve")


def registration_filled(application):
    """The graduation registration step is filled, in final review or once approved."""
    return application.state in ("final_review", "approved") and "resume" in application.data


@dataclass(frozen=True)
class Document:
    title: str
    render: Callable  # application -> PDF bytes
    available: Callable = ended_approved  # application -> whether the candidate may download it now


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


DOCUMENTS = {
    "transfer_out": {"transfer-certificate": Document(_l("转出证明"), transfer_certificate)},
    "graduation": {"registration-form": Document(_l("毕业生登记表"), registration_form.render, registration_filled)},
}


def offered(application):
    """{name: Document} the candidate may download for this application now: its type's that are available."""
    return {name: document for name, document in DOCUMENTS.get(application.type, {}).items()
            if document.available(application)}
