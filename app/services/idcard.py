"""Resident ID numbers (GB 11643-1999): the check digit, and the birth date and sex they encode."""
import datetime
import re
from dataclasses import dataclass

from flask_babel import gettext as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CODES = "10X98765432"
_PATTERN = re.compile(r"^\d{17}[\dX]$")


class InvalidIdNumber(ValueError):
    """An ID number that cannot be right; the message says why, in the user's language."""


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: datetime.date
    sex: str  # "M" or "F", as Candidate.sex stores it


def check_digit(first17):
    return _CHECK_CODES[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def parse(raw, today=None):
    """Validate an 18-digit ID number; return it normalised with its birth date and sex."""
    number = (raw or "").strip().upper()
    if not _PATTERN.match(number):
        raise InvalidIdNumber(_("身份证号码应为18位，前17位为数字，最后一位为数字或X。"))
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as error:
        raise InvalidIdNumber(_("身份证号码中的出生日期不存在。")) from error
    today = today or datetime.date.today()
    if birth > today or birth.year < 1900:
        raise InvalidIdNumber(_("身份证号码中的出生日期不合理。"))
    if check_digit(number[:17]) != number[17]:
        raise InvalidIdNumber(_("身份证号码校验位不正确，请核对后重新输入。"))
    return IdNumber(number=number, birth_date=birth, sex="M" if int(number[16]) % 2 else "F")


def with_check_digit(first17):
    """Complete a 17-digit prefix into a valid ID number (demo data and tests)."""
    return first17 + check_digit(first17)
