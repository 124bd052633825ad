"""Candidates and their scores, limited to the reviewer's scope."""
from flask_babel import lazy_gettext as _l

from app import roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.models import Candidate, Score

from .queue import QueueFilters
from .scope import scoped


class ScoreInterface(MongoEngineInterface):
    """Text is searched from its start or whole, as on the queues: the searches the score indexes serve."""

    filter_converter_class = QueueFilters


class ScoreView(MongoModelView):
    noun = _l("成绩")
    datamodel = ScoreInterface(Score)
    class_permission_name = roles.SCORES
    base_filters = scoped()
    # 来源 reads a back-registration's kind ("免考（补登）"); a transferred score names its province and number there.
    list_columns = ["candidate", "exam_number", "course", "mark", "grade", "sitting", "source_label", "from_province",
                    "from_exam_number", "passed"]
    # Each search is served by an index (app/models/score.py); a mark, a pass or a recording time is read on the
    # candidate's scores, not searched across a province.
    search_columns = ["exam_number", "course", "sitting", "source", "registered_as", "from_province",
                      "from_exam_number"]
    add_exclude_columns = edit_exclude_columns = ["district", "passed", "recorded_at", "origin"]
    show_columns = ["candidate", "exam_number", "course", "mark", "grade", "sitting", "source_label",
                    "from_province", "from_exam_number", "passed", "counts", "transferred_out", "used_for_graduation",
                    "graduation", "recorded_at", "origin", "corrections"]
    label_columns = {"corrections": _l("更正记录"), "source_label": _l("来源")}
    base_order = ("sitting", "desc")


# Shown in words instead: the merge as the record's status, the key-information changes as old → new.
_SHOWN_AS_WORDS = {"merged_into": "record_status", "changes": "change_log"}


class CandidateView(MongoModelView):
    noun = _l("考生")
    datamodel = MongoEngineInterface(Candidate)
    class_permission_name = roles.CANDIDATES
    base_filters = scoped()
    list_columns = ["exam_number", "name", "id_number", "district", "major", "phone", "identity_verified",
                    "record_status"]
    search_columns = ["exam_number", "name", "id_number", "phone", "district", "major", "identity_verified",
                      "registered_at", "birth_date"]
    show_columns = ["exam_number", "record_status"] + [
        _SHOWN_AS_WORDS.get(name, name) for name in Candidate._fields_ordered
        if name not in ("id", "exam_number", "merged_into", "password_hash", "session_version")]
    label_columns = {"record_status": _l("档案状态"), "change_log": _l("关键信息变更记录")}
    # Staff may mark a phone checked; the rest follows the candidate's own actions (sign-in, identity
    # verification, record merge) and is never typed by staff.
    add_exclude_columns = edit_exclude_columns = ["password_hash", "session_version", "registered_at",
                                                  "verified_photo_id", "other_exam_numbers", "merged_into"]
    related_views = [ScoreView]
    base_order = ("exam_number", "asc")


VIEWS = (
    (CandidateView, "fa-users"),
    (ScoreView, "fa-list-ol"),
)
