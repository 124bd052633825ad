"""Registration review 报考审核: what the district's decision does to the registration."""
from flask_babel import lazy_gettext as _l

from app.models import Registration
from workflows.registry import effect


@effect("registration_reviewed", label=_l("将考区审核结果记入报考信息"))
def registration_reviewed(application):
    """The registration the district reviewed is approved (it may be paid) or rejected with the reason, unless
    the candidate has changed it since: the change is under review again."""
    review = "approved" if application.state == "approved" else "rejected"
    changed = Registration.objects(pk=application.data.get("registration"),
                                   version=application.data.get("version")).update_one(
        set__review=review, set__review_comment=application.last_comment if review == "rejected" else None)
    return f"registration {review}" if changed else "registration changed since: left under review"
