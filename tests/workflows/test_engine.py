"""The workflow engine on course exemption: transitions, guards, races, effects, versions."""
import datetime
import threading

import pytest

from app import roles
from app.models import Application, BusinessType, Course, Job, Score
from forms.catalogue import plan_courses
from usecases import applications
from application_types.exemption.workflow import EXEMPTION
from workflows.engine import (AlreadyHandled, CommentRequired, GuardRefused, TransitionNotAllowed, fire,
                              resume_pending, run_effects, workflow_definitions)
from workflows.registry import EFFECTS

from tests.workflows.fixtures import fill, staff, submitted_many

ROLES = [roles.CANDIDATE, roles.DISTRICT_REVIEWER, roles.PROVINCIAL_REVIEWER, roles.UNIVERSITY_REVIEWER]
# A role may fire what the definition gives it and what it gives a role it stands in for (roles.STANDS_IN).
ILLEGAL = [(state, event, role) for state in EXEMPTION.states for event in EXEMPTION.events for role in ROLES
           if EXEMPTION.find(event, state, roles.acting({role})) is None]


def test_submitting_moves_to_district_review_and_records_who_and_what(submitted, zhang):
    assert submitted.state == "district_review"
    entry = submitted.history[-1]
    assert (entry.event, entry.from_state, entry.to_state, entry.actor_name) == ("submit", "draft",
                                                                               "district_review", "张明")
    assert set(entry.changed) == {"major", "courses", "evidence"}
    assert [item.key for item in submitted.items] == ["00261", "00321"]
    assert submitted.submitted_at is not None


@pytest.mark.parametrize("state, event, role", ILLEGAL)
def test_every_transition_the_definition_lacks_is_refused(zhang, window, state, event, role):
    application = fill(applications.start(zhang, "exemption"))
    Application.objects(pk=application.pk).update_one(set__state=state)  # the world: an application in `state`
    application.reload()
    actor = staff("某人", role, roles.SCOPE_PROVINCE)

    with pytest.raises(TransitionNotAllowed):
        fire(application, event, actor, comment="理由")

    assert application.reload().state == state and application.history == []


def test_reject_needs_a_reason(submitted, heping_reviewer):
    with pytest.raises(CommentRequired, match="请填写理由"):
        fire(submitted, "reject", heping_reviewer, comment="  ")


def test_rejected_exemption_can_be_resubmitted(submitted, heping_reviewer, candidate):
    fire(submitted, "reject", heping_reviewer, comment="凭证不清晰")
    assert submitted.last_comment == "凭证不清晰"
    assert {item.decision for item in submitted.items} == {"rejected"}

    applications.submit(submitted, candidate)

    assert submitted.state == "district_review"
    assert [h.event for h in submitted.history] == ["submit", "reject", "resubmit"]
    assert {item.decision for item in submitted.items} == {"pending"}


def test_candidate_may_correct_while_no_reviewer_has_acted(submitted, candidate):
    Application.objects(pk=submitted.pk).update_one(set__working__evidence__00261__vouchers__0__number="N-改正")
    submitted.reload()

    applications.submit(submitted, candidate)

    assert submitted.state == "district_review"
    assert submitted.data["evidence"]["00261"]["vouchers"]["0"]["number"] == "N-改正"
    assert submitted.history[-1].event == "update" and submitted.history[-1].changed == ["evidence"]


def test_candidate_edits_do_not_reach_reviewers_until_submitted(at_province):
    Application.objects(pk=at_province.pk).update_one(set__working__courses=["00261"])

    assert at_province.reload().data["courses"] == ["00261", "00321"]


def test_second_reviewer_is_told_who_acted_first(submitted, heping_reviewer, heping_reviewer_b):
    stale = Application.objects.get(pk=submitted.pk)
    fire(submitted, "approve", heping_reviewer)

    with pytest.raises(AlreadyHandled, match="和平区审核员甲"):
        fire(stale, "reject", heping_reviewer_b, comment="迟到")

    assert stale.reload().state == "provincial_review"


