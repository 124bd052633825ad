"""Account forms: register and sign in. The rules they state are the services' rules."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from app.services import idcard
from app.services.accounts import PASSWORD_POLICY, password_acceptable


class RegisterForm(FlaskForm):
    id_number = StringField(_l("身份证号码"), validators=[DataRequired(_l("请输入身份证号码。"))],
                            description=_l("自助注册仅限居民身份证；其他证件请到考籍管理区县办理。"))
    name = StringField(_l("姓名"), validators=[DataRequired(_l("请输入姓名。")),
                                               Length(max=50, message=_l("姓名不能超过50个字。"))],
                       description=_l("与身份证上的姓名一致。"))
    password = PasswordField(_l("密码"), validators=[DataRequired(_l("请设置密码。"))], description=PASSWORD_POLICY)
    password2 = PasswordField(_l("确认密码"), validators=[DataRequired(_l("请再次输入密码。")),
                                                      EqualTo("password", _l("两次输入的密码不一致。"))])
    district = SelectField(_l("考籍管理区县"), validators=[DataRequired(_l("请选择考籍管理区县。"))],
                           description=_l("注册后不能自行修改。"))
    phone = StringField(_l("手机号码"), validators=[DataRequired(_l("请输入手机号码。")),
                                                Regexp(r"^1\d{10}$", message=_l("手机号码为以1开头的11位数字。"))],
                        description=_l("一个手机号只能注册一个账号。"))

    # The same rules the account service enforces, run here too so every mistake shows at once.
    def validate_id_number(self, field):
        try:
            idcard.parse(field.data)
        except idcard.InvalidIdNumber as error:
            raise ValidationError(str(error)) from error

    def validate_password(self, field):
        if not password_acceptable(field.data):
            raise ValidationError(str(PASSWORD_POLICY))


class LoginForm(FlaskForm):
    login = StringField(_l("准考证号或身份证号"), validators=[DataRequired(_l("请输入准考证号或身份证号。"))])
    password = PasswordField(_l("密码"), validators=[DataRequired(_l("请输入密码。"))])
