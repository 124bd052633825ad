"""Register, sign in and out, recover a forgotten exam number or password, change the password.

Pages with an SMS code have a 获取验证码 button: a submit button whose `formaction` is the send
endpoint, so it works without JavaScript (the page comes back with what was typed); with
JavaScript it posts just the phone and the page stays as it is.
"""
import functools
from urllib.parse import urlparse

from flask import (abort, current_app, flash, jsonify, make_response, redirect, render_template, request, session,
                   url_for)
from flask_babel import gettext as _

from app.extensions import limiter
from app.models import Candidate, District
from app.services import accounts, captcha, sms
from forms.accounts import (CAPTCHA_SESSION_KEY, ChangePasswordForm, ForgotExamNumberForm, ForgotPasswordForm,
                            LoginForm, NewPasswordForm, PhoneCheckForm, RegisterForm, sent_to)

from .blueprint import bp
from .session import (PENDING_LOGIN, PENDING_REGISTRATION, PENDING_RESET, candidate_required, current_candidate,
                      drop, hold, held, sign_in, sign_out)


def _login_limit():
    return current_app.config["CANDIDATE_LOGIN_RATE_LIMIT"]


def _register_limit():
    return current_app.config["CANDIDATE_REGISTER_RATE_LIMIT"]


def _sms_limit():
    return current_app.config["SMS_SEND_RATE_LIMIT"]


def _captcha_limit():
    return current_app.config["CAPTCHA_RATE_LIMIT"]


