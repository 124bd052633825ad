"""Graduation 毕业申请: everything the type is (docs/architecture.md, "Application types")."""
import decimal

from flask_babel import lazy_gettext as _l

from app.services.graduation_audit import recorded
from workflows.messages import ABOUT, SiteMessage, approved, lines, rejected, reminder
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
NOTICE_EN = ("1. Before applying, the graduation pre-check shows whether you meet the requirements.\n"
              "2. Once the district's pre-review passes, pay the graduation fee online in time; the fee is not "
              "refunded.\n"
              "3. After paying, fill in the graduate registration form, print, sign and stamp it, and hand it in as "
              "asked.")
REASONS = ("毕业照片不符合要求。", "前置学历信息与证书不符。", "请上传姓名更改证明。")
_REGISTER = "请在“我的申请”中填写毕业生登记表，打印后签字盖章，按要求提交。"
MESSAGES = (
    SiteMessage("approve", "awaiting_payment", "毕业申请初审通过，请缴纳毕业审定费",
                lines(ABOUT + "已于 {时间} 通过考区初审。", "请在办理时间内到“我的申请”中缴纳毕业审定费，缴费后进入毕业审定；"
                      "费用缴纳后不予退还。")),
    rejected(),
    SiteMessage("pay", "final_review", "已收到毕业审定费",
                lines(ABOUT + "的毕业审定费已于 {时间} 缴纳，申请已进入毕业审定。", _REGISTER)),
    SiteMessage("waive", "final_review", "毕业申请初审通过",
                lines(ABOUT + "已于 {时间} 通过考区初审，免交毕业审定费，已进入毕业审定。", _REGISTER)),
    approved(then="毕业证书的领取请留意考试院的通知。"),
    SiteMessage("reject", "not_approved", "毕业审定未通过", lines(ABOUT + "于 {时间} 毕业审定未通过。", "理由：{意见}")),
    SiteMessage("expire", "cancelled", "毕业申请因逾期未缴费已取消",
                lines(ABOUT + "未在缴费期限内缴纳毕业审定费，已于 {时间} 自动取消，所预约的现场审核名额已释放。",
                      "如需继续办理，请在办理时间内重新申请。")),
    reminder(),
)

TYPE = ship(ApplicationType(
    GRADUATION, GRADUATION_FORM,
    order=90,
    notice=NOTICE,
    notice_en=NOTICE_EN,
    reasons=REASONS,
    messages=MESSAGES,
    documents={"registration-form": Document(_l("毕业生登记表"), render, registration_filled)},
    panels=(Panel(_l("毕业条件审核（提交时）"), "graduation/_audit_panel.html", recorded),),
    pages=(Page("/graduation/check", "graduation_check", pre_audit),),
    links=(Link("home", _l("毕业条件预判"), endpoint="candidate.graduation_check"),),
    demo=demo_terms,
))