def test_two_reviewers_racing_on_many_applications_have_exactly_one_winner_each(
        zhang, window, candidate, heping_reviewer, heping_reviewer_b):
    cases = submitted_many(zhang, candidate, 11)

    for case in cases:
        copies = [Application.objects.get(pk=case.pk) for _ in range(2)]
        outcomes = [None, None]
        barrier = threading.Barrier(2)

        def act(index, actor, event, barrier=barrier, copies=copies, outcomes=outcomes):
            barrier.wait()
            try:
                fire(copies[index], event, actor, comment="并发测试")
                outcomes[index] = "won"
            except AlreadyHandled as lost:
                outcomes[index] = str(lost)

        threads = [threading.Thread(target=act, args=(0, heping_reviewer, "approve")),
                   threading.Thread(target=act, args=(1, heping_reviewer_b, "reject"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert outcomes.count("won") == 1
        winner = heping_reviewer if outcomes[0] == "won" else heping_reviewer_b
        loser_message = outcomes[1] if outcomes[0] == "won" else outcomes[0]
        assert winner.name in loser_message
        assert len(case.reload().history) == 2


def test_a_reviewer_cannot_act_outside_their_district(submitted, xiaodian_reviewer):
    with pytest.raises(GuardRefused, match="不在您的办理范围内"):
        fire(submitted, "approve", xiaodian_reviewer)

    assert submitted.reload().state == "district_review"


def test_a_candidate_cannot_act_on_someone_elses_application(submitted, world):
    from app.models import Candidate
    from workflows.engine import Actor

    other = Actor.for_candidate(Candidate.objects.get(exam_number="011421104387"))

    with pytest.raises(GuardRefused, match="不在您的办理范围内"):
        fire(submitted, "withdraw", other)


def test_closed_window_refuses_start_and_submit_showing_the_window(draft, candidate, zhang, window):
    window.opens_at = datetime.datetime(2031, 3, 1, 9, 0)
    window.closes_at = datetime.datetime(2031, 3, 15, 17, 0)
    window.save()

    with pytest.raises(GuardRefused, match="2031-03-01 09:00 至 2031-03-15 17:00"):
        applications.submit(draft, candidate)
    with pytest.raises(Exception, match="2031-03-01 09:00 至 2031-03-15 17:00"):
        applications.start(zhang, "exemption")
    assert draft.reload().state == "draft"


def test_incomplete_form_cannot_be_submitted(zhang, window, candidate):
    application = applications.start(zhang, "exemption")

    with pytest.raises(GuardRefused, match="免考课程"):
        applications.submit(application, candidate)


def test_resubmission_limit(submitted, candidate, heping_reviewer):
    kind = BusinessType.objects.get(key="exemption")
    kind.resubmission_limit = 1
    kind.save()
    fire(submitted, "reject", heping_reviewer, comment="凭证不清晰")
    applications.submit(submitted, candidate)
    fire(submitted, "reject", heping_reviewer, comment="仍不清晰")

    with pytest.raises(GuardRefused, match="最多可重新提交 1 次"):
        applications.submit(submitted, candidate)


def test_final_approval_grants_exemption_scores_per_approved_course(at_province, province_reviewer, zhang):
    fire(at_province, "approve", province_reviewer, decisions={"00321": ("rejected", "证书与课程不对应")})

    scores = Score.objects(candidate=zhang, source="exemption")
    assert [(s.course.code, s.display_mark, s.passed) for s in scores] == [("00261", "通过", True)]
    outcome = {item.key: (item.decision, item.reason) for item in at_province.items}
    assert outcome == {"00261": ("approved", None), "00321": ("rejected", "证书与课程不对应")}
    assert [e.status for e in at_province.effects] == ["done"]


def test_an_effect_run_again_creates_no_second_score_for_either_course(at_province, province_reviewer, zhang):
    fire(at_province, "approve", province_reviewer)

    EFFECTS["grant_exemption_scores"](at_province)
    EFFECTS["grant_exemption_scores"](at_province)

    assert Score.objects(candidate=zhang, source="exemption").count() == 2  # one for each of the two courses


def test_an_effect_left_pending_by_a_crash_is_finished_by_resume(at_province, province_reviewer, zhang, monkeypatch):
    def crash(application):
        raise ConnectionError("store went away")

    monkeypatch.setitem(EFFECTS, "grant_exemption_scores", crash)
    fire(at_province, "approve", province_reviewer)
    assert at_province.state == "approved" and [e.status for e in at_province.effects] == ["pending"]
    monkeypatch.undo()

    assert resume_pending() == (1, 0)
    assert resume_pending() == (0, 0)
    assert Score.objects(candidate=zhang, source="exemption").count() == 2
    assert [e.status for e in at_province.reload().effects] == ["done"]


def test_the_queue_finishes_pending_effects_every_minute_as_a_job(app, at_province, province_reviewer, zhang,
                                                                  monkeypatch):
    huey = app.extensions["jobs"].huey
    every_minute = [datetime.datetime(2026, 5, 1, 9, minute) for minute in (0, 1, 37)]
    due = [{task.name: task for task in huey.read_periodic(at)} for at in every_minute]
    assert all("resume.scheduled" in tasks for tasks in due)
    scheduled = due[0]["resume.scheduled"]
    huey.enqueue(scheduled)  # nothing pending: no job recorded
    assert not Job.objects

    monkeypatch.setitem(EFFECTS, "grant_exemption_scores", lambda application: 1 / 0)
    fire(at_province, "approve", province_reviewer)
    monkeypatch.undo()
    huey.enqueue(scheduled)

    job = Job.objects.get(kind="resume")
    assert (job.state, job.done, job.total, job.outcome) == ("done", 1, 1, "处理申请1件，仍有0项待办")
    assert [e.status for e in at_province.reload().effects] == ["done"]


def test_running_effects_again_after_they_are_done_changes_nothing(at_province, province_reviewer, zhang):
    fire(at_province, "approve", province_reviewer)

    assert run_effects(at_province) == []
    assert Score.objects(candidate=zhang, source="exemption").count() == 2


def test_a_definition_edit_does_not_change_an_application_in_flight(submitted, zhang, candidate, heping_reviewer):
    shortened = EXEMPTION.to_data()
    shortened["transitions"] = [t for t in shortened["transitions"] if t["from"] != ["provincial_review"]]
    for t in shortened["transitions"]:
        if t["event"] == "approve":
            t["to"], t["effects"] = "approved", ["grant_exemption_scores"]
        if t["event"] == "reject":
            t["from"], t["by"] = ["district_review"], ["district_reviewer"]
    shortened["states"].pop("provincial_review")
    workflow_definitions.save("exemption", shortened, "admin", note="取消省级审核")

    fire(submitted, "approve", heping_reviewer)
    newer = applications.submit(fill(applications.start(zhang, "exemption"), ("00320",)), candidate)
    fire(newer, "approve", heping_reviewer)

    assert (submitted.workflow_version, submitted.state) == (1, "provincial_review")
    assert (newer.workflow_version, newer.state) == (2, "approved")


def test_withdraw_ends_the_application(submitted, candidate):
    fire(submitted, "withdraw", candidate)

    assert submitted.state == "withdrawn"
    with pytest.raises(TransitionNotAllowed):
        applications.submit(submitted, candidate)


def test_courses_offered_exclude_those_already_passed(draft):
    context = applications.context_for(draft)

    offered = [code for code, _label in plan_courses(context, "030101K")]

    assert "00261" in offered and "13000" not in offered  # 张明 passed 13000 英语(专升本)
    assert Course.objects(code="13000").count() == 1


def test_resume_command_reports_what_it_finished(app, at_province, province_reviewer, monkeypatch):
    monkeypatch.setitem(EFFECTS, "grant_exemption_scores", lambda application: 1 / 0)
    fire(at_province, "approve", province_reviewer)
    monkeypatch.undo()

    result = app.test_cli_runner().invoke(args=["workflows", "resume"])

    assert result.exit_code == 0
    assert "Applications with pending effects: 1; effects still pending: 0" in result.output


def test_starting_again_continues_the_unfinished_draft(draft, zhang):
    again = applications.start(zhang, "exemption")

    assert again.pk == draft.pk
    assert Application.objects(candidate=zhang, type="exemption").count() == 1


def test_a_course_asked_for_in_an_open_application_is_not_offered_again(submitted, zhang, window):
    second = applications.start(zhang, "exemption")

    offered = [code for code, _label in plan_courses(applications.context_for(second), "690206")]

    assert "00261" not in offered and "00321" not in offered and "00320" in offered


def test_changing_the_major_after_choosing_courses_is_caught_at_submit(zhang, window, candidate):
    application = fill(applications.start(zhang, "exemption"))
    Application.objects(pk=application.pk).update_one(set__working__major="030101K")  # 00321 is not in 法学

    with pytest.raises(applications.StepInvalid, match="选择要免考的课程") as refused:
        applications.submit(application.reload(), candidate)

    assert refused.value.step_key == "courses" and application.reload().state == "draft"


def test_an_exemption_for_a_course_passed_meanwhile_grants_no_second_pass(at_province, province_reviewer, zhang):
    Score(candidate=zhang, exam_number=zhang.exam_number, course=Course.objects.get(code="00261"), mark=75,
          sitting="2025-04").save()

    fire(at_province, "approve", province_reviewer)

    assert Score.objects(candidate=zhang, course=Course.objects.get(code="00261")).count() == 1
    assert [s.course.code for s in Score.objects(candidate=zhang, source="exemption")] == ["00321"]
