"""Key-information change 关键信息变更: what approval does."""
import datetime

from flask_babel import lazy_gettext as _l

from app.models import Candidate
from app.services import idcard
from workflows.registry import effect


@effect("apply_key_change", label=_l("将考生的姓名、性别或身份证号改为审核通过的新信息"))
def apply_key_change(application):
    """The candidate's name, sex or ID number take the approved new values; the old ones are kept in
    `Candidate.changes` under the application's id, which also makes a second run change nothing."""
    data, candidate = application.data, application.candidate
    answers = {"name": "new_name", "sex": "new_sex", "id_number": "new_id_number"}
    new = {attribute: (data.get(answer) or "").strip() for attribute, answer in answers.items()
           if attribute in (data.get("changes") or [])}
    update = {f"set__{attribute}": value for attribute, value in new.items()}
    if "id_number" in new:
        new["id_number"] = update["set__id_number"] = new["id_number"].upper()
        update["set__birth_date"] = idcard.parse(new["id_number"]).birth_date
    entry = {"application": str(application.pk), "old": {attribute: getattr(candidate, attribute) for attribute in new},
             "new": new, "at": datetime.datetime.now()}
    changed = Candidate.objects(pk=candidate.pk, changes__application__ne=str(application.pk)).update_one(
        push__changes=entry, **update)
    return f"changed {', '.join(new)}" if changed else "already changed"
