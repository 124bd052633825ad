"""Score recheck 成绩复核: everything the type is (docs/architecture.md, "Application types")."""
from workflows.messages import forwarded, rejected
from workflows.types import ApplicationType, ship

from . import effects, fields, guards, inputs  # noqa: F401  (they register the type's rules)
from .form import RECHECK_FORM
from .workflow import RECHECK

NOTICE = ("1. 只能对最近一次考试的成绩申请复核，须在成绩公布后3个工作日内提交。\n"
          "2. 提交后请上传加盖考区公章的复核申请表。\n"
          "3. 复核结果以站内消息通知，请到报考考区领取成绩复核告知单。")
NOTICE_EN = ("1. Only scores of the latest sitting can be rechecked, within 3 working days after they are "
              "published.\n"
              "2. After submitting, upload the request form stamped by your exam district.\n"
              "3. The result is sent as a site message; collect the recheck notice at your exam district.")
REASONS = ("复核申请表未加盖考区公章。", "所选成绩不在复核期限内。")

TYPE = ship(ApplicationType(
    RECHECK, RECHECK_FORM,
    order=80,
    notice=NOTICE,
    notice_en=NOTICE_EN,
    reasons=REASONS,
    messages=(forwarded("provincial_review", "复核结果将另行通知。"), rejected()),
))
