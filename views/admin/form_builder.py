"""The form builder: a form definition edited as rows of steps and fields, previewed as the candidate sees it, and
saved as its next version."""
import bson
from flask import abort, render_template, request
from flask_appbuilder import expose, has_access
from flask_babel import gettext as _

from app.models import BusinessType, Candidate
from app.services.definitions import DefinitionRefused
from app.services.files import CHECK_LABELS
from forms import kinds
from forms.builder import Context, step_form
from forms.checks import LABELS as STEP_CHECK_LABELS
from forms.spec import CHOOSING, FormSpec
from workflows.engine import workflow_definitions

from .form_rows import OPERATORS, Rows, act, every_field, shown


def _spec(body):
    """(FormSpec, problems by row path) of a body, or (None, problems) when it cannot be read at all."""
    try:
        spec = FormSpec.from_data(body)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return None, {None: [_("表单定义不完整：%(detail)s", detail=error)]}
    found = {}
    for where, message in spec.problems_at():
        found.setdefault(where, []).append(message)
    return spec, found


def _checked(key, spec, found):
    """The problems of a form to save: its own (`found`, from _spec), and each workflow of the types using the form
    that starts in a state no step is filled in (the candidate would have nothing to fill in)."""
    found = {where: list(messages) for where, messages in found.items()}
    for workflow in _workflows(key) if spec else ():
        if not spec.steps_open(workflow.initial):
            found.setdefault(None, []).append(_("没有在“%(state)s”状态中填写的步骤，考生开始申请后将无处填写。",
                                                state=workflow.state_label(workflow.initial)))
    return found


def _merged(*problem_maps):
    merged = {}
    for problems in problem_maps:
        for where, messages in problems.items():
            kept = merged.setdefault(where, [])
            kept.extend(message for message in messages if message not in kept)
    return merged


def preview_of(spec, problems, step_index):
    """The HTML of one step of a form read by _spec as the candidate's page renders it, for a sample candidate with
    no records; a step with problems shows them instead."""
    steps = spec.steps if spec else ()
    index = step_index if step_index < len(steps) else 0
    step = steps[index] if steps else None
    shown = [message for where, messages in problems.items() for message in messages
             if where is None or where == f"s{index}" or where.startswith(f"s{index}.")]
    form = None
    if step is not None and not shown:
        sample = Candidate(id=bson.ObjectId(), name=_("示例考生"))
        form = step_form(step, Context(spec, sample, _sample_answers(step)))()
    return render_template("admin/form_preview.html", spec=spec, step=step, steps=steps, form=form, problems=shown)


def _sample_answers(step):
    """What the preview takes as answered: one choice for each group filled in once per chosen item, so the step
    shows the group as a candidate who chose one item sees it."""
    return {f.repeat_for: [_("示例")] for f in step.fields if f.repeat_for}


class FormBuilder:
    """The builder's pages, for the view of form definitions (a DefinitionView)."""

    @expose("/build/<pk>", methods=["GET", "POST"])
    @has_access
    def build(self, pk):
        saved = self.datamodel.get(pk) or abort(404)
        latest = self.store.document.latest(saved.key)
        note, touched, problems = request.form.get("note", ""), None, {}
        if request.method == "GET":  # as read, so a choice written as its value alone shows as value and label
            body = self.store.get(saved.key, saved.version).to_data()
            spec, found = _spec(body)
        else:
            rows = Rows(request.form, saved.key)
            body, action = rows.body, request.form.get("do", "check")
            spec, found = _spec(body)
            checked = {} if rows.incomplete else _checked(saved.key, spec, found)
            if action == "save":
                problems = _merged(rows.unread, checked)
                if not problems:
                    try:
                        return self._save_revision(saved, body, note)
                    except DefinitionRefused as refused:
                        problems = {None: refused.problems}
            elif action == "check":
                problems = _merged(rows.unread, checked)
            else:
                touched = act(body, action, request.form)
                spec, found = _spec(body)  # the action changed the rows the preview shows
                problems = rows.unread
        step = _preview_step()
        return self.render_template(
            "admin/form_builder.html", saved=saved, latest=latest, body=body, note=note, problems=problems,
            touched=touched, title=_("编辑表单：%(name)s", name=saved.title or saved.key),
            kinds=sorted(kinds.KINDS.values(), key=_kind_order), operators=OPERATORS, states=_states(saved.key, body),
            step_checks=STEP_CHECK_LABELS, file_checks=CHECK_LABELS, top_names=_top_names(body),
            item_names=_item_names(body), field_labels=_labels(body), field_values=_values(body),
            kinds_by_name=kinds.KINDS, shown_condition=shown, preview=preview_of(spec, found, step), preview_step=step)

    @expose("/build/<pk>/preview", methods=["POST"])
    @has_access
    def preview(self, pk):
        saved = self.datamodel.get(pk) or abort(404)
        return preview_of(*_spec(Rows(request.form, saved.key).body), _preview_step())


def _preview_step():
    typed = request.values.get("preview_step", "0")
    return int(typed) if typed.isdigit() and len(typed) < 4 else 0


GENERIC = ("text", "textarea", "number", "date", "month", "checkbox", "select", "multiselect", "file", "image",
           "group")


def _kind_order(kind):
    """The generic kinds first, in the order a form is usually built with, then the catalogue's and types' own."""
    return (GENERIC.index(kind.name) if kind.name in GENERIC else len(GENERIC), str(kind.label))


def _top_names(body):
    """The names a condition anywhere may use: the steps' fields, and what some answers keep beside them (a major
    its level, as "<name>_level")."""
    return list(_labels(body, top_only=True))


def _item_names(body):
    """The fields whose chosen values may be decided one by one: those a candidate answers by choosing."""
    return [field.get("name") for field in every_field(body, top_only=True)
            if field.get("type") in kinds.KINDS and kinds.KINDS[field["type"]].shape in CHOOSING]


def _labels(body, top_only=False):
    """{name: what the builder calls it}: each field's label and name, and what answers keep beside them."""
    found = {}
    for field in every_field(body, top_only):
        name, kind = field.get("name"), kinds.KINDS.get(field.get("type"))
        label = field.get("label") or name
        found[name] = f"{label}（{name}）"
        for suffix, what in (kind.recorded if kind else {}).items():
            found[f"{name}{suffix}"] = _("%(label)s的%(what)s（%(name)s）", label=label, what=what, name=name + suffix)
    return found


def _values(body):
    """{name: [value]} a condition on the field may compare with, offered as the value is typed."""
    found = {}
    for field in every_field(body):
        kind = kinds.KINDS.get(field.get("type"))
        if kind is not None and kind.shape == "boolean":
            found[field["name"]] = [_("是"), _("否")]
        elif field.get("choices"):
            found[field["name"]] = [str(choice[0]) for choice in field["choices"] if choice]
    return found


def _workflows(key):
    """The latest workflow of each business type using the form `key`."""
    for workflow_key in BusinessType.objects(form_key=key).distinct("workflow_key"):
        try:
            yield workflow_definitions.latest(workflow_key)[1]
        except LookupError:
            continue


def _states(key, body):
    """(state, label) a step may be limited to: those of the workflows whose types use this form, and any the
    definition names already."""
    found = {}
    for workflow in _workflows(key):
        found.update(workflow.states)
    for step in body.get("steps", ()):
        for state in step.get("states", ()):
            found.setdefault(state, state)
    return list(found.items())
