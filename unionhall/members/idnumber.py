"""Resident ID numbers (GB 11643): normalized, checked, and read for sex and birth date.

A wrong length, format, birth date or check digit is an error. An area code that stdnum does not know
for the birth year is only a warning: older real IDs keep codes of counties that were since renamed.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import NamedTuple

from django.utils import timezone
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

from unionhall.core.normalize import compact


class IdNumberError(ValueError):
    """The message is Chinese and names what is wrong."""


class ResidentId(NamedTuple):
    """Immutable, and cheap to build: a roster import makes 100,000 of them."""

    number: str
    sex: str  # "M" or "F"
    birth_date: date
    warnings: tuple[str, ...] = ()


@cache
def _area_known(area: str, year: int) -> bool:
    """stdnum's lookup of the county table costs 0.1 ms; a roster repeats a few hundred (area, year) pairs."""
    try:
        ric.get_birth_place(f"{area}{year:04d}0101000" + "0")
    except InvalidComponent:
        return False
    return True


def normalize(raw: str) -> str:
    """Full-width to half-width, spaces removed, a lower-case x made upper-case."""
    return compact(str(raw or "")).upper()


def parse(raw: str, *, today: date | None = None) -> ResidentId:
    """`today` bounds the birth date (default: today in the platform's calendar, Shanghai's); a caller
    checking many numbers passes it once."""
    number = normalize(raw)
    if not number:
        raise IdNumberError("请填写身份证号。")
    if len(number) == 15:
        raise IdNumberError("15 位旧身份证号请换成 18 位号码。")
    if len(number) != 18:
        raise IdNumberError(f"身份证号应为 18 位，现为 {len(number)} 位。")
    if not (number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")):
        raise IdNumberError("身份证号只能由数字和末位的 X 组成。")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError("身份证号中的出生日期不存在。") from None
    if born > (today or timezone.localdate()) or born.year < 1900:
        raise IdNumberError("身份证号中的出生日期不合理。")
    if ric.calc_check_digit(number) != number[17]:
        raise IdNumberError("身份证号校验位不正确，请核对。")
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    if _area_known(number[:6], born.year):
        return ResidentId(number, sex, born)
    return ResidentId(number, sex, born, (_area_warning(number[:6]),))


@cache
def _area_warning(area: str) -> str:
    return f"地区码 {area} 在出生年份不在国家行政区划表中（较早的真实证件可能如此），请核对。"
