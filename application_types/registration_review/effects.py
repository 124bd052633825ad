"""Registration review 报考审核: what the district's decision does to the registration."""
from flask_babel import lazy_gettext as _l

from app.services import registrations
from workflows.registry import effect


@effect("registration_reviewed", label=_l("将考区审核结果记入报考信息"))
def registration_reviewed(application):
    """The registration the district reviewed is approved (it may be paid) or rejected with the reason, unless
    the candidate has changed it since: the change is under review again."""
    pk, version = application.data.get("registration"), application.data.get("version")
    if application.state == "approved":
        changed = registrations.approved(pk, version)
    else:
        changed = registrations.rejected(pk, version, application.last_comment)
    return f"registration {application.state}" if changed else "registration changed since: left under review"
