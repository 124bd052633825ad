"""Staff security on FAB's SQL store: users carry the district or university they serve; every sign-in
attempt is recorded, and limited per account as well as per address; FAB's JSON security API is off."""
from flask import abort, current_app, g, has_app_context, request
from flask_appbuilder import expose, has_access
from flask_appbuilder.security.api import SecurityApi
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.sqla.models import User, assoc_permissionview_role
from flask_appbuilder.fields import QuerySelectMultipleField
from flask_appbuilder.fieldwidgets import Select2ManyWidget
from flask_appbuilder.security.sqla.models import PermissionView, Role
from flask_appbuilder.security.views import (AuthDBView, PermissionModelView, PermissionViewModelView, RoleModelView,
                                            UserDBModelView, UserGroupModelView, UserStatsChartView,
                                            ViewMenuModelView)
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, String, event
from sqlalchemy.orm import Session
from wtforms import SelectField

from app import roles
from app.extensions import limiter
from app.datamodel.pickers import PagePickers
from app.models import District, University
from workflows.reach import reach
from app.services import staff_logins


class StaffUser(User):
    __tablename__ = "ab_user"
    __table_args__ = {"extend_existing": True}
    district_code = Column(String(6), nullable=True)
    university_code = Column(String(5), nullable=True)


def on_duty(role_names):
    """{role: {district or university code}} served by an active staff account holding each of `role_names` (a
    district reviewer's district code, a university reviewer's university code): one query."""
    found = {name: set() for name in role_names}
    rows = (current_app.appbuilder.session.query(Role.name, StaffUser.district_code, StaffUser.university_code)
            .join(StaffUser.roles).filter(StaffUser.active.is_(True), Role.name.in_(sorted(role_names))))
    for name, district_code, university_code in rows:
        code = university_code if name == roles.UNIVERSITY_REVIEWER else district_code
        if code:
            found[name].add(code)
    return found


# What the security pages call FAB's permissions, and the views no menu entry names.
PERMISSION_LABELS = {
    "can_list": _l("列表"), "can_show": _l("查看"), "can_add": _l("新增"), "can_edit": _l("修改"),
    "can_delete": _l("删除"), "menu_access": _l("菜单"), "can_review": _l("审核"), "can_broadcast": _l("群发消息"),
    "can_revise": _l("修订"), "can_retry": _l("重试"), "can_start": _l("发起"), "can_chart": _l("图表"),
    "can_get": _l("读取"), "can_userinfo": _l("本人信息"), "userinfoedit": _l("修改本人信息"),
    "resetmypassword": _l("修改本人密码"), "resetpasswords": _l("重置密码"), "copyrole": _l("复制角色"),
    "can_this_form_get": _l("打开表单"), "can_this_form_post": _l("提交表单"),
}
VIEW_LABELS = {
    "UserDBModelView": _l("员工用户"), "UserInfoEditView": _l("修改本人信息"), "ResetMyPasswordView": _l("修改本人密码"),
    "ResetPasswordView": _l("重置密码"), "AdminIndexView": _l("首页"), "UtilView": _l("返回上一页"),
    "LocaleView": _l("切换语言"), "MenuApi": _l("菜单数据"), "ClosedSecurityApi": _l("安全接口（已关闭）"),
    "StaffAuthDBView": _l("员工登录"),
}
ROLE_LABELS = {**roles.LABELS, "Public": _l("未登录访客")}
YES_NO = {True: _l("是"), False: _l("否")}


def _view_labels():
    """Each view and menu entry by what the menu calls it (read once a request): FAB names them in English."""
    if "view_labels" not in g:
        labels = dict(VIEW_LABELS)
        for view in current_app.appbuilder.baseviews:
            title = getattr(view, "noun", None) or getattr(view, "list_title", None)
            if title:
                labels.setdefault(view.class_permission_name, title)
        entries = list(current_app.appbuilder.menu.get_list())
        while entries:
            entry = entries.pop()
            labels[entry.name] = entry.label or labels.get(entry.name, entry.name)
            entries.extend(entry.childs or [])
        g.view_labels = labels
    return g.view_labels


def view_label(name):
    return str(_view_labels().get(name, name))


def permission_label(name):
    return str(PERMISSION_LABELS.get(name, name))


def permission_view_label(pair):
    """A permission on a view, as "考籍管理区县：列表"; `pair` a PermissionView or a built-in role's [view, permission]."""
    view, permission = (pair.view_menu.name, pair.permission.name) if isinstance(pair, PermissionView) else pair
    return f"{view_label(view)}：{permission_label(permission)}"


def permissions_text(pairs):
    return "；".join(permission_view_label(pair) for pair in pairs or ())


def role_label(role):
    name = getattr(role, "name", role)
    return str(ROLE_LABELS.get(name, name))


