"""Graduation 毕业申请 (seed 000 §10, 001, 003 §5.2, 004): the plan audit at submission, the district's pre-review,
the graduation fee, the registration form 毕业生登记表, then the university's or the province's decision.

An unpaid application goes no further (seed 000 §10.8); the fee is not refunded (seed 004 §五), so a decision
against the candidate after payment ends the application. After a pre-review rejection the candidate may
resubmit within the window, as often as the business type allows (seed 004: once).
"""
from workflows.spec import Transition as T
from workflows.spec import Workflow

_SUBMIT_GUARDS = ["identity_verified", "window_open", "form_complete", "graduation_audit", "graduation_major_free",
                  "review_slots_held"]

GRADUATION = Workflow(
    key="graduation",
    title="毕业申请",
    initial="draft",
    states={"draft": "草稿", "district_review": "考区初审中", "rejected": "初审未通过",
            "awaiting_payment": "待支付", "final_review": "毕业审定中", "approved": "审定通过",
            "not_approved": "审定未通过", "cancelled": "已取消"},
    final={"approved", "not_approved", "cancelled"},
    events={"submit": "提交申请", "update": "修改并重新提交", "approve": "审核通过", "reject": "审核不通过",
            "resubmit": "重新提交", "pay": "支付毕业审定费", "waive": "免交毕业审定费", "register": "填写毕业生登记表",
            "withdraw": "取消申请", "expire": "逾期未缴费，自动取消"},
    transitions=[
        T("submit", "draft", "district_review", by="candidate", guards=_SUBMIT_GUARDS, stamp="submitted_at",
          publish=True, effects=["record_graduation_audit"]),
        # While the district has not acted, the candidate may correct and resubmit.
        T("update", "district_review", "district_review", by="candidate", guards=_SUBMIT_GUARDS,
          stamp="submitted_at", publish=True, effects=["record_graduation_audit"]),
        T("approve", "district_review", "awaiting_payment", by="district_reviewer"),
        T("reject", "district_review", "rejected", by="district_reviewer", comment_required=True),
        T("resubmit", "rejected", "district_review", by="candidate", guards=[*_SUBMIT_GUARDS, "resubmissions_left"],
          stamp="submitted_at", publish=True, effects=["record_graduation_audit"]),
        # Only the payment gateway's verified callback pays; the scores the audit used are locked from then on.
        T("pay", "awaiting_payment", "final_review", by="system", effects=["lock_graduation_scores"]),
        # A type without a fee is not held for payment.
        T("waive", "awaiting_payment", "final_review", by="system", auto=True, guards=["no_fee_due"],
          effects=["lock_graduation_scores"]),
        T("register", "final_review", "final_review", by="candidate", guards=["form_complete"], publish=True),
        # The registration form is part of the file the university or province decides on.
        T("approve", "final_review", "approved", by=["university_reviewer", "provincial_reviewer"],
          guards=["form_complete"]),
        T("reject", "final_review", "not_approved", by=["university_reviewer", "provincial_reviewer"],
          comment_required=True, effects=["unlock_graduation_scores"]),
        T("withdraw", ["draft", "district_review", "rejected", "awaiting_payment"], "cancelled", by="candidate",
          guards=["nothing_paid"], effects=["release_review_slots", "close_payment_orders"]),
        # Unpaid past the type's payment limit (BusinessType.payment_days): the platform cancels it and gives its
        # on-site review seat back (usecases/payment.expire_unpaid).
        T("expire", "awaiting_payment", "cancelled", by="system", guards=["nothing_paid"],
          effects=["release_review_slots", "close_payment_orders"]),
    ],
).with_english(
    title="Graduation",
    states={
        "district_review": "District pre-review",
        "rejected": "Pre-review not passed",
        "awaiting_payment": "Awaiting payment",
        "final_review": "Graduation review",
        "approved": "Graduation approved",
        "not_approved": "Graduation not approved",
        "cancelled": "Cancelled",
    },
    events={
        "withdraw": "Cancel application",
        "pay": "Pay the graduation fee",
        "waive": "Graduation fee waived",
        "register": "Fill in the graduate registration form",
        "expire": "Cancelled: fee not paid in time",
    },
)
