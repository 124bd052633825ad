"""Resident ID numbers: what a valid one tells us, and why a bad one is refused."""
import datetime

import pytest

from app.services import idcard

# The worked example of GB 11643-1999: born 1949-12-31, 17th digit 2 (a woman), check code X.
STANDARD_EXAMPLE = "11010519491231002X"
TODAY = datetime.date(2024, 6, 1)


@pytest.fixture(autouse=True)
def _context(app_ctx):
    """Messages are translated, so parse inside a request (Chinese by default)."""


def test_valid_number_gives_birth_date_and_sex():
    parsed = idcard.parse(STANDARD_EXAMPLE)
    assert parsed.number == STANDARD_EXAMPLE
    assert parsed.birth_date == datetime.date(1949, 12, 31)
    assert parsed.sex == "F"


@pytest.mark.parametrize(("seventeenth", "sex"), [("1", "M"), ("3", "M"), ("9", "M"), ("0", "F"), ("4", "F")])
def test_sex_follows_parity_of_seventeenth_digit(seventeenth, sex):
    assert idcard.parse(idcard.with_check_digit("1201011990030712" + seventeenth)).sex == sex


def test_lowercase_x_and_surrounding_spaces_are_normalised():
    assert idcard.parse("  " + STANDARD_EXAMPLE.lower() + " ").number == STANDARD_EXAMPLE


def test_with_check_digit_completes_the_standard_example():
    assert idcard.with_check_digit(STANDARD_EXAMPLE[:17]) == STANDARD_EXAMPLE


def test_numbers_completed_by_with_check_digit_parse():
    numbers = {idcard.with_check_digit(f"12010119900307{serial:03d}") for serial in range(100)}
    assert {n[-1] for n in numbers} == set("0123456789X")  # every check code occurs
    for number in numbers:
        assert idcard.parse(number).number == number


@pytest.mark.parametrize(("number", "message"), [
    ("110105194912310021", "身份证号码校验位不正确，请核对后重新输入。"),
    (STANDARD_EXAMPLE[:17], "身份证号码应为18位，前17位为数字，最后一位为数字或X。"),
    (STANDARD_EXAMPLE + "0", "身份证号码应为18位，前17位为数字，最后一位为数字或X。"),
    ("11010519491A31002X", "身份证号码应为18位，前17位为数字，最后一位为数字或X。"),
    ("X10105194912310027", "身份证号码应为18位，前17位为数字，最后一位为数字或X。"),
    ("", "身份证号码应为18位，前17位为数字，最后一位为数字或X。"),
    (idcard.with_check_digit("11010519900230123"), "身份证号码中的出生日期不存在。"),
    (idcard.with_check_digit("11010519901301123"), "身份证号码中的出生日期不存在。"),
    (idcard.with_check_digit("11010520240602123"), "身份证号码中的出生日期不合理。"),  # the day after TODAY
    (idcard.with_check_digit("11010518991231123"), "身份证号码中的出生日期不合理。"),
])
def test_bad_number_is_refused_with_reason(number, message):
    with pytest.raises(idcard.InvalidIdNumber) as refused:
        idcard.parse(number, today=TODAY)
    assert str(refused.value) == message


def test_birth_date_today_is_accepted():
    assert idcard.parse(idcard.with_check_digit("11010520240601123"), today=TODAY).birth_date == TODAY
