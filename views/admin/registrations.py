"""Registrations 报考信息, read-only and limited to the reviewer's scope: candidates make and change them, payments
and the district's review settle them."""
from flask_babel import lazy_gettext as _l

from app import roles
from app.datamodel import MongoEngineInterface, MongoModelView
from app.models import Registration

from .scope import scoped


class RegistrationView(MongoModelView):
    datamodel = MongoEngineInterface(Registration)
    class_permission_name = roles.REGISTRATIONS
    noun = _l("报考信息")
    base_permissions = list(roles.READ)
    exclude_route_methods = {"add", "edit", "delete", "download", "action", "action_post"}
    base_filters = scoped()
    base_order = ("submitted_at", "desc")
    list_columns = ["exam_number", "candidate_name", "sitting", "district", "major", "courses", "paid", "review",
                    "submitted_at"]
    show_columns = ["exam_number", "candidate_name", "id_number", "sitting", "district", "major", "courses", "paid",
                    "review", "review_comment", "version", "first_submitted_at", "submitted_at"]
    search_columns = ["sitting", "exam_number", "candidate_name", "district", "review", "submitted_at"]


VIEWS = ((RegistrationView, "fa-list-alt"),)
