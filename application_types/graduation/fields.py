"""The graduation wizard's own field kinds and step checks: the plan audit shown and obeyed while the candidate
chooses scores, substitutions and the extra-exam option; the details to confirm; the photo; prior education.

Kinds declare in forms.kinds what they offer, what the candidate's record adds to a field's help and why a value
is not offered; step checks register in forms.checks by name, so a form definition names them as data.
"""
from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.models import Major
from app import wording
from app.services import graduation_audit as audits
from app.services import holds
from forms.checks import step_check
from forms.kinds import field_kind

from .form import AFTER_2002, BEFORE_2002

BENKE = "本科"
SUBSTITUTION_SEPARATOR = ":"
VERIFIED_PHOTO = "verified"  # the photo_source choice that reuses the verified identity photo


def profile_text(candidate):
    """The personal information the candidate confirms, as one line."""
    if candidate is None:
        return ""
    parts = ((_("姓名"), candidate.name), (_("性别"), candidate.get_sex_display()), (_("身份证号"), candidate.id_number),
             (_("准考证号"), candidate.exam_number), (_("考籍管理区县"), candidate.district and candidate.district.name),
             (_("手机"), candidate.phone))
    return wording.sentence((label, value or "—") for label, value in parts)


def _plan(context, major_code):
    key = ("plan", major_code)
    if key not in context.cache:
        major = Major.objects(code=major_code).first() if major_code else None
        context.cache[key] = audits.load_plan(major) if major else None
    return context.cache[key]


def _scores(context):
    if "scores" not in context.cache:
        candidate_id = str(context.candidate.pk)
        context.cache["scores"] = audits.load_scores([candidate_id], published_only=True).get(candidate_id, [])
    return context.cache["scores"]


def choices_from(values, application=None):
    """The audit's Choices from the wizard's answers; substitutions never saved are left to the audit to suggest."""
    substitutions = None
    if "substitutions" in values:
        substitutions = {}
        for value in values.get("substitutions") or []:
            rule, _sep, score = value.partition(SUBSTITUTION_SEPARATOR)
            substitutions.setdefault(rule, []).append(score)
    chosen = values.get("scores")
    return audits.Choices(scores=tuple(chosen) if chosen else None, substitutions=substitutions,
                          extra_option=values.get("extra_option") or None,
                          explanation=(values.get("explanation") or "").strip(), application=application)


def audit_for(context, values=None):
    """The audit of the chosen major against the candidate's scores and the answers so far, or None."""
    values = context.values if values is None else values
    plan = _plan(context, values.get("major"))
    if plan is None:
        return None
    return audits.audit(plan, _scores(context), choices_from(values, context.application))


def audit_answers(candidate_id, data, application_id=None):
    """The audit of a graduation application's answers `data` (its chosen major's plan) on the scores the candidate
    may see, as the wizard showed it, or None without a plan."""
    major = Major.objects(code=data.get("major")).first() if data.get("major") else None
    plan = audits.load_plan(major) if major else None
    if plan is None:
        return None
    scores = audits.load_scores([str(candidate_id)], published_only=True).get(str(candidate_id), [])
    return audits.audit(plan, scores, choices_from(data, application_id))


def audit_report(field):
    """The audit of the answers saved so far, as the wizard shows it."""
    result = audit_for(field.context)
    if result is None:
        return Markup('<p class="help">%s</p>') % _("请先选择毕业专业。")
    return render_template("graduation/_audit.html", result=result)


def _score_label(score):
    return _("%(name)s（%(code)s），成绩%(mark)s，%(credits)d学分，%(sitting)s，准考证号%(number)s，%(source)s",
             name=score.course_name, code=score.course_code, mark=score.display_mark, credits=score.credits,
             sitting=score.sitting, number=score.earned_under, source=score.source_label)


def _usable(context, describing):
    scores = _scores(context)
    if describing:
        return scores
    return [s for s in scores if s.passed and not s.transferred_out
            and s.locked_by in (None, context.application)]


def graduation_scores(context, spec_field, describing=False):
    return [(s.id, _score_label(s)) for s in _usable(context, describing) if s.passed]


def extra_exam(context, spec_field, describing=False):
    plan = _plan(context, context.values.get("major"))
    return [(option.id, option.label) for option in plan.extra_options] if plan else []


def substitution_scores(context, spec_field, describing=False):
    plan = _plan(context, context.values.get("major"))
    if plan is None:
        return []
    offered = audits.substitution_options(plan, _scores(context), choices_from(context.values, context.application))
    found = [(f"{rule.id}{SUBSTITUTION_SEPARATOR}{score.id}",
              _("顶替 %(replaced)s：%(score)s", replaced=wording.joined(rule.replaces), score=_score_label(score)))
             for rule, scores in offered for score in scores]
    if describing:  # a saved choice still reads after the options changed
        known = {value for value, _label in found}
        labels = {s.id: _score_label(s) for s in _scores(context)}
        found += [(value, labels.get(value.partition(SUBSTITUTION_SEPARATOR)[2], value))
                  for value in context.values.get("substitutions") or [] if value not in known]
    return found


