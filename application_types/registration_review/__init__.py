"""Registration review 报考审核: everything the type is (docs/architecture.md, "Application types"). Candidates
do not apply for it: registering for a sitting that asks for a district review sends it (usecases/registrations.py)."""
from workflows.messages import approved, rejected
from workflows.types import ApplicationType, ship

from . import effects, guards  # noqa: F401  (they register the type's rules)
from .form import REGISTRATION_REVIEW_FORM
from .workflow import REGISTRATION_REVIEW

NOTICE = ("1. 本考次报考信息须经考区网上审核，审核通过后方可缴费，缴费成功即报考成功。\n"
          "2. 审核未通过的，请在报考截止前修改报考信息后重新提交。\n"
          "3. 报考截止前修改报考信息的，修改后的报考信息须重新审核。")
NOTICE_EN = ("1. Registrations for this sitting are reviewed online by the exam district; pay once approved, and "
              "the registration is complete once paid.\n"
              "2. If not approved, change the registration and submit it again before the deadline.\n"
              "3. A registration changed before the deadline is reviewed again.")
REASONS = ("所选报考考区与本人工作或居住地不符，请重新选择。", "所报课程不属于本人报考专业，请核对后重新提交。")

TYPE = ship(ApplicationType(
    REGISTRATION_REVIEW, REGISTRATION_REVIEW_FORM,
    order=5,
    notice=NOTICE,
    notice_en=NOTICE_EN,
    reasons=REASONS,
    messages=(approved("approved", "请在报考截止前登录平台缴纳报考费，缴费成功即报考成功。"),
              rejected(then="请在报考截止前修改报考信息后重新提交。")),
    applied_for=False,
))
