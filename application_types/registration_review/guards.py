"""Registration review 报考审核: a review comes back only with a newer submission of the registration."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from workflows.registry import guard


@guard("registration_newer", label=_l("报考信息有了新的提交"))
def registration_newer(context):
    """What is sent is a later version of the registration than the one under review: the registration pages
    send each change; nothing else re-sends it."""
    if (context.data or {}).get("version", 0) <= (context.application.data or {}).get("version", 0):
        return _("报考信息没有新的修改，请在“报名报考”页面修改报考信息。")
    return None
