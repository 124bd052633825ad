"""Account forms: register, sign in, recover, change a password. The rules they state are the services' rules."""
from flask import session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from app.models.candidate import ID_TYPES
from app.services import accounts, captcha, idcard, sms
from app.services.accounts import PASSWORD_POLICY, password_acceptable

# Where the session keeps the record of the captcha image it was last shown.
CAPTCHA_SESSION_KEY = "captcha"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _id_number_rule(form, field):
    try:
        idcard.parse(field.data)
    except idcard.InvalidIdNumber as error:
        raise ValidationError(str(error)) from error


def _password_rule(form, field):
    if not password_acceptable(field.data):
        raise ValidationError(str(PASSWORD_POLICY))


def _id_number(description=None):
    return StringField(_l("身份证号码"), filters=[_strip], description=description,
                       validators=[DataRequired(_l("请输入身份证号码。")), _id_number_rule])


def _phone(description=None):
    return StringField(_l("手机号码"), filters=[_strip], description=description,
                       validators=[DataRequired(_l("请输入手机号码。")),
                                   Regexp(r"^1\d{10}$", message=_l("手机号码为以1开头的11位数字。"))])


def _name():
    return StringField(_l("姓名"), filters=[_strip], description=_l("与身份证上的姓名一致。"),
                       validators=[DataRequired(_l("请输入姓名。")), Length(max=50, message=_l("姓名不能超过50个字。"))])


def _new_password(label, again):
    """A password and its repetition, under the password policy."""
    return (PasswordField(label, validators=[DataRequired(_l("请设置密码。")), _password_rule],
                          description=PASSWORD_POLICY),
            PasswordField(again, validators=[DataRequired(_l("请再次输入密码。")),
                                             EqualTo("password", _l("两次输入的密码不一致。"))]))


def _sms_code():
    return StringField(_l("短信验证码"), filters=[_strip], description=_l("点击“获取验证码”，短信将发送到上面的手机号。"))


def _captcha(description):
    return StringField(_l("图形验证码"), filters=[_strip], description=description)


class CheckedForm(FlaskForm):
    """A form closed by a graphic captcha, which every submission uses up, right or wrong."""

    captcha = _captcha(_l("看不清？点击“换一张”。"))

    def answer_captcha(self):
        """Check and use up the captcha this browser was last shown; False, with the reason on the field, if wrong."""
        try:
            captcha.check(session.pop(CAPTCHA_SESSION_KEY, None), self.captcha.data)
        except captcha.CaptchaError as error:
            self.captcha.errors = list(self.captcha.errors) + [error.message]
            return False
        return True

    def validate(self, extra_validators=None):
        # Formats first, so they show beside a wrong captcha; nothing the store knows is said before it is right.
        valid = super().validate(extra_validators)
        return self.answer_captcha() and self.check_store() and valid

    def check_store(self):
        """Checks that read the store, made once the captcha is right."""
        return True


# Where the session keeps, per purpose, the phone this browser's last code was sent to.
SMS_SENT_SESSION_KEY = "sms_sent_to"


def sent_to(purpose, phone):
    """Record that the page for `purpose` has just sent a code to `phone`."""
    session[SMS_SENT_SESSION_KEY] = {**session.get(SMS_SENT_SESSION_KEY, {}), purpose: phone}


class SmsForm(CheckedForm):
    """A form that also proves the phone: an SMS code for `sms_purpose`, sent to `phone`.

    A code is sent only for a solved captcha (views/candidate/account.py), and the submission needs
    another one: the captcha answered for the send is used up by it. The SMS code is checked once the
    captcha is right, and left for the service to use up when the action it guards succeeds (`sms_record`).
    """

    sms_purpose = None
    captcha = _captcha(_l("获取短信验证码前输入一次，提交前再输入一次，每张图片只能用一次。看不清？点击“换一张”。"))
    sms_code = _sms_code()

    def phone_refusal(self):
        """Why this page sends no code to the phone, as the store knows it, or None."""
        return None

    def check_store(self):
        if self.phone.errors:
            return False
        refusal = self.phone_refusal()
        if refusal:
            self.phone.errors = list(self.phone.errors) + [refusal]
            return False
        sent = session.get(SMS_SENT_SESSION_KEY, {}).get(self.sms_purpose)
        if sent and sent != self.phone.data:  # a code typed for a number other than the one it went to
            self.sms_code.errors = list(self.sms_code.errors) + [_(
                "验证码是发送至%(sent)s的，不能用于手机号%(phone)s。请填写收到验证码的手机号，或为此手机号重新获取验证码。",
                sent=sms.masked(sent), phone=sms.masked(self.phone.data))]
            return False
        try:
            self.sms_record = sms.check(self.phone.data, self.sms_purpose, self.sms_code.data)
        except sms.SmsError as error:
            self.sms_code.errors = list(self.sms_code.errors) + [error.message]
            return False
        return True


class RegisterForm(SmsForm):
    sms_purpose = "register"
    id_type = SelectField(_l("证件类型"), choices=ID_TYPES, default="id_card",
                          description=_l("自助注册仅限居民身份证。"))
    id_number = _id_number()
    name = _name()
    password, password2 = _new_password(_l("密码"), _l("确认密码"))
    district = SelectField(_l("考籍管理区县"), validators=[DataRequired(_l("请选择考籍管理区县。"))],
                           description=_l("注册后不能自行修改。"))
    phone = _phone(_l("一个手机号只能注册一个账号。"))

    def validate_id_type(self, field):
        if field.data != "id_card":
            raise ValidationError(_l("其他证件类型的考生请到考籍管理区县办理注册。"))

    # Named before any SMS code is sent for it, as well as by the service at submission.
    def phone_refusal(self):
        try:
            accounts.refuse_taken_phone(self.phone.data)
        except accounts.AccountError as error:
            return error.message
        return None


class LoginForm(CheckedForm):
    login = StringField(_l("准考证号或身份证号"), validators=[DataRequired(_l("请输入准考证号或身份证号。"))])
    password = PasswordField(_l("密码"), validators=[DataRequired(_l("请输入密码。"))])


class PhoneCheckForm(FlaskForm):
    """First sign-in of an account from the old system: the code sent to the phone on file."""

    sms_code = _sms_code()


class ForgotExamNumberForm(SmsForm):
    sms_purpose = "forgot_exam_number"
    id_number = _id_number()
    name = _name()
    phone = _phone(_l("注册时绑定的手机号。"))


class ForgotPasswordForm(SmsForm):
    sms_purpose = "forgot_password"
    id_number = _id_number()
    exam_number = StringField(_l("准考证号"), filters=[_strip],
                              validators=[DataRequired(_l("请输入准考证号。")),
                                          Regexp(r"^\d{12}$", message=_l("准考证号为12位数字。"))])
    phone = _phone(_l("注册时绑定的手机号。"))


class NewPasswordForm(FlaskForm):
    password, password2 = _new_password(_l("新密码"), _l("确认新密码"))


class ChangePasswordForm(NewPasswordForm):
    old_password = PasswordField(_l("原密码"), validators=[DataRequired(_l("请输入原密码。"))])
