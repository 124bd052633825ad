"""A new business type made by an administrator as a copy of an existing one: its own workflow and form, copied as
their first versions under the new key, and the business type itself, disabled and without a window until the
administrator sets them."""
import copy
import re

from flask_babel import gettext as _
from mongoengine.errors import NotUniqueError

from app.models import BusinessType, FormDefinition, WorkflowDefinition
from app.models.message import MessageTemplate
from app.services.definitions import DefinitionRefused
from forms.builder import form_definitions
from workflows import types
from workflows.engine import workflow_definitions

KEY = BusinessType._fields["key"]  # its rule and message: the definitions' keys allow the same
TITLE_LIMIT = 50


class CopyRefused(ValueError):
    """The copy cannot be made; `errors` maps each input ("key", "title") to the reason."""

    def __init__(self, errors):
        super().__init__("；".join(errors.values()))
        self.errors = errors


def _refusals(key, title):
    errors = {}
    if not re.fullmatch(KEY.regex, key):
        errors["key"] = str(KEY.error_message)
    elif any(model.objects(key=key).only("id").first() for model in (BusinessType, WorkflowDefinition,
                                                                      FormDefinition)):
        errors["key"] = _("业务代码 %(key)s 已被使用，请换一个。", key=key)
    if not title:
        errors["title"] = _("请填写业务名称。")
    elif len(title) > TITLE_LIMIT:
        errors["title"] = _("业务名称不能超过%(max)d个字。", max=TITLE_LIMIT)
    return errors


def copy_type(source, key, title, author):
    """A new business type `key` titled `title`, copying `source` (a BusinessType): the latest versions of its
    workflow and form become version 1 of the new key's (both checked before anything is saved), and the business
    type copies the notice, reasons, message templates, rules, limits and fee, disabled and without a window. A refusal, or a clash
    with someone copying to the same key at the same moment, leaves nothing behind. CopyRefused says why not."""
    key, title = (key or "").strip(), (title or "").strip()
    errors = _refusals(key, title)
    own = types.SHIPPED.get(source.workflow_key)
    if own is not None and (own.documents or own.panels or own.pages):
        errors["source"] = _("“%(title)s”有专属的下载文件、页面或审核时显示的内容，复制出的新业务不会带上这些，暂不能复制。",
                             title=source.title)
    if errors:
        raise CopyRefused(errors)
    bodies = []
    for store, source_key in ((workflow_definitions, source.workflow_key), (form_definitions, source.form_key)):
        body = copy.deepcopy(store.document.latest(source_key).body)
        body.update(key=key, title=title)
        try:
            store.check(body)
        except DefinitionRefused as refused:  # a version from before today's checks: it is fixed first, by revising
            raise CopyRefused({"source": _("%(title)s的定义未通过检查，请先修订：%(problems)s", title=source.title,
                                           problems="；".join(refused.problems))}) from refused
        bodies.append((store, body))
    made = BusinessType(key=key, title=title, workflow_key=source.workflow_key, form_key=source.form_key,
                        notice=source.notice, reason_templates=source.reason_templates,
                        message_templates=[MessageTemplate(**template.to_mongo()) for template in source.message_templates],
                        resubmission_limit=source.resubmission_limit, fee=source.fee,
                        review_districts=list(source.review_districts), offered_if=source.offered_if,
                        offered_message=source.offered_message, submit_rule=source.submit_rule,
                        submit_message=source.submit_message, enabled=False)
    try:
        made.save()  # first, so of two copies to one key only one goes on
    except NotUniqueError as taken:
        raise CopyRefused({"key": _("业务代码 %(key)s 已被使用，请换一个。", key=key)}) from taken
    note = _("复制自 %(title)s（%(key)s）", title=source.title, key=source.key)
    try:
        for store, body in bodies:
            store.save(key, body, author, title=title, note=note)
    except DefinitionRefused as refused:
        for store, _body in bodies:
            store.document.objects(key=key).delete()
        made.delete()
        raise CopyRefused({"key": "；".join(refused.problems)}) from refused
    BusinessType.objects(pk=made.pk).update_one(set__workflow_key=key, set__form_key=key)
    return made.reload()
