"""Identity verification 身份认证: what approval does."""
from flask_babel import lazy_gettext as _l

from app.models import Candidate
from workflows.registry import effect


@effect("verify_identity", label=_l("将考生记为已通过身份认证，并保存认证照片"))
def verify_identity(application):
    """The candidate is verified; the file of the form's `photo` field, if any (none when verified in person at
    the district), becomes their verified photo. Running it again sets the same values."""
    photo = next((str(a.file_id) for a in application.attachments if a.field == "photo"), None)
    Candidate.objects(pk=application.candidate.pk).update_one(set__identity_verified=True,
                                                             set__verified_photo_id=photo)
    return f"verified, photo {photo}"
