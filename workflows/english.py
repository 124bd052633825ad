"""The English of the states and events most shipped workflows share (Workflow.with_english), so each workflow
names only the English of its own: a state or event it calls otherwise, or one no other workflow has."""

STATES = {
    "draft": "Draft",
    "district_review": "District review",
    "provincial_review": "Provincial review",
    "rejected": "Not approved",
    "approved": "Approved",
    "withdrawn": "Withdrawn",
}

EVENTS = {
    "submit": "Submit",
    "update": "Edit and resubmit",
    "approve": "Approve",
    "reject": "Reject",
    "resubmit": "Resubmit",
    "withdraw": "Withdraw",
}
