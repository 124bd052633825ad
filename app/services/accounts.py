"""Candidate accounts: registration and sign-in, with no HTTP in them."""
import datetime
import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from mongoengine.errors import NotUniqueError
from werkzeug.security import check_password_hash, generate_password_hash

from app.models import Candidate, Counter, District
from app.services import idcard

PASSWORD_POLICY = _l("密码长度8–32位，须同时包含字母和数字。")
_PASSWORD = re.compile(r"^(?=.*[A-Za-z])(?=.*\d).{8,32}$")
# Checked when no account matches, so a wrong login takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("no such account")


class AccountError(ValueError):
    """A refusal tied to one form field, with a message for the candidate."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def password_acceptable(password):
    return bool(_PASSWORD.match(password or ""))


def new_exam_number(district, today=None):
    """12 digits: year (2), district (4), then a sequence per district and year (6)."""
    year = (today or datetime.date.today()).strftime("%y")
    prefix = year + district.code[-4:]
    sequence = Counter.next(f"exam_number:{prefix}")
    if sequence > 999_999:
        raise AccountError("district", _("本区县本年度准考证号已用完，请联系考籍管理区县。"))
    return f"{prefix}{sequence:06d}"


def register_candidate(id_number, name, password, district_code, phone):
    """Create a self-registered candidate (ID card holders) and return it; nothing is saved on refusal."""
    parsed = _parse_id(id_number)
    if not password_acceptable(password):
        raise AccountError("password", str(PASSWORD_POLICY))
    district = District.objects(code=district_code, active=True).first()
    if district is None:
        raise AccountError("district", _("请选择考籍管理区县。"))
    _refuse_taken(parsed.number, phone)
    candidate = Candidate(
        exam_number=new_exam_number(district), id_type="id_card", id_number=parsed.number, name=name.strip(),
        sex=parsed.sex, birth_date=parsed.birth_date, phone=phone, district=district,
    )
    candidate.set_password(password)
    try:
        candidate.save()
    except NotUniqueError:
        # Someone registered the same ID or phone a moment ago: say which, as if we had seen it first.
        _refuse_taken(parsed.number, phone)
        raise
    return candidate


def _parse_id(id_number):
    try:
        return idcard.parse(id_number)
    except idcard.InvalidIdNumber as error:
        raise AccountError("id_number", str(error)) from error


def _refuse_taken(id_number, phone):
    if Candidate.objects(id_number=id_number).only("id").first():
        raise AccountError("id_number", _("该身份证号已注册，请直接登录；如忘记准考证号或密码，请使用找回功能。"))
    if Candidate.objects(phone=phone).only("id").first():
        raise AccountError("phone", _("该手机号已绑定其他账号，一个手机号只能注册一个账号。"))


def authenticate(login, password):
    """The active candidate whose exam number or ID number is `login`, if the password matches."""
    login = (login or "").strip().upper()
    field = "exam_number" if re.fullmatch(r"\d{12}", login) else "id_number"
    candidate = Candidate.objects(**{field: login}).first()
    if candidate is None or not candidate.active:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    return candidate if candidate.check_password(password or "") else None
