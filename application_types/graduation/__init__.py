"""Graduation 毕业申请: everything the type is (docs/architecture.md, "Application types")."""
import decimal

from flask_babel import lazy_gettext as _l

from app.services.graduation_audit import recorded
from workflows.types import ApplicationType, Document, Link, Page, Panel, ship

from . import effects, fields, guards  # noqa: F401  (they register the type's rules)
from .form import GRADUATION_FORM
from .pages import pre_audit
from .registration_form import registration_filled, render
from .workflow import GRADUATION

FEE = decimal.Decimal("300.00")  # [INVENTED] the manuals leave the amount blank


def demo_terms(kind):
    """The graduation fee 毕业审定费 and one resubmission after a pre-review rejection (seed 004)."""
    if kind.fee is None:
        kind.fee, kind.resubmission_limit = FEE, 1
        kind.save()


NOTICE = ("1. 申请前可先通过“毕业条件预判”查看是否符合毕业条件。\n"
          "2. 考区初审通过后，须在规定时间内网上缴纳毕业审定费；费用缴纳后不予退还。\n"
          "3. 缴费后请填写毕业生登记表，打印后签字盖章，按要求提交。")
REASONS = ("毕业照片不符合要求。", "前置学历信息与证书不符。", "请上传姓名更改证明。")

TYPE = ship(ApplicationType(
    GRADUATION, GRADUATION_FORM,
    order=90,
    notice=NOTICE,
    reasons=REASONS,
    documents={"registration-form": Document(_l("毕业生登记表"), render, registration_filled)},
    panels=(Panel(_l("毕业条件审核（提交时）"), "graduation/_audit_panel.html", recorded),),
    pages=(Page("/graduation/check", "graduation_check", pre_audit),),
    links=(Link("home", _l("毕业条件预判"), endpoint="candidate.graduation_check"),),
    demo=demo_terms,
))
