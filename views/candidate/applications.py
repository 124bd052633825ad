"""Applications, for every type alike: notice, steps, preview, submit, status, withdraw."""
import datetime
import io

from bson import ObjectId
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import CombinedMultiDict

from app import roles
from app.inputs import takes_uploads
from app.models import Application, BusinessType
from app.services import files
from forms.present import rows
from usecases import applications, payment
from workflows import types
from workflows.engine import Actor, WorkflowError, available_events, fire, workflow_of

from .blueprint import bp
from .session import candidate_required, current_candidate


def own_application(application_id):
    """The signed-in candidate's application, or 404: an id guessed from elsewhere finds nothing."""
    if not ObjectId.is_valid(application_id):
        abort(404)
    application = Application.objects(pk=application_id, candidate=current_candidate()).first()
    if application is None:
        abort(404)
    return application


def _actor():
    return Actor.for_candidate(current_candidate())


def carry_on(application):
    """Where a button that continues the application leads: the first step shown with something to fill in for
    its state, else the preview (everything answered: it is sent from there)."""
    step = applications.resume_at(application)
    if step is not None:
        return url_for("candidate.edit_step", application_id=application.pk, step_key=step.key)
    return url_for("candidate.preview", application_id=application.pk)


def _publish_label(application):
    """The label of the candidate's sending button in the application's state (提交申请, 上传盖章申请表…)."""
    workflow = workflow_of(application)
    return next((workflow.event_label(t.event) for t in workflow.available(application.state, {roles.CANDIDATE})
                 if t.publish), "")


def next_action(application):
    """(label, href) of the button doing what the application waits for its candidate to do, or None."""
    waiting = applications.waiting_on(application)
    if waiting == applications.TO_PAY:
        return _("去支付"), url_for("candidate.payment", application_id=application.pk)
    if waiting == applications.TO_FILL:
        return _publish_label(application), carry_on(application)
    return None


@bp.context_processor
def application_links():
    return {"next_action": next_action, "carry_on": carry_on}


@bp.route("/applications")
@candidate_required
def my_applications():
    mine = applications.mine(current_candidate())
    return render_template("candidate/applications/index.html", applications=mine, types=applications.offered_types(current_candidate()),
                           workflow_of=workflow_of)


@bp.route("/apply/<type_key>")
@candidate_required
def apply_home(type_key):
    kind = BusinessType.objects(key=type_key, enabled=True).first() or abort(404)
    mine = applications.mine(current_candidate(), type_key)
    granted = [(a, item) for a in mine if types.ended_approved(a) for item in a.items
               if item.decision == "approved"]
    return render_template("candidate/applications/type.html", kind=kind, applications=mine, granted=granted,
                           workflow_of=workflow_of, refused=applications.not_offered(current_candidate(), kind))


@bp.route("/apply/<type_key>/notice", methods=["GET", "POST"])
@candidate_required
def notice(type_key):
    kind = BusinessType.objects(key=type_key, enabled=True).first() or abort(404)
    not_offered = applications.not_offered(current_candidate(), kind)
    if request.method == "POST" and not not_offered:
        if request.form.get("agree") != "y":
            flash(_("请先阅读并勾选“我已阅读并同意考生须知”。"), "danger")
        else:
            now = datetime.datetime.now()
            try:
                application = applications.start(current_candidate(), type_key, now=now)
            except WorkflowError as refused:
                flash(str(refused), "danger")
            else:
                if application.created_at < now:  # the draft they left unfinished: where they stopped
                    return redirect(carry_on(application))
                first = applications.spec_of(application).steps_open(application.state)[0].key
                return redirect(url_for("candidate.edit_step", application_id=application.pk, step_key=first))
    return render_template("candidate/applications/notice.html", kind=kind, refused=not_offered)


