"""What a standing graduation holds: its major, and the scores it rests on 已用于毕业申请.

A candidate applies for a major once while an application for it stands. A graduation rests on the scores its
plan audit used when it was submitted (kept on `Application.findings`, and locked to it at payment as
`Score.graduation`) for as long as it stands (`Stages.standing`: under way, sent back for correction, or
approved). While it does, no other graduation uses them, the candidate cannot switch which pass of their course
counts nor transfer them out, and a pass a record merge brings in does not displace them.
"""
from dataclasses import dataclass

import bson
from flask_babel import gettext as _

from app.models import Application, WorkflowDefinition


@dataclass(frozen=True)
class Hold:
    """The graduation application a score is used by."""

    application: str  # its id
    major: str  # the major code applied for
    state: str  # its state, as the candidate reads it

    @property
    def description(self):
        return _("已用于 %(major)s 专业的毕业申请（%(state)s）", major=self.major, state=self.state)


def held_scores(candidate_ids):
    """{candidate id: {score id: Hold}} of the scores the standing graduations of these candidates rest on. One
    query, on the (candidate, type) index."""
    ids = [bson.ObjectId(str(i)) for i in candidate_ids]
    found = {str(i): {} for i in ids}
    if not ids:
        return found
    rows = list(Application.objects(candidate__in=ids, findings__audit__used_score_ids__exists=True).order_by().only(
        "candidate", "state", "workflow_key", "workflow_version", "data.major", "findings.audit.used_score_ids"
    ).as_pymongo())
    stages = WorkflowDefinition.stages({(row["workflow_key"], row["workflow_version"]) for row in rows})
    for row in rows:
        stage = stages[(row["workflow_key"], row["workflow_version"])]
        if not stage.standing(row["state"]):
            continue
        hold = Hold(str(row["_id"]), (row.get("data") or {}).get("major") or "", stage.label(row["state"]))
        for score_id in row["findings"]["audit"]["used_score_ids"]:
            found[str(row["candidate"])][score_id] = hold
    return found


def held_by(candidate_id):
    """{score id: Hold} of one candidate."""
    return held_scores([candidate_id])[str(candidate_id)]


def standing_elsewhere(candidate_id, besides=None, **filters):
    """The state label of another of the candidate's applications matching `filters` that still stands, or None.
    One query on the candidate's index, and one for workflow stages not read before."""
    others = list(Application.objects(candidate=candidate_id, pk__ne=besides, **filters).only(
        "state", "workflow_key", "workflow_version"))
    stages = WorkflowDefinition.stages({(other.workflow_key, other.workflow_version) for other in others})
    for other in others:
        stage = stages[(other.workflow_key, other.workflow_version)]
        if stage.standing(other.state):
            return stage.label(other.state)
    return None


def major_taken(candidate_id, type_key, major, besides=None):
    """Why the candidate may not apply for `major`: another of their applications of `type_key` for it stands;
    None if none does."""
    if major and standing_elsewhere(candidate_id, besides, type=type_key, data__major=major):
        return _("您已有 %(major)s 专业的毕业申请，不能重复申请。", major=major)
    return None
