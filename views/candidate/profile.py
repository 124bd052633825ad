"""The candidate's profile 个人信息: contact details they keep up to date; identity fields shown read-only."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from mongoengine import fields as mf
from wtforms import BooleanField, SelectField, StringField, TextAreaField, validators

from app.datamodel import MongoEngineInterface
from app.datamodel.interface import FieldErrors
from app.datamodel.views import field_validators
from app.models import Candidate
from app.models.candidate import PROFILE_FIELDS
from usecases import applications

from .blueprint import bp, type_links
from .session import candidate_required, current_candidate

def _strip(value):
    return value.strip() if isinstance(value, str) else value


def document_form(document, names):
    """A FlaskForm for fields `names` of `document`: labels, choices and rules from the field declarations."""
    datamodel = MongoEngineInterface(document)
    attributes = {}
    for name in names:
        declared = document._fields[name]
        label, description = declared.verbose_name, getattr(declared, "help_text", "")
        if isinstance(declared, mf.BooleanField):
            attributes[name] = BooleanField(label, description=description)
            continue
        rules = [validators.DataRequired(_l("请填写此项。")) if declared.required else validators.Optional()]
        if declared.max_length:
            rules.append(validators.Length(max=declared.max_length, message=_l("不能超过%(max)d个字。")))
        if isinstance(declared, mf.EmailField):
            rules.append(validators.Email(message=declared.error_message))
        rules += field_validators(datamodel, name)
        if declared.choices:
            attributes[name] = SelectField(label, choices=[("", _l("请选择"))] + list(datamodel.choices(name)),
                                           validators=rules, description=description)
        else:
            kind = TextAreaField if getattr(declared, "multiline", False) else StringField
            attributes[name] = kind(label, validators=rules, description=description, filters=[_strip])
    return type(f"{document.__name__}Form", (FlaskForm,), attributes)


def save(form, item, names):
    """Copy `names` from the form onto `item` and save it; False, with the reasons on the form, if refused."""
    for name in names:
        form[name].populate_obj(item, name)
    store = MongoEngineInterface(type(item))
    try:
        if item.pk is None:
            store.add(item)
        else:
            store.edit(item)
    except FieldErrors as refused:
        for name, reason in refused.errors.items():
            if name in form:
                form[name].errors = list(form[name].errors) + [reason]
            else:
                flash(reason, "danger")
        return False
    return True


ProfileForm = document_form(Candidate, PROFILE_FIELDS)


@bp.route("/profile", methods=["GET", "POST"])
@candidate_required
def profile():
    candidate = current_candidate()
    form = ProfileForm(obj=candidate)
    if form.validate_on_submit() and save(form, candidate, PROFILE_FIELDS):
        flash(_("个人信息已保存。"), "success")
        return redirect(url_for("candidate.profile"))
    return render_template("candidate/profile.html", form=form, candidate=candidate, fields=PROFILE_FIELDS,
                           links=type_links("profile", {kind["key"] for kind in applications.offered_types(candidate)}))
