"""Submitting a registration 报考, and sending it to the exam district's review where the sitting asks for one.

The review is an application of the REVIEW type, one per registration, in the queue of the exam district the
candidate chose (报考考区, which reviews registrations) with the other applications: the first submission submits it, each change sends it back (update), and the district's decision
is recorded on the registration by the type's effect. Its data is the registration as the reviewer reads it,
with the registration's id and the version reviewed.
"""
import logging

from flask_babel import gettext as _

from app.models import Application
from app.models.sitting import HALVES
from app.models.references import reference_id
from app.services import registrations, tallies
from forms.builder import form_definitions
from workflows.engine import Actor, AlreadyHandled, WorkflowError, fire, workflow_definitions, workflow_of

log = logging.getLogger(__name__)

REVIEW = "registration_review"


def submit(candidate, sitting, choice, version=None, rules=None, now=None):
    """Save the candidate's registration (app/services/registrations.submit) and, where the sitting asks for a
    district review, send it to the district's queue; the registration."""
    registration = registrations.submit(candidate, sitting, choice, version, now=now)
    if sitting.district_review:
        try:
            send_for_review(registration, rules or registrations.rules(candidate, sitting), now=now)
        except WorkflowError as error:
            log.exception("Registration %s (version %s) was saved but not sent for review", registration.pk,
                          registration.version)
            raise registrations.Refused({"": [_("报考信息已保存，但未能送考区审核，请稍后在“报名报考”页面重新提交。")]}) \
                from error
    return registration


def _summary(registration, rules):
    courses = [rules.by_code.get(code) for code in registration.courses]
    return {"registration": str(registration.pk), "version": registration.version,
            "sitting": registration.sitting.title, "exam_district": registration.district.name,
            "registered_major": str(registration.major),
            "courses": "；".join(f"{c.code} {c.name}（{c.day:%Y-%m-%d} {dict(HALVES)[c.half]} {c.starts}–{c.ends}）"
                                 for c in courses if c is not None)}


def _placed(application, registration):
    """Move the review to the registration's exam district and major when a change chose others; the queue tallies
    follow it."""
    place = {"district": reference_id(registration, "district"), "major": reference_id(registration, "major")}
    if {name: reference_id(application, name) for name in place} == place:
        return
    before = tallies.Standing.of(application)
    Application.objects(pk=application.pk).update_one(**{f"set__{name}": value for name, value in place.items()})
    application.reload()
    if application.state != workflow_of(application).initial:
        tallies.move(before, tallies.Standing.of(application))


def send_for_review(registration, rules, now=None):
    """Submit (or, after a change, update) the registration's review application."""
    application = Application.objects(type=REVIEW, candidate=registration.candidate,
                                      working__registration=str(registration.pk)).first()
    if application is None:
        workflow_version, workflow = workflow_definitions.latest(REVIEW)
        candidate = registration.candidate
        application = Application(type=REVIEW, candidate=candidate, district=registration.district,
                                  major=registration.major, candidate_name=candidate.name,
                                  exam_number=candidate.exam_number, id_number=candidate.id_number,
                                  workflow_key=REVIEW, workflow_version=workflow_version, form_key=REVIEW,
                                  form_version=form_definitions.latest(REVIEW)[0], state=workflow.initial,
                                  agreed_notice=True, working={"registration": str(registration.pk)}).save()
    publish = {"data": _summary(registration, rules), "attachments": [], "items": []}
    for attempt in range(3):  # a decision taken meanwhile: send the change on from where that left it
        _placed(application, registration)
        try:
            return fire(application, "submit" if application.state == "draft" else "update",
                        Actor.for_candidate(registration.candidate), publish=publish, now=now)
        except AlreadyHandled:
            if attempt == 2:
                raise
            application.reload()
