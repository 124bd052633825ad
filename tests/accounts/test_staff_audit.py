"""Changes to staff users, roles and groups on FAB's screens are in the audit trail, old → new."""
import types

import pytest

from app.models import AuditEntry
from tests.fixtures import staff_client, text

NEW_USER = {"first_name": "河西区", "last_name": "审核员乙", "username": "hexi2", "active": "y",
            "email": "hexi2@demo.zikao.local", "password": "Hexi2024!", "conf_password": "Hexi2024!",
            "district_code": "120103", "university_code": ""}


# No app context around the requests (they would share one `g` and one SQL session): each look-up at
# the staff tables opens its own.

@pytest.fixture
def security(app):
    return app.appbuilder.sm


@pytest.fixture
def ids(app, security):
    """Ids of staff records by name: ids.role("admin"), ids.permission("can_list", "Scores")."""
    def look_up(find):
        def by_name(*names):
            with app.app_context():
                return str(find(*names).id)
        return by_name
    return types.SimpleNamespace(role=look_up(security.find_role), user=look_up(security.find_user),
                                 permission=look_up(security.find_permission_view_menu))


@pytest.fixture
def cleanup(app, security):
    """Staff records a test makes are removed afterwards (the staff tables outlive a test)."""
    yield
    with app.app_context():
        user = security.find_user(username="hexi2")
        if user:
            security.session.delete(user)
        for name in ("复核员", "复核员 copy", "河西区审核组"):
            for model in (security.role_model, security.group_model):
                found = security.session.query(model).filter_by(name=name).one_or_none()
                if found:
                    security.session.delete(found)
        security.session.commit()


def entry(model, action):
    return AuditEntry.objects.get(model=model, action=action)


@pytest.fixture
def hexi(app, admin_client, security, ids, cleanup):
    """A user an administrator added: its id and password hash."""
    response = admin_client.post("/users/add", data={**NEW_USER, "roles": [ids.role("district_reviewer")]})
    assert response.status_code == 302
    with app.app_context():
        user = security.find_user(username="hexi2")
        return types.SimpleNamespace(id=user.id, password=user.password)


def test_adding_a_user_records_every_field_but_never_the_password(hexi):
    changes = entry("StaffUser", "add").changes

    assert entry("StaffUser", "add").actor_name == "admin"
    assert changes["username"] == {"old": None, "new": "hexi2"}
    assert changes["roles"] == {"old": None, "new": ["district_reviewer"]}
    assert changes["district_code"] == {"old": None, "new": "120103"}
    assert changes["active"] == {"old": None, "new": True}
    assert changes["password"] == {"old": None, "new": "***"}
    assert "Hexi2024!" not in repr(changes) and hexi.password not in repr(changes)


def test_editing_a_user_records_old_and_new_roles_scope_and_active_flag(admin_client, ids, hexi):
    response = admin_client.post(f"/users/edit/{hexi.id}", data={
        **NEW_USER, "active": "", "district_code": "", "university_code": "10065",
        "roles": [ids.role("district_reviewer"), ids.role("university_reviewer")]})

    assert response.status_code == 302
    changes = entry("StaffUser", "edit").changes
    assert changes == {
        "active": {"old": True, "new": False},
        "district_code": {"old": "120103", "new": None},
        "university_code": {"old": None, "new": "10065"},
        "roles": {"old": ["district_reviewer"], "new": ["district_reviewer", "university_reviewer"]},
    }


def test_a_password_reset_is_recorded_without_the_password(admin_client, hexi):
    old_hash = hexi.password

    response = admin_client.post(f"/resetpassword/form?pk={hexi.id}",
                                 data={"password": "Fresh2024!", "conf_password": "Fresh2024!"})

    assert response.status_code == 302
    recorded = entry("StaffUser", "edit")
    assert (recorded.summary, recorded.changes) == ("hexi2", {"password": {"old": "***", "new": "***"}})
    assert old_hash not in repr(recorded.to_mongo())


def test_deleting_a_user_records_what_it_was(admin_client, hexi):
    admin_client.post(f"/users/delete/{hexi.id}")

    changes = entry("StaffUser", "delete").changes
    assert changes["username"] == {"old": "hexi2", "new": None}
    assert changes["roles"] == {"old": ["district_reviewer"], "new": None}


def test_a_role_added_edited_copied_and_deleted_is_recorded_with_its_permissions(admin_client, ids, cleanup):
    list_scores, show_scores = ids.permission("can_list", "Scores"), ids.permission("can_show", "Scores")
    admin_client.post("/roles/add", data={"name": "复核员", "permissions": [list_scores]})
    role = ids.role("复核员")
    admin_client.post(f"/roles/edit/{role}", data={"name": "复核员", "permissions": [list_scores, show_scores]})
    admin_client.post("/roles/action_post", data={"action": "copyrole", "rowid": [role]})
    admin_client.post(f"/roles/delete/{role}")

    assert entry("Role", "edit").changes == {"permissions": {"old": ["can list on Scores"],
                                                             "new": ["can list on Scores", "can show on Scores"]}}
    added = AuditEntry.objects(model="Role", action="add").order_by("at")
    assert [e.changes["name"]["new"] for e in added] == ["复核员", "复核员 copy"]
    assert added[0].changes["permissions"] == {"old": None, "new": ["can list on Scores"]}
    assert entry("Role", "delete").changes["name"] == {"old": "复核员", "new": None}


def test_group_membership_is_recorded(admin_client, ids, hexi):
    admin_client.post("/groups/add", data={"name": "河西区审核组", "label": "", "description": "",
                                           "users": [str(hexi.id)], "roles": [ids.role("district_reviewer")]})

    changes = entry("Group", "add").changes
    assert changes["users"] == {"old": None, "new": ["hexi2"]}
    assert changes["roles"] == {"old": None, "new": ["district_reviewer"]}


def test_signing_in_changes_nothing_the_trail_records(app, world):
    staff_client(app, "heping")

    assert not AuditEntry.objects(model="StaffUser")


def test_the_trail_shows_old_and_new_values(admin_client, ids, hexi):
    admin_client.post(f"/users/edit/{hexi.id}", data={**NEW_USER, "district_code": "120101",
                                                      "roles": [ids.role("district_reviewer")]})

    page = text(admin_client.get(f"/auditview/show/{entry('StaffUser', 'edit').pk}"))

    assert "对象类型 员工用户" in page and "字段 原值 新值 所属区县 河西区 和平区" in page
    assert "district_code" not in page and "120101" not in page