def roles_text(roles_):
    return "、".join(role_label(role) for role in roles_ or ())


def _blank_or(show):
    """A formatter showing nothing for an empty value, `show(value)` for any other."""
    return lambda value: "" if value is None or value == "" else show(value)


def _names(model, code):
    """The name of the district or university `code` (all of them read once a request: there are few)."""
    key = f"{model.__name__}_names"
    if key not in g:
        setattr(g, key, {each.code: each.name for each in model.objects.only("code", "name")})
    return getattr(g, key).get(code, code)


def district_name(code):
    return _names(District, code)


def university_name(code):
    return _names(University, code)


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


def _key(row):
    return row.id


def _permission_choices():
    return current_app.appbuilder.session.query(PermissionView).all()


def _role_choices():
    return current_app.appbuilder.session.query(Role).all()


def _permissions_field():
    return QuerySelectMultipleField(_l("权限"), query_func=_permission_choices, get_label=permission_view_label,
                                    get_pk_func=_key, widget=Select2ManyWidget())


def _roles_field(description=""):
    return QuerySelectMultipleField(_l("角色"), query_func=_role_choices, get_label=role_label,
                                    get_pk_func=_key, widget=Select2ManyWidget(), description=description)


class StaffRoleView(RoleModelView):
    """FAB's roles, named and listing their permissions as the menu names them (templates in
    appbuilder/general/widgets/roles/)."""

    exclude_route_methods = NO_DOWNLOAD
    label_columns = {"name": _l("名称"), "permissions": _l("权限"), "user": _l("用户"), "groups": _l("用户组")}
    formatters_columns = {"name": role_label, "permissions": permissions_text}
    add_form_extra_fields = edit_form_extra_fields = {"permissions": _permissions_field()}


class StaffGroupView(UserGroupModelView):
    exclude_route_methods = NO_DOWNLOAD
    label_columns = {"name": _l("名称"), "label": _l("显示名称"), "description": _l("说明"), "users": _l("用户"),
                     "roles": _l("角色")}
    formatters_columns = {"roles": roles_text, "users": lambda users: "、".join(str(user) for user in users or ())}
    add_form_extra_fields = edit_form_extra_fields = {"roles": _roles_field()}


# These three keep FAB's permission names, which roles already hold.
class StaffPermissionView(PermissionModelView):
    class_permission_name = "PermissionModelView"
    formatters_columns = {"name": permission_label}


class StaffViewMenuView(ViewMenuModelView):
    class_permission_name = "ViewMenuModelView"
    formatters_columns = {"name": view_label}


class StaffPermissionViewView(PermissionViewModelView):
    class_permission_name = "PermissionViewModelView"
    label_columns = {**PermissionViewModelView.label_columns, "role": _l("角色")}
    formatters_columns = {"permission": lambda permission: permission_label(permission.name),
                          "view_menu": lambda view: view_label(view.name)}


class StaffStatsChartView(UserStatsChartView):
    label_columns = {**UserStatsChartView.label_columns, "first_name": _l("名"), "last_name": _l("姓"),
                     "email": _l("电子邮箱"), "active": _l("启用"), "roles": _l("角色"), "groups": _l("用户组"),
                     "created_on": _l("创建时间"), "changed_on": _l("修改时间"), "last_login": _l("最近登录")}
    definitions = [{"label": _l("登录次数"), "group": "username", "series": ["login_count"]},
                   {"label": _l("登录失败次数"), "group": "username", "series": ["fail_login_count"]}]

    @expose("/chart/<group_by>")
    @expose("/chart/")
    @has_access
    def chart(self, group_by="0"):
        """FAB's login statistics; a chart number that names none of its charts is not found."""
        if str(group_by) not in {str(number) for number in range(len(self.definitions))}:
            abort(404)
        return super().chart(group_by)


class StaffUserView(PagePickers, UserDBModelView):
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
    add_form_extra_fields = {**UserDBModelView.add_form_extra_fields, **_scope_fields(), "roles": _roles_field(
        UserDBModelView.description_columns["roles"])}
    edit_form_extra_fields = {**_scope_fields(), "roles": _roles_field(UserDBModelView.description_columns["roles"])}
    formatters_columns = {
        "active": YES_NO.get, "roles": roles_text, "groups": lambda groups: "、".join(map(str, groups or ())),
        "district_code": _blank_or(district_name), "university_code": _blank_or(university_name),
        **{name: _blank_or(str) for name in ("last_login", "created_on", "changed_on", "created_by", "changed_by",
                                             "email", "first_name", "last_name")},
    }


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
    permissionmodelview = StaffPermissionView
    viewmenumodelview = StaffViewMenuView
    permissionviewmodelview = StaffPermissionViewView
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
