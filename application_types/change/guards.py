"""Key-information change 关键信息变更: the checks its submission passes, and the fact they read."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import Candidate
from app.models.references import reference_id
from app.services import idcard
from app.wording import joined
from workflows.registry import fact, guard

_CHANGED = (("name", "new_name"), ("sex", "new_sex"), ("id_number", "new_id_number"))


def _normal(attribute, value):
    value = (value or "").strip()
    return value.upper() if attribute == "id_number" else value


def _chosen_changes(data):
    """(candidate attribute, new value) of each change 变更 the candidate chose."""
    chosen = data.get("changes") or []
    return [(attribute, _normal(attribute, data.get(answer))) for attribute, answer in _CHANGED if attribute in chosen]


@fact("id_number_taken")
def _id_number_taken(context):
    """Whether another candidate holds the new ID number the answers give."""
    new = dict(_chosen_changes(context.data)).get("id_number")
    return bool(new) and Candidate.objects(id_number=new, pk__ne=reference_id(context.application, "candidate")
                                           ).only("id").first() is not None


@guard("change_differs", reads=("candidate",), label=_l("变更后的姓名、性别或身份证号与考生现在的信息不同"))
def change_differs(context):
    """Each new value of a key-information change differs from the candidate's current one."""
    labels = {"name": _("姓名"), "sex": _("性别"), "id_number": _("身份证号")}
    same = [labels[attribute] for attribute, new in _chosen_changes(context.data)
            if new == _normal(attribute, getattr(context.candidate, attribute))]
    if same:
        return _("新的%(fields)s与当前信息相同，无需变更。", fields=joined(same))
    return None


@guard("new_id_number_valid", reads=("id_number_taken",), label=_l("新的身份证号校验正确，且没有被其他考生使用"))
def new_id_number_valid(context):
    """A new ID number passes the check digit and belongs to no other candidate."""
    new = dict(_chosen_changes(context.data)).get("id_number")
    if new is None:
        return None
    try:
        idcard.parse(new, today=context.now.date())
    except idcard.InvalidIdNumber as invalid:
        return str(invalid)
    if context.id_number_taken:
        return _("身份证号 %(number)s 已被其他考生使用，请到考区核实。", number=new)
    return None
