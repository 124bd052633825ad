"""Register, sign in, sign out."""
from urllib.parse import urlparse

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.extensions import limiter
from app.models import District
from app.services import accounts
from forms.accounts import LoginForm, RegisterForm

from . import bp
from .session import current_candidate, sign_in, sign_out


def _login_limit():
    return current_app.config["CANDIDATE_LOGIN_RATE_LIMIT"]


def _register_limit():
    return current_app.config["CANDIDATE_REGISTER_RATE_LIMIT"]


def _safe_next(target):
    """Only same-site paths: never bounce a candidate to another site after sign-in."""
    if not target:
        return None
    parts = urlparse(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None


@bp.route("/account/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
def register():
    form = RegisterForm()
    form.district.choices = [("", _("请选择"))] + [
        (d.code, d.name) for d in District.objects(active=True).only("code", "name")
    ]
    if form.validate_on_submit():
        try:
            candidate = accounts.register_candidate(
                form.id_number.data, form.name.data, form.password.data, form.district.data, form.phone.data
            )
        except accounts.AccountError as error:
            form[error.field].errors = list(form[error.field].errors) + [error.message]
        else:
            sign_in(candidate)
            flash(_("注册成功。您的准考证号是 %(number)s，请牢记。", number=candidate.exam_number), "success")
            return redirect(url_for("candidate.home"))
    return render_template("candidate/register.html", form=form)


@bp.route("/account/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        candidate = accounts.authenticate(form.login.data, form.password.data)
        if candidate is None:
            form.password.errors = list(form.password.errors) + [_("账号或密码不正确。")]
        else:
            sign_in(candidate)
            return redirect(_safe_next(request.args.get("next")) or url_for("candidate.home"))
    elif request.method == "GET" and current_candidate() is not None:
        return redirect(url_for("candidate.home"))
    return render_template("candidate/login.html", form=form)


@bp.route("/account/logout", methods=["POST"])
def logout():
    sign_out()
    flash(_("您已安全退出。"), "info")
    return redirect(url_for("candidate.index"))
