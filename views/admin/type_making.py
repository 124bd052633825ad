"""新建业务 and 复制为新业务: a business type made blank (its key, its title and the role that reviews it) or as a
copy of another, with a workflow and a form of its own."""
from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_babel import gettext as _

from app import roles
from app.models import AuditEntry
from usecases import business_types


class TypeMaking:
    """The pages that make a business type, for BusinessTypeView. FAB's add form cannot make one: the workflow and
    form a type names must exist before it."""

    @expose("/add", methods=["GET", "POST"])
    @has_access
    def add(self):
        """FAB's add form (its "+" on the list) cannot make a type: it leads to 新建业务."""
        return redirect(url_for(".new"))

    @expose("/new", methods=["GET", "POST"])
    @has_access
    def new(self):
        key, title, reviewer = (request.form.get(name, "") for name in ("key", "title", "reviewer"))
        made, errors = self._made(lambda: business_types.new_type(key, title, reviewer, g.user.username), "create",
                                  lambda made: {"key": {"old": None, "new": made.key},
                                                "reviewer": {"old": None, "new": str(roles.LABELS[reviewer])}})
        return made or self.render_template(
            "admin/new_type.html", key=key, title=title, reviewer=reviewer, errors=errors, page_title=_("新建业务"),
            reviewers=[(role, roles.LABELS[role]) for role in roles.REVIEWERS])

    @expose("/copy/<pk>", methods=["GET", "POST"])
    @has_access
    def copy(self, pk):
        """复制为新业务: a new type with its own workflow and form, copied from this one."""
        source = self.datamodel.get(pk) or abort(404)
        key, title = request.form.get("key", ""), request.form.get("title", "")
        made, errors = self._made(lambda: business_types.copy_type(source, key, title, g.user.username), "copy",
                                  lambda made: {"copied_from": {"old": None, "new": source.key}})
        return made or self.render_template("admin/copy_type.html", source=source, key=key, title=title,
                                            errors=errors, page_title=_("复制为新业务：%(title)s", title=source.title))

    @staticmethod
    def _made(make, action, changes):
        """On a POST, the type `make()` makes, audited as `action` with `changes(made)`, said and shown: (the
        redirect to it, {}); refused, (None, the reason for each input). On a GET, (None, {})."""
        if request.method != "POST":
            return None, {}
        try:
            made = make()
        except business_types.TypeRefused as refused:
            return None, refused.errors
        AuditEntry.record(g.user, action, made, changes(made))
        flash(_("已新建业务“%(title)s”，流程与表单为第 1 版。启用并设置开放时间后考生即可申请。", title=made.title), "success")
        return redirect(url_for(".show", pk=made.pk)), {}
