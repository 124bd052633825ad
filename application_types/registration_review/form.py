"""What the district reviews: the registration as submitted, written out by the registration use case. The
typed values stay on the registration itself (app/models/registration.py); these are what the review page shows."""
from forms.spec import Field, FormSpec, Step

REGISTRATION_REVIEW_FORM = FormSpec(
    key="registration_review",
    title="报考信息",
    steps=(
        Step("registration", "报考信息", (
            Field("sitting", "text", "考次"),
            Field("exam_district", "text", "报考考区"),
            Field("registered_major", "text", "报考专业"),
            Field("courses", "textarea", "报考课程"),
        ), states=("draft",)),
    ),
).with_english(
    title="Registration",
    steps={"registration": "Registration"},
    fields={
        "sitting": {"label": "Sitting"},
        "exam_district": {"label": "Exam district"},
        "registered_major": {"label": "Major"},
        "courses": {"label": "Courses"},
    },
)
