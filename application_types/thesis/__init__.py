"""Thesis / final project 本科论文与专科毕业设计: everything the type is (docs/architecture.md, "Application types")."""
from flask_babel import lazy_gettext as _l

from workflows.messages import approved, rejected
from workflows.types import ApplicationType, Panel, ship

from . import fields, guards, inputs  # noqa: F401  (they register the type's rules)
from . import qualification
from .form import THESIS_FORM
from .workflow import THESIS

NOTICE = ("1. 已通过本专业计划中毕业论文（毕业设计）以外全部课程的考生，可在开放时间内申请。\n"
          "2. 请核对成绩列表；成绩有误的，请先联系考籍管理区县。\n"
          "3. 请上传前置学历毕业证书，图像清晰完整，文字朝上。\n"
          "4. 申请由主考院校审核；审核通过后，在申请详情中查看指导教师，并及时与指导教师联系。\n"
          "5. 主考院校审核前可以修改或撤回申请；审核不通过的，可在开放时间内修改后重新提交。")
NOTICE_EN = ("1. Candidates who have passed every course of their major's plan except the thesis (final project) "
              "may apply within the application period.\n"
              "2. Check the score list; if a score is wrong, contact your records district first.\n"
              "3. Upload your prior-education diploma, clear and complete, text upright.\n"
              "4. The sponsoring university reviews the application; once approved, see your supervisor in the "
              "application's details and contact them promptly.\n"
              "5. Until the university decides you may edit or withdraw the application; if it is not approved, you "
              "may edit and resubmit within the application period.")
REASONS = ("前置学历毕业证书图片不清晰，请重新上传。", "凭证信息与图片不一致。", "前置学历不符合本专业申请要求。")

TYPE = ship(ApplicationType(
    THESIS, THESIS_FORM,
    order=95,
    notice=NOTICE,
    notice_en=NOTICE_EN,
    reasons=REASONS,
    messages=(approved(then="指导教师可在“我的申请”的申请详情中查看。"), rejected()),
    panels=(Panel(_l("指导教师"), "thesis/_supervisor.html", inputs.assigned_supervisor),
            Panel(_l("申请资格（成绩列表）"), "thesis/_qualification_panel.html", qualification.of_application)),
))
