"""Chinese for Flask-AppBuilder's own strings where FAB's Chinese catalogue has none, or one that misleads.

FAB's templates, views and messages ask Flask-Babel for their English strings; FAB ships a Chinese catalogue that
lacks some of them (the list buttons, the user groups, several hints) and words a few wrongly. In Chinese pages
these entries are added to the catalogues Flask-Babel merged; in any other language FAB's own text stays.
"""
from flask_babel import Domain, get_locale

LOCALE = "zh"

CHINESE = {
    # Buttons and titles of every list and record page.
    "Add": "新增",
    "Show": "查看",
    "Edit": "修改",
    "Delete": "删除",
    "Are you sure you want to delete this item?": "确定删除这一条吗？",
    "Database Error": "数据库出错",
    "Integrity error, probably unique constraint": "保存失败：与已有记录重复",
    "Not a valid choice": "选择无效",
    # Search filters.
    "Starts with": "开头是",
    "Start with": "开头是",
    "Not Starts with": "开头不是",
    "Ends with": "结尾是",
    "Not Ends with": "结尾不是",
    "Contains (insensitive)": "包含（不区分大小写）",
    "In": "属于",
    "Not In": "不属于",
    # Security: users, groups, roles, permissions.
    "Groups": "用户组",
    "List Groups": "用户组列表",
    "Add Group": "新增用户组",
    "Show Group": "查看用户组",
    "Edit Group": "修改用户组",
    "List View Menus": "视图/菜单列表",
    "Statistics": "统计",
    "Other View": "其他视图",
    "Either select a role or a group": "请选择角色或用户组",
    "User(s) exists in the group, cannot delete": "该用户组下还有用户，不能删除",
    "User(s) exists in the role, cannot delete": "该角色下还有用户，不能删除",
    "Edit User Information": "修改个人信息",
    "User information changed": "个人信息已修改",
    "It's not a good policy to remove a user, just make it inactive": "不建议删除用户，停用即可",
    "Username valid for authentication on DB or LDAP, unused for OID auth": "登录时使用的用户名",
    "The user's password for authentication": "登录时使用的密码",
    "The user's email, this will also be used for OID auth": "用户的电子邮箱",
    "The user role on the application, this will associate with a list of permissions": "用户的角色，决定其拥有的权限",
    "The user group on the application, this will associate with a list of roles associated with the group":
        "用户所在的用户组，用户组带有的角色也归该用户",
}


class FilledDomain(Domain):
    """Flask-Babel's domain, with CHINESE added to the Chinese catalogues it merged (once per locale, as it caches)."""

    def get_translations(self):
        key = (str(get_locale()), self.domain[0])
        fresh = key not in self.cache
        translations = super().get_translations()
        if fresh and key[0] == LOCALE and key in self.cache:
            translations._catalog = {**getattr(translations, "_catalog", {}), **CHINESE}
        return translations


def init_app(app):
    """Use FilledDomain for every string FAB and the app translate (after AppBuilder has set up Flask-Babel)."""
    app.extensions["babel"].instance.domain_instance = FilledDomain()
