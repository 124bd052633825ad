"""Key-information change 关键信息变更: everything the type is (docs/architecture.md, "Application types")."""
from flask_babel import lazy_gettext as _l

from workflows.types import ApplicationType, Link, ship

from . import effects, guards  # noqa: F401  (they register the type's rules)
from .form import CHANGE_FORM
from .workflow import CHANGE

TYPE = ship(ApplicationType(
    CHANGE, CHANGE_FORM,
    order=40,
    links=(Link("profile", _l("申请信息变更"), _l("姓名、性别和证件号码只能通过信息变更申请修改。")),),
))