def _safe_next(target):
    """Only same-site paths: never bounce a candidate to another site after sign-in."""
    if not target:
        return None
    parts = urlparse(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None


@bp.app_template_global()
def captcha_size():
    """The captcha image's width and height, which pages draw it at."""
    return captcha.WIDTH, captcha.HEIGHT


def _refuse(form, error):
    """Show a service's refusal under its field."""
    form[error.field].errors = list(form[error.field].errors) + [error.message]


# A browser that signed in to an account keeps a token for it, so a stranger's wrong passwords from
# its address do not hold its own sign-ins up (accounts.authenticate).
DEVICE_COOKIE = "candidate_device"
DEVICE_COOKIE_DAYS = 180


def _client():
    return accounts.Client(address=request.remote_addr, device=request.cookies.get(DEVICE_COOKIE))


def _signed_in(candidate, response):
    """Sign `candidate` in and answer with `response`, giving the browser a device token for the account."""
    sign_in(candidate)
    response = make_response(response)
    if not accounts.knows_device(candidate, request.cookies.get(DEVICE_COOKIE)):
        response.set_cookie(DEVICE_COOKIE, accounts.device_token(candidate), max_age=DEVICE_COOKIE_DAYS * 86400,
                            httponly=True, samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.route("/captcha.png")
@limiter.limit(_captcha_limit)
def captcha_image():
    """A new graphic captcha for this browser; the one shown before can no longer be answered."""
    png, session[CAPTCHA_SESSION_KEY] = captcha.issue()
    response = make_response(png)
    response.headers["Content-Type"] = "image/png"
    response.headers["Cache-Control"] = "no-store, max-age=0"
    return response


# Register 新生注册: the form, a key-information confirmation, then the new exam number.

def _register_form(**prefill):
    form = RegisterForm(formdata=None, data=prefill) if prefill else RegisterForm()
    form.district.choices = [("", _("请选择"))] + [
        (d.code, d.name) for d in District.objects(active=True).only("code", "name")
    ]
    return form


def _register_page(form):
    return render_template("candidate/register.html", form=form)


def _prefill(pending):
    """What the registration form shows again when the candidate goes back to edit: never a password."""
    return {key: pending[key] for key in ("id_number", "name", "district", "phone")}


@bp.route("/account/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
def register():
    pending = held(PENDING_REGISTRATION)
    form = _register_form(**_prefill(pending)) if request.method == "GET" and pending else _register_form()
    if form.validate_on_submit():
        try:
            pending = accounts.prepare_registration(form.id_number.data, form.name.data, form.password.data,
                                                    form.district.data, form.phone.data, form.sms_record.pk)
        except accounts.AccountError as error:
            _refuse(form, error)
        else:
            hold(PENDING_REGISTRATION, pending)
            return redirect(url_for("candidate.confirm_registration"))
    return _register_page(form)


@bp.route("/account/register/confirm", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
def confirm_registration():
    pending = held(PENDING_REGISTRATION)
    if pending is None:
        flash(_("注册信息已失效，请重新填写。"), "danger")
        return redirect(url_for("candidate.register"))
    if request.method == "POST":
        try:
            candidate = accounts.complete_registration(pending)
        except accounts.AccountError as error:
            drop(PENDING_REGISTRATION)
            form = _register_form(**_prefill(pending))
            _refuse(form, error)
            return _register_page(form)
        return _signed_in(candidate, redirect(url_for("candidate.registered")))
    district = District.objects(code=pending["district"]).only("name").first()
    return render_template("candidate/confirm_registration.html", pending=pending, district=district)


@bp.route("/account/registered")
@candidate_required
def registered():
    return render_template("candidate/registered.html", candidate=current_candidate())


# Sign in, with an SMS check of the phone the first time an account from the old system signs in.

@bp.route("/account/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            candidate = accounts.authenticate(form.login.data, form.password.data, _client())
        except accounts.AccountError as error:
            _refuse(form, error)
        else:
            target = _safe_next(request.args.get("next"))
            if not candidate.phone_verified:
                hold(PENDING_LOGIN, {"id": str(candidate.pk), "version": candidate.session_version, "next": target})
                return redirect(url_for("candidate.verify_phone"))
            return _signed_in(candidate, redirect(target or url_for("candidate.home")))
    elif request.method == "GET" and current_candidate() is not None:
        return redirect(url_for("candidate.home"))
    return render_template("candidate/login.html", form=form)


def _pending_login():
    """The account whose password was right but whose phone has yet to answer, or None."""
    pending = held(PENDING_LOGIN)
    if pending is None:
        return None, None
    candidate = Candidate.objects(pk=pending["id"], active=True, session_version=pending["version"]).first()
    return pending, candidate


def _phone_check_page(form, candidate):
    return render_template("candidate/confirm_phone.html", form=form, phone=sms.masked(candidate.phone))


@bp.route("/account/login/phone", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def verify_phone():
    pending, candidate = _pending_login()
    if candidate is None:
        flash(_("登录已失效，请重新登录。"), "danger")
        return redirect(url_for("candidate.login"))
    form = PhoneCheckForm()
    if form.validate_on_submit():
        try:
            sms.verify(candidate.phone, "first_login", form.sms_code.data)
        except sms.SmsError as error:
            form.sms_code.errors.append(error.message)
        else:
            accounts.mark_phone_verified(candidate)
            flash(_("手机号验证成功，欢迎使用。"), "success")
            return _signed_in(candidate, redirect(pending["next"] or url_for("candidate.home")))
    return _phone_check_page(form, candidate)


@bp.route("/account/logout", methods=["POST"])
def logout():
    sign_out()
    flash(_("您已安全退出。"), "info")
    return redirect(url_for("candidate.index"))


# Forgotten exam number 忘记准考证 and forgotten password 忘记密码.

@bp.route("/account/recover/exam-number", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def recover_exam_number():
    form = ForgotExamNumberForm()
    if form.validate_on_submit():
        try:
            numbers = accounts.recover_exam_numbers(form.id_number.data, form.name.data, form.phone.data,
                                                    form.sms_record.pk)
        except accounts.AccountError as error:
            _refuse(form, error)
        else:
            return render_template("candidate/recovery_found.html", name=form.name.data, numbers=numbers)
    return render_template("candidate/recovery_exam_number.html", form=form)


@bp.route("/account/recover/password", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def recover_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            candidate = accounts.account_for_reset(form.id_number.data, form.exam_number.data, form.phone.data)
        except accounts.AccountError as error:
            _refuse(form, error)
        else:
            hold(PENDING_RESET, {"id": str(candidate.pk), "phone": candidate.phone,
                                 "sms_code": str(form.sms_record.pk)})
            return redirect(url_for("candidate.reset_password"))
    return render_template("candidate/recovery_password.html", form=form)


@bp.route("/account/recover/password/new", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset_password():
    pending = held(PENDING_RESET)
    if pending is None:
        flash(_("找回密码的验证已失效，请重新验证。"), "danger")
        return redirect(url_for("candidate.recover_password"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(pending["id"], form.password.data, pending["sms_code"], pending["phone"])
        except accounts.AccountError as error:
            if error.field in form:
                _refuse(form, error)
            else:  # the proof of the phone no longer holds: start again
                drop(PENDING_RESET)
                flash(error.message, "danger")
                return redirect(url_for("candidate.recover_password"))
        else:
            drop(PENDING_RESET)
            flash(_("密码已重置，请使用新密码登录。"), "success")
            return redirect(url_for("candidate.login"))
    return render_template("candidate/password_reset.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@candidate_required
@limiter.limit(_login_limit, methods=["POST"])
def change_password():
    """修改密码: the old password, the new one twice; every other session of the account ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        candidate = current_candidate()
        try:
            accounts.change_password(candidate, form.old_password.data, form.password.data)
        except accounts.AccountError as error:
            _refuse(form, error)
        else:
            sign_in(candidate)
            flash(_("密码已修改，其他设备上的登录已全部退出。"), "success")
            return redirect(url_for("candidate.home"))
    return render_template("candidate/password_change.html", form=form)


# Sending SMS codes: the pages with a 获取验证码 button, as (form bound to the post, page drawing it).

_SMS_PAGES = {
    "register": (_register_form, _register_page),
    "forgot_exam_number": (ForgotExamNumberForm,
                           lambda form: render_template("candidate/recovery_exam_number.html", form=form)),
    "forgot_password": (ForgotPasswordForm,
                        lambda form: render_template("candidate/recovery_password.html", form=form)),
}


@bp.route("/account/sms/<purpose>", methods=["POST"])
@limiter.limit(_sms_limit)
def send_sms(purpose):
    """Send a code for `purpose` to the posted phone once the page's captcha is solved.

    A first sign-in's code goes only to the phone on file of the account whose password the sign-in,
    captcha and all, has just proved; it asks for no second captcha.
    """
    if purpose == "first_login":
        _pending, candidate = _pending_login()
        if candidate is None:
            return _sms_expired_login()
        form, phone = PhoneCheckForm(), candidate.phone
        page = functools.partial(_phone_check_page, candidate=candidate)
    elif purpose in _SMS_PAGES:
        make_form, page = _SMS_PAGES[purpose]
        form = make_form()
        if not form.phone.validate(form):
            return _sms_answer(form, page, "phone", form.phone.errors)
        if not form.answer_captcha():
            return _sms_answer(form, page, "captcha", form.captcha.errors)
        refusal = form.phone_refusal()
        if refusal:
            return _sms_answer(form, page, "phone", [refusal])
        phone = form.phone.data
    else:
        abort(404)
    try:
        code = sms.send_code(phone, purpose)
    except sms.SmsError as error:
        return _sms_answer(form, page, "sms_code", [error.message])
    sent_to(purpose, phone)
    messages = [_("验证码已发送至%(phone)s，%(minutes)d分钟内有效。", phone=sms.masked(phone), minutes=sms.ttl_minutes())]
    if "captcha" in form:
        messages.append(_("提交前请输入新的图形验证码。"))
    if current_app.config["DEMO_MODE"]:
        messages.append(_("演示模式短信验证码：%(code)s", code=code))
    return _sms_answer(form, page, None, messages)


def _wants_json():
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def _sms_answer(form, page, field, messages):
    """A send's outcome: JSON for the page's script; without JavaScript, the page again, as typed.

    `field` names where a refusal shows; None means the code went out.
    """
    if _wants_json():
        return jsonify(sent=field is None, field=field, messages=[str(m) for m in messages],
                       wait=sms.RESEND_SECONDS if field is None else 0), 200 if field is None else 400
    if field is None:
        for message in messages:
            flash(message, "success")
    else:
        form[field].errors = list(messages)
    return page(form)


def _sms_expired_login():
    message = _("登录已失效，请重新登录。")
    if _wants_json():
        return jsonify(sent=False, field=None, messages=[message], wait=0), 400
    flash(message, "danger")
    return redirect(url_for("candidate.login"))