def no_verified_photo(candidate):
    """Why the candidate has no verified identity photo to reuse; None when they have one."""
    if candidate is not None and candidate.verified_photo_id:
        return None
    if candidate is not None and candidate.identity_verified:
        return _("您在考籍管理区县现场完成了身份认证，没有身份认证照片可以使用，请上传新照片。")
    return _("您尚未完成身份认证，没有身份认证照片可以使用，请上传新照片。")


def photo_source(context, spec_field, describing=False):
    """The definition's choices; reusing the verified identity photo only for a candidate who has one."""
    if describing or not no_verified_photo(context.candidate):
        return list(spec_field.choices)
    return [(value, label) for value, label in spec_field.choices if value != VERIFIED_PHOTO]


def best_scores(context, spec_field):
    """Ticked before the candidate first saves the list: the best score of each course."""
    return list(audits.best_ids(_usable(context, describing=False)))


def suggested_substitutions(context, spec_field):
    """Ticked before the candidate first saves the list: the substitutions the audit suggests."""
    result = audit_for(context)
    if result is None:
        return []
    return [f"{rule}{SUBSTITUTION_SEPARATOR}{score}" for rule, scores in result.suggested_substitutions.items()
            for score in scores]


field_kind("profile_confirm", "boolean", _l("确认考籍信息（毕业）"),
           _l("显示考生的考籍信息，考生勾选确认无误；用于毕业申请。"), facts=lambda context, spec_field: profile_text(context.candidate))
field_kind("audit_report", "display", _l("毕业审核结果（毕业）"), _l("显示按专业计划审核课程的结果；用于毕业申请。"),
           render=audit_report)
field_kind("graduation_scores", "choices", _l("毕业课程成绩（毕业）"), _l("考生选择计入毕业的成绩；用于毕业申请。"),
           choices=graduation_scores, default=best_scores)
field_kind("extra_exam", "choice", _l("加考课程（毕业）"), _l("专业要求加考时，考生选择加考课程；用于毕业申请。"),
           choices=extra_exam, required_when_offered=True)
field_kind("substitution_scores", "choices", _l("顶替课程成绩（毕业）"),
           _l("考生选择用于顶替计划课程的成绩；用于毕业申请。"), choices=substitution_scores, default=suggested_substitutions)
field_kind("photo_source", "choice", _l("照片来源（毕业）"), _l("考生选择沿用认证照片或重新上传；用于毕业申请。"),
           choices=photo_source, own_choices=True,
           facts=lambda context, spec_field: no_verified_photo(context.candidate),
           refusal=lambda context, spec_field: no_verified_photo(context.candidate))


@step_check("graduation_major_free", _l("该专业没有其他未办结的毕业申请（毕业）"))
def graduation_major_free(context, values):
    """A major already applied for, by an application that stands, cannot be applied for again."""
    taken = holds.major_taken(context.candidate.pk, context.kind, values.get("major"), context.application)
    return {"major": [taken]} if taken else {}


@step_check("graduation_audit", _l("所选成绩满足专业计划的毕业要求（毕业）"))
def graduation_audit(context, values):
    """The chosen scores, substitutions and option must make the candidate eligible for the chosen major."""
    result = audit_for(context)
    if result is None:
        return {"": [_("请先选择毕业专业。")]}
    problems = {name: list(messages) for name, messages in result.problems.items() if messages}
    if not result.eligible and not problems:
        problems[""] = list(result.reasons)
    return problems


@step_check("prior_education", _l("本科专业须填写前置学历（毕业）"))
def prior_education(context, values):
    """For 本科: the diploma's month agrees with the era chosen; a different name needs the name-change proof."""
    if context.values.get("major_level") != BENKE:
        return {}
    problems = {}
    month, era = values.get("diploma_month") or "", values.get("prior_era")
    if (era == AFTER_2002 and month < "2002-01") or (era == BEFORE_2002 and month >= "2002-01"):
        problems["prior_era"] = [_("取得毕业证书年月为 %(month)s，与所选毕业时间“%(era)s”不符。", month=month, era=era)]
    name = (values.get("prior_name") or "").strip()
    if name and name != context.candidate.name and not context.attachment_counts.get("name_change_proof"):
        problems["name_change_proof"] = [_("前置学历姓名“%(old)s”与现用名“%(new)s”不一致，请上传姓名更改证明。",
                                           old=name, new=context.candidate.name)]
    return problems


@step_check("graduation_photo_source", _l("没有认证照片时须上传毕业照片（毕业）"))
def graduation_photo_source(context, values):
    """The verified identity photo can be used only by a candidate who has one (a definition may offer the choice
    as a plain select)."""
    missing = no_verified_photo(context.candidate) if values.get("photo_source") == VERIFIED_PHOTO else None
    return {"photo_source": [missing]} if missing else {}


@step_check("resume_in_order", _l("按顺序填写个人简历（毕业）"))
def resume_in_order(context, values):
    """Each résumé row starts before it ends."""
    wrong = [int(slot) + 1 for slot, row in (values.get("resume") or {}).items()
             if row.get("start") and row.get("end") and row["start"] > row["end"]]
    if wrong:
        return {"resume": [_("本人主要简历第%(rows)s项的起始时间晚于结束时间。", rows=wording.joined(map(str, sorted(wrong))))]}
    return {}

