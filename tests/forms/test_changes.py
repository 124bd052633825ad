"""What a form's version page says changed since the version before: the shipped forms, edited as an administrator
would, told step by step and field by field in words."""
import copy

import pytest

from application_types.exemption.form import EXEMPTION_FORM
from application_types.recheck.form import RECHECK_FORM
from application_types.recheck.workflow import RECHECK
from forms.changes import changes
from forms.spec import FormSpec


@pytest.fixture
def exemption(app_ctx):
    """The shipped exemption form's body, to edit."""
    return copy.deepcopy(EXEMPTION_FORM.to_data())


def voucher(body):
    """The exemption's voucher group (within 各课程凭证), whose fields are edited in place."""
    return body["steps"][2]["fields"][0]["fields"][0]


def said(old, new, states=None):
    return changes(FormSpec.from_data(old), FormSpec.from_data(new), states)


def test_the_same_form_has_no_changes(exemption):
    assert said(exemption, copy.deepcopy(exemption)) == []


def test_a_new_step_and_a_new_field_say_where_they_are_and_what_the_field_is(exemption):
    edited = copy.deepcopy(exemption)
    edited["steps"].append({"key": "contact", "title": "联系方式", "fields": [
        {"name": "address", "type": "textarea", "label": "通讯地址"}]})
    edited["steps"][2]["fields"].append({"name": "phone", "type": "text", "label": "联系电话", "required": True})

    assert said(exemption, edited) == [
        "新增步骤“联系方式”",
        "步骤“填写凭证”新增字段“联系电话”（phone，单行文字，必填）",
        "步骤“联系方式”新增字段“通讯地址”（address，多行文字，选填）",
    ]


def test_a_fields_rules_limits_and_requirement_read_old_to_new_in_words(exemption):
    edited = copy.deepcopy(exemption)
    fields = {f["name"]: f for f in voucher(edited)["fields"]}
    fields["images"]["rules"].update(max_kb=2048, formats=["JPEG", "PNG", "PDF"], min_width=600)
    fields["remark"].update(required=True, max_length=None, help="如有其他情况请说明")
    fields["number"]["label"] = "证书编号"

    assert said(exemption, edited) == [
        "字段“凭证编号”改名为“证书编号”",
        "字段“备注”的说明文字：（空） → 如有其他情况请说明",
        "字段“备注”的必填：否 → 是",
        "字段“备注”的最多字数：200 → 不限",
        "字段“凭证图片”的文件格式：JPG、PNG → JPG、PNG、PDF",
        "字段“凭证图片”的最大大小：1024 KB → 2048 KB",
        "字段“凭证图片”的最小宽度：不限 → 600 像素",
    ]


def test_choices_added_removed_relabelled_and_reordered_are_named_by_their_labels(exemption):
    edited = copy.deepcopy(exemption)
    kinds = voucher(edited)["fields"][0]
    kinds["choices"] = [["CET", "大学英语等级考试"], ["PETS", "PETS"], ["学历证书", "学历证书"], ["电子注册备案表", "电子注册备案表"],
                        ["学历认证报告", "学历认证报告"], ["职业资格证书", "职业资格证书"], ["技能证书", "技能证书"]]

    assert said(exemption, edited) == [
        "字段“凭证类型”新增选项“技能证书”",
        "字段“凭证类型”删除选项“其他”",
        "字段“凭证类型”的选项“CET”改为“大学英语等级考试”",
        "字段“凭证类型”的选项顺序：PETS、CET、学历证书、电子注册备案表、学历认证报告、职业资格证书 → "
        "大学英语等级考试、PETS、学历证书、电子注册备案表、学历认证报告、职业资格证书",
    ]


def test_a_moved_a_removed_and_a_reordered_field_and_a_condition(exemption):
    edited = copy.deepcopy(exemption)
    major = edited["steps"][0]["fields"].pop()
    edited["steps"][1]["fields"].insert(0, major)
    group = voucher(edited)
    group["fields"] = [f for f in group["fields"] if f["name"] != "province"]
    group["fields"][0], group["fields"][1] = group["fields"][1], group["fields"][0]
    group["fields"][3]["visible_if"] = {"field": "type", "any_of": ["学历证书", "其他"]}
    edited["steps"][1]["title"] = "选择专业与课程"

    assert said(exemption, edited) == [
        "步骤“选择要免考的课程”改名为“选择专业与课程”",
        "字段“专业”移到步骤“选择专业与课程”",
        "字段“备注”的显示条件：无 → “凭证类型”为“学历证书”、“其他”之一",
        "分组“凭证”删除字段“获取凭证省份”（province）",
        "分组“凭证”的字段顺序：凭证类型、凭证编号、获取凭证时间、备注、凭证图片 → 凭证编号、凭证类型、获取凭证时间、备注、凭证图片",
    ]


def test_a_steps_check_and_a_files_content_check_are_named_by_what_they_check(app_ctx):
    from application_types.graduation.form import GRADUATION_FORM

    shipped = GRADUATION_FORM.to_data()
    edited = copy.deepcopy(shipped)
    step = next(s for s in edited["steps"] if s.get("check") == "prior_education")
    step["check"] = "resume_in_order"
    photo = next(f for s in edited["steps"] for f in s["fields"] if f.get("rules", {}).get("check"))
    photo["rules"]["check"] = "registration_photo"

    assert said(shipped, edited) == [
        f"步骤“{step['title']}”的检查：本科专业须填写前置学历（毕业） → 按顺序填写个人简历（毕业）",
        f"字段“{photo['label']}”的内容检查：毕业照片的格式、大小与尺寸 → 报名照片的格式、大小与尺寸",
    ]


def test_a_steps_states_are_named_by_the_workflows_labels_and_steps_reordered(app_ctx):
    shipped = RECHECK_FORM.to_data()
    edited = copy.deepcopy(shipped)
    edited["steps"].reverse()
    edited["steps"][0]["states"] = ["awaiting_form"]
    edited["title"] = "成绩复核申请"

    assert said(shipped, edited, RECHECK.states) == [
        "表单名称：成绩复核 → 成绩复核申请",
        f"步骤“上传盖章的复核申请表”的开放状态：{RECHECK.states['awaiting_form']}、{RECHECK.states['rejected']} → "
        f"{RECHECK.states['awaiting_form']}",
        "步骤顺序：填写复核成绩及原因、上传盖章的复核申请表 → 上传盖章的复核申请表、填写复核成绩及原因",
    ]
