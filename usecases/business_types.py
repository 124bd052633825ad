"""New business types made by an administrator: blank, or a copy of an existing one. Either way the type has a
workflow and a form of its own, version 1 under its key, and starts disabled and without a window until the
administrator sets them."""
import copy
import re

from flask_babel import gettext as _
from mongoengine.errors import NotUniqueError

from app import roles
from app.models import BusinessType, FormDefinition, WorkflowDefinition
from app.models.message import MessageTemplate
from app.services.definitions import DefinitionRefused
from app.wording import stored
from forms.builder import form_definitions
from forms.spec import Field, FormSpec, Step
from workflows import messages, types
from workflows.engine import workflow_definitions
from workflows.spec import Transition, Workflow

KEY = BusinessType._fields["key"]  # its rule and message: the definitions' keys allow the same
TITLE_LIMIT = 50
# What a blank type's candidate must meet to submit, and again to resubmit (with resubmissions left).
SUBMIT_GUARDS = ("identity_verified", "window_open", "form_complete")


class TypeRefused(ValueError):
    """The type cannot be made; `errors` maps each input ("key", "title", "reviewer", "source") to the reason."""

    def __init__(self, errors):
        super().__init__("；".join(errors.values()))
        self.errors = errors


def _taken(key):
    return _("业务代码 %(key)s 已被使用，请换一个。", key=key)


def _refusals(key, title):
    errors = {}
    if not re.fullmatch(KEY.regex, key):
        errors["key"] = str(KEY.error_message)
    elif any(model.objects(key=key).only("id").first() for model in (BusinessType, WorkflowDefinition,
                                                                      FormDefinition)):
        errors["key"] = _taken(key)
    if not title:
        errors["title"] = _("请填写业务名称。")
    elif len(title) > TITLE_LIMIT:
        errors["title"] = _("业务名称不能超过%(max)d个字。", max=TITLE_LIMIT)
    return errors


def _made(made, bodies, author, note):
    """Save the new business type `made` (naming its own key's workflow and form), then each (store, body) of
    `bodies` as version 1 of its workflow and form. A refusal, or a clash with someone making the same key at the
    same moment, leaves nothing behind."""
    try:
        # First, so of two made with one key only one goes on. Its own definitions, which clean() looks for, follow.
        made.save(clean=False)
    except NotUniqueError as taken:
        raise TypeRefused({"key": _taken(made.key)}) from taken
    try:
        for store, body in bodies:
            store.save(made.key, body, author, title=made.title, note=note)
    except DefinitionRefused as refused:
        for store, _body in bodies:
            store.document.objects(key=made.key).delete()
        made.delete()
        raise TypeRefused({"key": "；".join(refused.problems)}) from refused
    return made


def copy_type(source, key, title, author):
    """A new business type `key` titled `title`, copying `source` (a BusinessType): the latest versions of its
    workflow and form become version 1 of the new key's (both checked before anything is saved), and the business
    type copies the notice (and its English), reasons, message templates, rules, limits and fee, disabled and
    without a window. The copy has no English title of its own: English pages name it by its Chinese title until an
    administrator writes one. TypeRefused says why not."""
    key, title = (key or "").strip(), (title or "").strip()
    errors = _refusals(key, title)
    own = types.SHIPPED.get(source.workflow_key)
    if own is not None and (own.documents or own.panels or own.pages):
        errors["source"] = _("“%(title)s”有专属的下载文件、页面或审核时显示的内容，复制出的新业务不会带上这些，暂不能复制。",
                             title=source.title)
    if errors:
        raise TypeRefused(errors)
    bodies = []
    for store, source_key in ((workflow_definitions, source.workflow_key), (form_definitions, source.form_key)):
        body = copy.deepcopy(store.document.latest(source_key).body)
        body.update(key=key, title=title)
        if body.get("en"):
            body["en"] = {name: text for name, text in body["en"].items() if name != "title"}
        try:
            store.check(body)
        except DefinitionRefused as refused:  # a version from before today's checks: it is fixed first, by revising
            raise TypeRefused({"source": _("%(title)s的定义未通过检查，请先修订：%(problems)s", title=source.title,
                                           problems="；".join(refused.problems))}) from refused
        bodies.append((store, body))
    made = BusinessType(key=key, title=title, workflow_key=key, form_key=key, notice=source.notice,
                        notice_en=source.notice_en, reason_templates=source.reason_templates,
                        message_templates=[MessageTemplate(**template.to_mongo()) for template in source.message_templates],
                        resubmission_limit=source.resubmission_limit, fee=source.fee,
                        review_districts=list(source.review_districts), offered_if=source.offered_if,
                        offered_message=source.offered_message, submit_rule=source.submit_rule,
                        submit_message=source.submit_message, enabled=False)
    return _made(made, bodies, author, _("复制自 %(title)s（%(key)s）", title=source.title, key=source.key))


def new_type(key, title, reviewer, author):
    """A blank business type `key` titled `title`, whose applications the role `reviewer` (one of roles.REVIEWERS)
    approves or rejects: its workflow (blank_workflow) and form (blank_form) become version 1 of the key's, the
    candidate is told of an approval and of a rejection with its reason (as the shipped types tell them), and the
    business type is disabled and without a window. TypeRefused says why not."""
    key, title = (key or "").strip(), (title or "").strip()
    errors = _refusals(key, title)
    if reviewer not in roles.REVIEWERS:
        errors["reviewer"] = _("请选择由谁审核。")
    if errors:
        raise TypeRefused(errors)
    bodies = [(workflow_definitions, blank_workflow(key, title, reviewer).to_data()),
              (form_definitions, blank_form(key, title).to_data())]
    made = BusinessType(key=key, title=title, workflow_key=key, form_key=key, enabled=False,
                        message_templates=[message.template() for message in (messages.approved(), messages.rejected())])
    return _made(made, bodies, author, _("新建的空白业务"))


def blank_workflow(key, title, reviewer):
    """The candidate submits; `reviewer` approves, or rejects with a reason; the candidate may resubmit a rejected
    one while resubmissions are left, and withdraw until it is approved."""
    with stored():  # a definition holds its labels in Chinese, as the shipped ones do
        stage = f"{roles.LABELS[reviewer]}中"
    return Workflow(
        key=key, title=title, initial="draft",
        states={"draft": "草稿", "review": stage, "rejected": "审核未通过", "approved": "审核通过",
                "withdrawn": "已撤回"},
        final={"approved", "withdrawn"},
        events={"submit": "提交申请", "approve": "审核通过", "reject": "审核不通过", "resubmit": "重新提交",
                "withdraw": "撤回申请"},
        transitions=[
            Transition("submit", "draft", "review", by=roles.CANDIDATE, guards=SUBMIT_GUARDS, stamp="submitted_at",
                       publish=True),
            Transition("approve", "review", "approved", by=reviewer),
            Transition("reject", "review", "rejected", by=reviewer, comment_required=True),
            Transition("resubmit", "rejected", "review", by=roles.CANDIDATE,
                       guards=(*SUBMIT_GUARDS, "resubmissions_left"), stamp="submitted_at", publish=True),
            Transition("withdraw", ["draft", "review", "rejected"], "withdrawn", by=roles.CANDIDATE),
        ])


def blank_form(key, title):
    """One step with one optional field: a row to start from in the form builder."""
    return FormSpec(key=key, title=title, steps=(
        Step("details", "申请信息", (Field("remarks", "textarea", "说明", max_length=1000),)),))
