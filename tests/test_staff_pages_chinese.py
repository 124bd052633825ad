"""Every staff page under the menus, walked as an administrator, answers in Chinese: none of Flask-AppBuilder's own
English strings, no True/False/None, no Python list or dict shown."""
import html.parser
import pathlib
import re

import flask_appbuilder
import pytest

from app.models import AuditEntry
from tests.fixtures import text
from tests.workflows.fixtures import review

# Every string FAB hands to gettext, in its templates and its code: on a Chinese page none may show untranslated.
_GETTEXT = re.compile(r"""(?:\b_|gettext|lazy_gettext)\(\s*(["'])((?:(?!\1).)+?)\1\s*[,)]""", re.S)
FAB_ROOT = pathlib.Path(flask_appbuilder.__file__).parent
FAB_STRINGS = {match.group(2) for path in [*FAB_ROOT.rglob("*.py"), *FAB_ROOT.rglob("*.html")]
               if "translations" not in path.parts for match in _GETTEXT.finditer(path.read_text(errors="ignore"))}
PYTHON_WORDS = ("True", "False", "None")
# The rule language's own words, in the help on writing a rule (a business type's 提交条件).
RULE_HELP = ('answers["cet4_score"]', "True 或 False")


class VisibleText(html.parser.HTMLParser):
    """The text a person reads (a screen reader's sr-only text included), without scripts, styles and code samples
    (a definition's JSON, a diagram's source)."""

    HIDDEN = {"script", "style", "pre", "code"}

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, _attrs):
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible(response):
    reader = VisibleText()
    reader.feed(response.get_data(as_text=True))
    shown = re.sub(r"\s+", " ", " ".join(reader.parts))
    for allowed in RULE_HELP:
        shown = shown.replace(allowed, "")
    return shown


def english_left(shown):
    words = [each for each in (*FAB_STRINGS, *PYTHON_WORDS)
             if re.search(r"(?<![\w'])" + re.escape(each) + r"(?![\w'])", shown)]
    return words + re.findall(r".{0,20}[\[\]{}].{0,20}", shown)


def staff_pages(client):
    """Each menu entry's page; for a list, its add form when it offers one, and its first record's page and form."""
    menu = client.get("/admin/").get_data(as_text=True)
    pages = ["/admin/", "/users/userinfo/", "/resetmypassword/form", "/userinfoeditview/form"]
    for url in sorted(set(re.findall(r'href="(/[^"#?]+/(?:list/|chart/|form)?[^"#]*)"', menu))):
        if url.startswith(("/static", "/logout", "/lang")) or url in pages:
            continue
        pages.append(url.replace("&amp;", "&"))
        if "/list/" in url:
            listed = client.get(url).get_data(as_text=True)
            base = url.split("/list/")[0]
            for kind in ("add", "show", "edit"):
                found = re.search(rf'href="({re.escape(base)}/{kind}[^"]*)"', listed)
                if found:
                    pages.append(found.group(1).replace("&amp;", "&"))
    return list(dict.fromkeys(pages))


@pytest.fixture
def trail(app, admin_client, submitted, heping):
    """The trail with an edit of a staff user and a review of an application in it."""
    admin_client.post("/users/edit/2", data={"first_name": "和平区", "last_name": "审核组长", "username": "heping",
                                              "email": "heping@demo.zikao.local", "active": "y", "roles": ["1"],
                                              "district_code": "120101", "university_code": ""})
    review(heping, submitted, "reject", "照片不清晰")
    yield
    admin_client.post("/users/edit/2", data={"first_name": "和平区", "last_name": "审核员", "username": "heping",
                                              "email": "heping@demo.zikao.local", "active": "y", "roles": ["1"],
                                              "district_code": "120101", "university_code": ""})


def test_every_staff_page_answers_in_chinese(admin_client, trail):
    pages = staff_pages(admin_client)
    assert {"/users/list/", "/roles/list/", "/permissions/list/", "/viewmenus/list/", "/permissionviews/list/",
            "/auditview/list/", "/staffstatschartview/chart/"} <= set(pages)
    assert any(page.startswith("/auditview/show/") for page in pages)

    found = {}
    for page in pages:
        response = admin_client.get(page, follow_redirects=True)  # 新增业务 leads to its own form
        left = english_left(visible(response)) if response.status_code == 200 else [response.status_code]
        if left:
            found[page] = left

    assert found == {}


def test_the_user_list_names_scope_roles_and_flags_in_chinese(admin_client, world):
    shown = visible(admin_client.get("/users/list/"))

    assert "heping@demo.zikao.local 是 区县审核 和平区" in shown
    assert "120101" not in shown and "district_reviewer" not in shown


def test_the_role_page_lists_permissions_by_their_menu_names(admin_client, world):
    shown = visible(admin_client.get("/roles/list/"))

    assert "区县审核 考籍管理区县：列表；考籍管理区县：查看" in shown
    assert "can_list" not in shown and "Districts" not in shown


def test_the_trail_shows_a_change_as_rows_and_a_review_by_its_labels(admin_client, trail):
    edit = AuditEntry.objects.get(model="StaffUser", action="edit")
    review = AuditEntry.objects.get(model="Application", action="review")

    assert "字段 原值 新值 姓 审核员 审核组长" in text(admin_client.get(f"/auditview/show/{edit.pk}"))
    shown = text(admin_client.get(f"/auditview/show/{review.pk}"))
    assert "项目 内容 操作 审核不通过 意见 照片不清晰 状态 审核未通过" in shown
    assert "reject" not in shown
