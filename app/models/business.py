"""Business types 业务类型: what an administrator sets per application type without code."""
from flask_babel import lazy_gettext as _l
from mongoengine import (PULL, BooleanField, DateTimeField, DecimalField, Document, EmbeddedDocumentField, IntField,
                         ListField, ReferenceField, StringField, ValidationError)

from app import rules
from app.wording import in_locale

from .application import Application
from .district import District
from .message import MessageTemplate


class BusinessType(Document):
    key = StringField(required=True, unique=True, regex=r"^[a-z_]{2,40}$", verbose_name=_l("业务代码"),
                      error_message=_l("业务代码为2–40位小写字母或下划线。"))
    title = StringField(required=True, max_length=50, verbose_name=_l("业务名称"))
    # What an English page shows instead (app/wording.py); blank: the Chinese.
    title_en = StringField(max_length=100, verbose_name=_l("业务名称（英文）"))
    workflow_key = StringField(required=True, max_length=40, verbose_name=_l("流程"))
    form_key = StringField(required=True, max_length=40, verbose_name=_l("表单"))
    notice = StringField(multiline=True, max_length=20000, verbose_name=_l("考生须知"))
    notice_en = StringField(multiline=True, max_length=20000, verbose_name=_l("考生须知（英文）"))
    opens_at = DateTimeField(verbose_name=_l("开放时间"))
    closes_at = DateTimeField(verbose_name=_l("截止时间"))
    resubmission_limit = IntField(min_value=0, verbose_name=_l("重新提交次数上限"),
                                  error_message=_l("重新提交次数上限为不小于0的整数；留空表示不限。"))
    # What the candidate pays when the workflow asks for payment (毕业审定费); empty means free.
    fee = DecimalField(min_value=0, precision=2, verbose_name=_l("收费标准（元）"),
                       error_message=_l("收费标准为不小于0的金额，最多两位小数；留空表示免费。"))
    # Timers, in working days (app/services/working_days.py): how long an application may wait at one review level
    # before it is flagged overdue and escalated to the level above, and how long an application awaiting payment
    # may stay unpaid before it is cancelled and its on-site review seat given back.
    review_days = IntField(min_value=1, verbose_name=_l("每级审核时限（工作日）"),
                           error_message=_l("每级审核时限为不小于1的工作日数；留空表示不限。"))
    payment_days = IntField(min_value=1, verbose_name=_l("缴费期限（工作日）"),
                            error_message=_l("缴费期限为不小于1的工作日数；留空表示不限。"))
    # Besides their own district's, the on-site review slots 现场审核批次 its candidates may choose; empty: their own
    # district's only.
    review_districts = ListField(ReferenceField(District, reverse_delete_rule=PULL),
                                 verbose_name=_l("可选其他区县的现场审核批次"))
    reason_templates = StringField(multiline=True, max_length=5000, verbose_name=_l("常用审核意见"),
                                   help_text=_l("每行一条，审核时可直接选用。"))
    enabled = BooleanField(default=True, verbose_name=_l("启用"))
    # Rules as data (app/rules.py): who the type is offered to, and what a submission must meet, each with what the
    # candidate reads when it does not hold.
    offered_if = StringField(max_length=500, verbose_name=_l("申请条件"), help_text=_l(
        "符合这条规则的考生才能申请，如 level == \"本科\"，或 passed(\"00015\")；留空表示不限。"))
    offered_message = StringField(max_length=200, verbose_name=_l("不符合申请条件时的说明"))
    submit_rule = StringField(max_length=500, verbose_name=_l("提交条件"), help_text=_l(
        "提交时须满足的规则，可使用表单内容，如 answers[\"cet4_score\"] >= 425；留空表示不限。"))
    submit_message = StringField(max_length=200, verbose_name=_l("不满足提交条件时的说明"))
    # The site message each decision sends the candidate (业务类型 → 消息模板); a decision without one sends none.
    message_templates = ListField(EmbeddedDocumentField(MessageTemplate), verbose_name=_l("消息模板"))

    meta = {"collection": "business_types", "ordering": ["key"], "indexes": ["workflow_key", "form_key"]}

    def clean(self):
        from .definitions import FormDefinition, WorkflowDefinition

        errors = {}
        stored = BusinessType.objects(pk=self.pk).scalar("key").first() if self.pk else None
        if stored and stored != self.key and Application.objects(type=stored).only("id").first():
            # An application names its type by key: a new key would strand it (its queue, its resubmission).
            errors["key"] = ValidationError(_l("已有申请使用业务代码 %(key)s，不能再修改。", key=stored))
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = ValidationError(_l("截止时间须晚于开放时间。"))
        if self.workflow_key and WorkflowDefinition.latest(self.workflow_key) is None:
            errors["workflow_key"] = ValidationError(_l("没有这个流程定义。"))
        if self.form_key and FormDefinition.latest(self.form_key) is None:
            errors["form_key"] = ValidationError(_l("没有这个表单定义。"))
        for name, message in (("offered_if", "offered_message"), ("submit_rule", "submit_message")):
            found = rules.problems(getattr(self, name)) if getattr(self, name) else []
            if not found and name == "offered_if" and getattr(self, name) and "answers" in rules.names_in(self.offered_if):
                found = [_l("申请条件在考生开始申请前判断，不能使用 answers（表单内容），请写在提交条件中。")]
            if found:
                errors[name] = ValidationError(found[0])
            elif getattr(self, name) and not (getattr(self, message) or "").strip():
                errors[message] = ValidationError(_l("请写明不符合规则时考生看到的说明。"))
        found = template_problems(self.message_templates)
        if found:
            errors["message_templates"] = ValidationError(next(iter(found[min(found)].values())))
        if errors:
            raise ValidationError(errors=errors)

    def template_for(self, event, state):
        """The message template of `event` taking an application to `state`, or None."""
        return next((t for t in self.message_templates if (t.event, t.state) == (event, state)), None)

    def shown_title(self):
        """The title in the page's language."""
        return in_locale(self.title, self.title_en)

    def shown_notice(self):
        """The notice in the page's language."""
        return in_locale(self.notice, self.notice_en)

    def reasons(self):
        return [line.strip() for line in (self.reason_templates or "").splitlines() if line.strip()]

    def __str__(self):
        return self.title


def template_problems(templates):
    """{row index: {field: why}} of message templates that cannot be saved together: each one's own problems, and a
    second template for a decision that already has one."""
    found, seen = {}, set()
    for index, template in enumerate(templates):
        problems = dict(template.problems())
        if (template.event, template.state) in seen:
            problems["event"] = _l("这一办理事项已有消息模板，每个办理事项只能有一个。")
        seen.add((template.event, template.state))
        if not (template.event and template.state):
            problems["event"] = _l("请选择办理事项。")
        if problems:
            found[index] = problems
    return found
