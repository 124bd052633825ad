"""Staff security on FAB's SQL store: users carry the district or university they serve; every sign-in
attempt is recorded, and limited per account as well as per address; FAB's JSON security API is off."""
from flask import abort, current_app, g, has_app_context, request
from flask_appbuilder import expose, has_access
from flask_appbuilder.security.api import SecurityApi
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.sqla.models import User, assoc_permissionview_role
from flask_appbuilder.security.views import (AuthDBView, RoleModelView, UserDBModelView, UserGroupModelView,
                                            UserStatsChartView)
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, String, event
from sqlalchemy.orm import Session
from wtforms import SelectField

from app import roles
from app.extensions import limiter
from app.models import District, University
from workflows.reach import reach
from app.services import staff_logins


class StaffUser(User):
    __tablename__ = "ab_user"
    __table_args__ = {"extend_existing": True}
    district_code = Column(String(6), nullable=True)
    university_code = Column(String(5), nullable=True)


def _district_choices():
    return [("", _l("（不限）"))] + [(d.code, f"{d.code} {d.name}") for d in District.objects.only("code", "name")]


def _university_choices():
    return [("", _l("（不限）"))] + [(u.code, f"{u.code} {u.name}") for u in University.objects.only("code", "name")]


def _scope_fields():
    return {
        "district_code": SelectField(_l("所属考籍管理区县"), choices=_district_choices,
                                     description=_l("区县审核员只能看到和处理本区县考生的业务。")),
        "university_code": SelectField(_l("所属主考院校"), choices=_university_choices,
                                       description=_l("院校审核员只能处理本校主考专业的业务。")),
    }


# FAB's download route serves the files of FAB's own upload columns, which no staff screen has.
NO_DOWNLOAD = {"download"}


class StaffRoleView(RoleModelView):
    exclude_route_methods = NO_DOWNLOAD


class StaffGroupView(UserGroupModelView):
    exclude_route_methods = NO_DOWNLOAD


class StaffStatsChartView(UserStatsChartView):
    @expose("/chart/<group_by>")
    @expose("/chart/")
    @has_access
    def chart(self, group_by="0"):
        """FAB's login statistics; a chart number that names none of its charts is not found."""
        if str(group_by) not in {str(number) for number in range(len(self.definitions))}:
            abort(404)
        return super().chart(group_by)


class StaffUserView(UserDBModelView):
    exclude_route_methods = NO_DOWNLOAD
    label_columns = {**(UserDBModelView.label_columns or {}),
                     "district_code": _l("所属区县"), "university_code": _l("所属院校")}
    list_columns = ["first_name", "last_name", "username", "email", "active", "roles", "district_code",
                    "university_code"]
    show_fieldsets = [
        (_l("用户"), {"fields": ["username", "active", "roles", "login_count"]}),
        (_l("审核范围"), {"fields": ["district_code", "university_code"]}),
        (_l("个人信息"), {"fields": ["first_name", "last_name", "email"], "expanded": True}),
    ]
    add_columns = UserDBModelView.add_columns + ["district_code", "university_code"]
    edit_columns = UserDBModelView.edit_columns + ["district_code", "university_code"]
    add_form_extra_fields = {**UserDBModelView.add_form_extra_fields, **_scope_fields()}
    edit_form_extra_fields = _scope_fields()


class StaffAuthDBView(AuthDBView):
    """FAB's sign-in page; an account refused by its limit is told when to try again."""

    @property
    def invalid_login_message(self):
        return g.get("staff_login_refusal") or super().invalid_login_message


class ClosedSecurityApi(SecurityApi):
    """FAB's JSON login and token refresh (/api/v1/security/...) with no routes: nothing here signs in
    by token, and staff sign in on the page, where the limits and the record apply."""

    include_route_methods = set()


_ROLE_PERMISSIONS = "role_permissions"


@event.listens_for(Session, "after_flush")
def _forget_role_permissions(_session, _context):
    """A write may change a role's permissions: the next check reads them again."""
    if has_app_context():
        g.pop(_ROLE_PERMISSIONS, None)


def _staff_login_limit():
    """AUTH_RATE_LIMIT of the app serving the request. One function, so an app built again in the same process
    (the tests build several) registers the same limit rather than a second one counting each attempt again."""
    return current_app.config["AUTH_RATE_LIMIT"]


def _address_refused(_limit):
    """The per-address limit refused a sign-in: record it like any other attempt."""
    username = request.form.get("username", "")
    staff_logins.record(username, username.strip().lower(), request.remote_addr, "address_limited")


class StaffSecurityManager(SecurityManager):
    user_model = StaffUser
    userdbmodelview = StaffUserView
    rolemodelview = StaffRoleView
    groupmodelview = StaffGroupView
    userstatschartview = StaffStatsChartView
    authdbview = StaffAuthDBView
    security_api = ClosedSecurityApi

    def has_access(self, permission_name, view_name):
        """FAB's check; a type's review queue is in the menu only for staff whose roles review that type."""
        allowed = super().has_access(permission_name, view_name)
        type_key = roles.queued_type(view_name) if permission_name == "menu_access" else None
        if allowed and type_key is not None:
            return type_key in reach(g.user).types
        return allowed

    def exist_permission_on_roles(self, view_name, permission_name, role_ids):
        """FAB asks once per menu entry and button, a query each; here one query a request reads all the roles'
        permissions (kept in `g`, which ends with the request, and forgotten at any write to the staff tables)."""
        key = tuple(sorted(role_ids))
        if key not in g.get(_ROLE_PERMISSIONS, {}):
            pairs = set(  # read before it is kept: the query's own flush may forget what was kept
                self.session.query(self.permission_model.name, self.viewmenu_model.name)
                .select_from(self.permissionview_model)
                .join(assoc_permissionview_role,
                      assoc_permissionview_role.c.permission_view_id == self.permissionview_model.id)
                .join(self.permission_model, self.permission_model.id == self.permissionview_model.permission_id)
                .join(self.viewmenu_model, self.viewmenu_model.id == self.permissionview_model.view_menu_id)
                .filter(assoc_permissionview_role.c.role_id.in_(key)))
            g.setdefault(_ROLE_PERMISSIONS, {})[key] = pairs
        return (permission_name, view_name) in g.get(_ROLE_PERMISSIONS)[key]

    def create_limiter(self, app):
        """One rate limiter for the whole app: FAB's staff login and our candidate pages share it."""
        limiter.init_app(app)
        return limiter

    @property
    def is_auth_limited(self):
        """FAB applies no limit of its own: register_views applies AUTH_RATE_LIMIT, recording its refusals."""
        return False

    def register_views(self):
        super().register_views()
        if current_app.config["AUTH_RATE_LIMITED"]:
            self.limiter.limit(_staff_login_limit, methods=["POST"],
                               on_breach=_address_refused)(self.auth_view.blueprint)

    def auth_user_db(self, username, password):
        """FAB's password check, recorded, and refused while the account's failures fill its limit."""
        user = self.find_user(username=username) or self.find_user(email=username)
        account = (user.username if user else username or "").strip().lower()
        until = staff_logins.refused_until(account)
        if until:
            staff_logins.record(username, account, request.remote_addr, "account_limited")
            g.staff_login_refusal = staff_logins.refusal(until)
            return None
        user = super().auth_user_db(username, password)
        staff_logins.record(username, account, request.remote_addr, "success" if user else "failure")
        return user
