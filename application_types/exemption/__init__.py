"""Course exemption 免考: everything the type is (docs/architecture.md, "Application types")."""
from workflows.messages import approved, forwarded, rejected
from workflows.types import ApplicationType, ship

from . import effects  # noqa: F401  (they register the type's rules)
from .form import EXEMPTION_FORM
from .workflow import EXEMPTION

NOTICE = ("1. 请如实填写申请信息，上传真实、清晰、完整的凭证图片，文字方向朝上。\n"
          "2. 可以一次选择多门课程；一门课程需要多种凭证时，请使用“新增凭证”。\n"
          "3. 提交后在审核前可以修改并重新提交；审核不通过的，可在办理时间内修改后重新提交。\n"
          "4. 审核通过的课程将以“免考”记入成绩，成绩显示为“通过”。")
NOTICE_EN = ("1. Fill in the application truthfully and upload real, clear and complete images of your vouchers, "
              "text upright.\n"
              "2. You may choose several courses at once; where a course needs several vouchers, use “Add "
              "voucher”.\n"
              "3. Until it is reviewed you may edit and resubmit; if it is not approved, you may edit and resubmit "
              "within the application period.\n"
              "4. Approved courses are recorded as exempted, with the result “Passed”.")
REASONS = ("凭证图片不清晰，请重新上传。", "凭证与所申请免考的课程不对应。", "缺少电子注册备案表或学历认证报告。", "凭证信息与图片不一致。")

TYPE = ship(ApplicationType(
    EXEMPTION, EXEMPTION_FORM,
    order=10,
    notice=NOTICE,
    notice_en=NOTICE_EN,
    reasons=REASONS,
    messages=(forwarded("provincial_review", "省级审核结果将另行通知。"),
              approved(then="审核通过的课程已以“免考”记入成绩，可在“我的成绩”中查看。"), rejected()),
))
