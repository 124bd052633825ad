"""What a request may carry, checked before any view of ours or FAB's runs.

- **Bodies.** A submitted body is what an HTML form sends (urlencoded or multipart), so every value a form or
  view reads is flat text. Flask-WTF would read a JSON body as form data and hand the validators dicts and
  lists; no page is meant to receive one, so any other body is refused with a page saying so, rather than
  guessed at. No value may hold a NUL character. Files come only to views marked `takes_uploads`; a view that reads a body of its own (a payment
  gateway's notification) is marked `takes_any_body`.
- **Actions.** FAB looks an action up by the name in the link or the form and fails on a name the view does not
  have, or on a list action called for one row; those are not found.
- **List links.** FAB reads paging, page size, order and filter parameters from the query string with `int()`
  and list indexes. A malformed one is refused with a page saying the link is wrong, rather than answered with
  a list other than the one the link asked for (a dropped filter would show rows the reader did not ask for).
"""
import re

from flask import abort, request
from flask_babel import gettext as _

from app.errors import Refused

FORM_BODIES = {"application/x-www-form-urlencoded", "multipart/form-data"}
SUBMITTED = {"POST", "PUT", "PATCH", "DELETE"}
MAX_PAGE_SIZE = 100  # the largest page size FAB's lists offer
# ASCII digits only (int() also reads "٣" and "1_0"); seven are far past any list's last page, and a longer
# number would overflow the store's skip.
_PAGE = re.compile(r"\d{1,7}", re.ASCII)
_PAGE_SIZE = re.compile(r"\d{1,3}", re.ASCII)
# The names FAB's urltools read (flask_appbuilder/urltools.py), matched as FAB matches them.
_PAGE_ARG, _SIZE_ARG = re.compile("page_(.*)"), re.compile("psize_(.*)")
_ORDER_ARG, _DIRECTION_ARG = re.compile("_oc_(.*)"), re.compile("_od_(.*)")
_FILTER_ARG = re.compile(r"_flt_(\d)_(.*)")


def takes_uploads(view):
    """Mark a view whose form takes files."""
    view.takes_uploads = True
    return view


def takes_any_body(view):
    """Mark a view that reads a body of its own rather than a page's form."""
    view.takes_any_body = True
    return view


def register(app, appbuilder):
    fab_views = {view.endpoint: view for view in appbuilder.baseviews}

    @app.before_request
    def check_request():
        view = app.view_functions.get(request.endpoint)
        if view is not None and request.method in SUBMITTED and not getattr(view, "takes_any_body", False):
            _check_body(view)
        if request.blueprint in fab_views:
            _check_action(fab_views[request.blueprint])
            _check_list_arguments(fab_views[request.blueprint])


def _check_body(view):
    if request.mimetype and request.mimetype not in FORM_BODIES:
        raise Refused(_("此页面只接受网页表单提交的内容，请返回页面重新填写后提交。"))
    if request.files and not getattr(view, "takes_uploads", False):
        raise Refused(_("此页面不接受上传文件，请返回页面重新填写后提交。"))
    if any("\x00" in value for values in request.form.listvalues() for value in values):
        # No one types it, and the staff store (PostgreSQL) refuses it in any text.
        raise Refused(_("提交的内容含有无法识别的空字符，请返回页面删除后重新提交。"))


def _check_action(view):
    """The single-row action route takes an action offered on one row; the list's form one offered on several."""
    route = request.endpoint.rsplit(".", 1)[-1]
    if route == "action":
        name, offered = request.view_args.get("name"), "single"
    elif route == "action_post" and request.method == "POST":
        name, offered = request.form.get("action"), "multiple"
    else:
        return
    action = (getattr(view, "actions", None) or {}).get(name)
    if action is None or not getattr(action, offered):
        abort(404)


def _check_list_arguments(view):
    """Refuse what FAB's urltools could not read for this view and the related lists its pages show."""
    on_page = {type(v).__name__: v for v in (view, *(getattr(view, "_related_views", None) or ()))}
    filters = getattr(getattr(view, "_filters", None), "_all_filters", {})
    for name in request.args:
        values = request.args.getlist(name)
        if _PAGE_ARG.search(name):
            valid = all(_PAGE.fullmatch(v) for v in values)
        elif _SIZE_ARG.search(name):
            valid = all(_PAGE_SIZE.fullmatch(v) and 1 <= int(v) <= MAX_PAGE_SIZE for v in values)
        elif match := _ORDER_ARG.search(name):
            listed = on_page.get(match[1])
            valid = listed is None or all(v in (listed.order_columns or ()) for v in values)
        elif _DIRECTION_ARG.search(name):
            valid = all(v in ("asc", "desc") for v in values)
        elif match := _FILTER_ARG.search(name):
            valid = int(match[1]) < len(filters.get(match[2], ()))
        else:
            continue
        if not valid:
            raise Refused(_("链接中的分页、排序或筛选参数无效，请从菜单重新打开列表。"))
