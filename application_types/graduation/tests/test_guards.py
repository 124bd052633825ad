"""Graduation: its guards as pure functions of the audit's result and of the majors already applied for."""
from types import SimpleNamespace

from tests.guards import check, context


def test_the_audit_in_the_context_decides(app_ctx):
    eligible = SimpleNamespace(eligible=True, problems={}, reasons=())
    short = SimpleNamespace(eligible=False, problems={"scores": ["缺少课程 00015"]}, reasons=("学分不足",))
    assert check("graduation_audit", context(type_key="graduation", graduation_audit=eligible)) is None
    assert check("graduation_audit", context(type_key="graduation", graduation_audit=short)) == (
        "毕业条件审核未通过：缺少课程 00015")
    assert check("graduation_audit", context(type_key="graduation", graduation_audit=None)) == (
        "所选专业没有专业计划，暂不能申请毕业。")


def test_a_major_already_applied_for_is_refused_with_the_reason_the_fact_gives(app_ctx):
    taken = "您已有 030101K 专业的毕业申请，不能重复申请。"
    assert check("graduation_major_free", context(type_key="graduation", major_taken=taken)) == taken
    assert check("graduation_major_free", context(type_key="graduation", major_taken=None)) is None
