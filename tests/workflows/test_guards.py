"""The guards every type may use, as pure functions of a context built in memory: no seeded world, no query."""
import datetime
from decimal import Decimal

import bson
import pytest

from app import roles
from app.models import BusinessType, Candidate
from app.models.application import HistoryEntry
from app.scope import Scope
from forms.spec import Field, FormSpec, Step
from tests.guards import CANDIDATE, DISTRICT, NOW, check, context
from workflows.engine import Actor
from workflows.registry import READS

FORM = FormSpec("form", "表", (Step("one", "一", (Field("name", "text", "姓名", required=True),
                                                 Field("slot", "review_slot", "现场审核地点与时间"))),))


def window(opens, closes, enabled=True):
    return BusinessType(key="exemption", title="免考申请", enabled=enabled, opens_at=opens, closes_at=closes)


@pytest.mark.parametrize("business, said", [
    (window(NOW - datetime.timedelta(days=1), NOW + datetime.timedelta(days=1)), None),
    (window(NOW + datetime.timedelta(days=1), NOW + datetime.timedelta(days=9)),
     "该业务的办理时间为 2026-05-11 09:30 至 2026-05-19 09:30，当前不在办理时间内。"),
    (window(None, None), "该业务目前未开放办理。"),
    (window(NOW - datetime.timedelta(days=1), NOW + datetime.timedelta(days=1), enabled=False), "该业务目前未开放办理。"),
    (None, "该业务目前未开放办理。"),
])
def test_the_window_is_read_from_the_business_type_in_the_context(app_ctx, business, said):
    assert READS["window_open"] == ("business",)
    assert check("window_open", context(business=business)) == said


def test_resubmissions_count_the_history_against_the_types_limit(app_ctx):
    once = [HistoryEntry(event="resubmit", from_state="rejected", to_state="district_review", actor_kind="candidate",
                         at=NOW)]
    limited = BusinessType(key="exemption", title="免考申请", resubmission_limit=1)

    assert check("resubmissions_left", context(business=limited)) is None
    assert check("resubmissions_left", context(history=once, business=limited)) == "该业务最多可重新提交 1 次，您已用完。"
    assert check("resubmissions_left", context(history=once, business=BusinessType(key="exemption"))) is None


def test_a_missing_required_answer_is_named(app_ctx):
    assert check("form_complete", context(form=FORM)) == "以下内容尚未填写完整：姓名。"
    assert check("form_complete", context(data={"name": "张明"}, form=FORM)) is None


def test_identity_and_a_retired_record_are_read_from_facts(app_ctx):
    assert check("identity_verified", context(candidate=Candidate(identity_verified=False))) == "请先完成身份认证。"
    assert check("identity_verified", context(candidate=Candidate(identity_verified=True))) is None
    assert check("record_not_retired", context(merged_into_number="080105408130")) == (
        "该考生的档案已合档并入准考证号 080105408130，本申请不能再办理。")
    assert check("record_not_retired", context(merged_into_number=None)) is None


@pytest.mark.parametrize("scope, target, covered", [
    (Scope(roles.SCOPE_SELF, str(CANDIDATE)), None, True),
    (Scope(roles.SCOPE_SELF, str(bson.ObjectId())), None, False),
    (Scope(roles.SCOPE_PROVINCE), None, True),
    (Scope(roles.SCOPE_DISTRICT, "120101"), DISTRICT, True),
    (Scope(roles.SCOPE_DISTRICT, "140105"), bson.ObjectId(), False),
    (Scope(roles.SCOPE_UNIVERSITY, "10055"), "10055", True),
    (Scope(roles.SCOPE_UNIVERSITY, "10055"), "10056", False),
    (Scope(None), None, False),
])
def test_the_actor_acts_only_within_their_scope(app_ctx, scope, target, covered):
    actor = Actor("staff", "1", "审核员", frozenset(), scope)
    said = check("actor_in_scope", context(actor, scope_target=target))
    assert said == (None if covered else "该申请不在您的办理范围内。")


def test_a_paid_application_cannot_be_cancelled_and_a_full_slot_is_named(app_ctx):
    assert check("nothing_paid", context(paid=True)) == "该申请已支付，不能取消。"
    assert check("nothing_paid", context(paid=False)) is None
    chosen = {"name": "张明", "slot": "slot-1"}
    assert check("review_slots_held", context(data=chosen, form=FORM, slots_held={"slot-1": False})) == (
        "您选择的现场审核地点与时间已报满，请选择其他批次。")
    assert check("review_slots_held", context(data=chosen, form=FORM, slots_held={"slot-1": True})) is None


@pytest.mark.parametrize("fee, said", [(None, None), (Decimal("0.00"), None), (Decimal("300.00"), "该业务需缴纳费用。")])
def test_only_a_type_without_a_fee_skips_payment(app_ctx, fee, said):
    assert check("no_fee_due", context(business=BusinessType(key="graduation", fee=fee))) == said


def test_a_guard_reading_a_fact_it_did_not_declare_is_told_so():
    with pytest.raises(AttributeError, match="neither in its context nor a fact it declared"):
        context().candidate  # noqa: B018
