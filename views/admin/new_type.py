"""新建业务: a blank business type, from its key, its title and the role that reviews its applications."""
from flask import flash, g, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_babel import gettext as _

from app import roles
from app.models import AuditEntry
from usecases import business_types


class NewBusinessType:
    """The business type list's 新建业务 page, for BusinessTypeView. FAB's add form cannot make a type: the workflow
    and form a type names must exist before it."""

    @expose("/new", methods=["GET", "POST"])
    @has_access
    def new(self):
        key, title, reviewer = (request.form.get(name, "") for name in ("key", "title", "reviewer"))
        errors = {}
        if request.method == "POST":
            try:
                made = business_types.new_type(key, title, reviewer, g.user.username)
            except business_types.TypeRefused as refused:
                errors = refused.errors
            else:
                AuditEntry.record(g.user, "create", made, {"key": {"old": None, "new": made.key},
                                                           "reviewer": {"old": None, "new": str(roles.LABELS[reviewer])}})
                flash(_("已新建业务“%(title)s”，流程与表单为第 1 版。启用并设置开放时间后考生即可申请。", title=made.title),
                      "success")
                return redirect(url_for(".show", pk=made.pk))
        return self.render_template("admin/new_type.html", key=key, title=title, reviewer=reviewer, errors=errors,
                                    reviewers=[(role, roles.LABELS[role]) for role in roles.REVIEWERS],
                                    page_title=_("新建业务"))