@bp.route("/applications/<application_id>/steps/<step_key>", methods=["GET", "POST"])
@takes_uploads
@candidate_required
def edit_step(application_id, step_key):
    application = own_application(application_id)
    actor = _actor()
    if not applications.editable(application, actor):
        flash(_("该申请当前不能修改。"), "info")
        return redirect(url_for("candidate.application_detail", application_id=application.pk))
    spec = applications.spec_of(application)
    formdata = CombinedMultiDict((request.files, request.form)) if request.method == "POST" else None
    drop = request.form.getlist("drop_file")
    step, form = applications.build_step(application, step_key, formdata, drop)
    if step is None:
        abort(404)
    if request.method == "POST":
        valid = applications.save_step(application, step, form, actor, drop=drop)
        if valid:
            following = _next_step(application, step)
            target = (url_for("candidate.edit_step", application_id=application.pk, step_key=following.key)
                      if following else url_for("candidate.preview", application_id=application.pk))
            return redirect(target)
        flash(_("请按提示修改后再继续。"), "danger")
    here = {spec_field.name for spec_field in step.fields}
    return render_template("candidate/applications/step.html", application=application, spec=spec, step=step,
                           form=form, title=spec.text("title"), steps=applications.steps_shown(application),
                           files_at=_files_at(application.working_attachments),
                           notes=[note for name, note in types.notes(application, application.working) if name in here])


def _next_step(application, step):
    steps = applications.steps_shown(application)
    keys = [s.key for s in steps]
    index = keys.index(step.key) if step.key in keys else -1
    return steps[index + 1] if index + 1 < len(keys) else None


def _files_at(attachments):
    by_path = {}
    for attachment in attachments:
        by_path.setdefault(attachment.field, []).append(attachment)
    return by_path


@bp.route("/applications/<application_id>/preview")
@candidate_required
def preview(application_id):
    application = own_application(application_id)
    context = applications.context_for(application)
    spec = applications.spec_of(application)
    return render_template("candidate/applications/preview.html", application=application, spec=spec,
                           steps=applications.steps_shown(application),
                           rows=rows(context, application.working, application.working_attachments),
                           missing=spec.missing(application.working, application.working_attachments,
                                                application.state),
                           editable=applications.editable(application, _actor()),
                           notes=[note for _name, note in types.notes(application, application.working)])


@bp.route("/applications/<application_id>/submit", methods=["POST"])
@candidate_required
def submit(application_id):
    application = own_application(application_id)
    try:
        applications.submit(application, _actor())
    except applications.StepInvalid as refused:
        flash(str(refused), "danger")
        return redirect(url_for("candidate.edit_step", application_id=application.pk, step_key=refused.step_key))
    except WorkflowError as refused:
        flash(str(refused), "danger")
        return redirect(url_for("candidate.preview", application_id=application.pk))
    flash(applications.submitted_message(application), "success")
    return redirect(url_for("candidate.application_detail", application_id=application.pk))


@bp.route("/applications/<application_id>")
@candidate_required
def application_detail(application_id):
    application = own_application(application_id)
    actor = _actor()
    context = applications.context_for(application)
    events = available_events(application, actor)
    workflow = workflow_of(application)
    return render_template("candidate/applications/detail.html", application=application, workflow=workflow,
                           rows=rows(context, application.data, application.attachments),
                           editable=applications.editable(application, actor),
                           publish_label=next((workflow.event_label(t.event) for t in events if t.publish), ""),
                           withdraw_label=next((workflow.event_label(t.event) for t in events
                                                if t.event == "withdraw"), ""),
                           documents=types.documents(application), fee=payment.summary(application),
                           panels=types.panels(application))


@bp.route("/applications/<application_id>/documents/<name>.pdf")
@candidate_required
def application_document(application_id, name):
    application = own_application(application_id)
    document = types.documents(application).get(name) or abort(404)
    return send_file(io.BytesIO(document.render(application)), mimetype="application/pdf",
                     download_name=f"{name}-{application.exam_number}.pdf")


@bp.route("/applications/<application_id>/withdraw", methods=["POST"])
@candidate_required
def withdraw(application_id):
    application = own_application(application_id)
    try:
        fire(application, "withdraw", _actor())
    except WorkflowError as refused:
        flash(str(refused), "danger")
    else:
        # Said with the label of the state it is now in, so the message and the status read the same word.
        flash(_("申请%(state)s。", state=workflow_of(application).state_label(application.state)), "info")
    return redirect(url_for("candidate.application_detail", application_id=application.pk))


@bp.route("/applications/<application_id>/files/<file_id>")
@candidate_required
def application_file(application_id, file_id):
    application = own_application(application_id)
    known = {str(a.file_id) for a in (*application.attachments, *application.working_attachments)}
    if file_id not in known:
        abort(404)
    content, content_type = files.read(ObjectId(file_id)) or abort(404)  # a file the store lost
    return send_file(io.BytesIO(content), mimetype=content_type, max_age=3600)
