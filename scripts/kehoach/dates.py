"""Dates in the data files: ISO (YYYY-MM-DD) only; what is wrong with any other value, and the fix.

Editors write dates the Vietnamese way (15/12/2024); the data keeps one unambiguous form, and the pages
show dd/mm/yyyy. A day/month/year value is not guessed silently: the finding offers its ISO spelling.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DAY_MONTH_YEAR = re.compile(r"^(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})$")
YEAR_MONTH_DAY = re.compile(r"^(?P<y>\d{4})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})$")


def looks_like_date(value: str) -> bool:
    """Is `value` written as a full date, in any order of day, month and year?"""
    value = value.strip()
    return bool(DAY_MONTH_YEAR.match(value) or YEAR_MONTH_DAY.match(value))


def parse_iso(value: object) -> dt.date | None:
    """The date of an ISO value, or None if it is not a real date written YYYY-MM-DD."""
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def date_problem(value: object) -> str | None:
    """None for a real date written YYYY-MM-DD; otherwise the whole message: what is wrong, the fix."""
    if parse_iso(value) is not None:
        return None
    head = f"ngày «{value}» không hợp lệ"
    text = str(value).strip()
    match = YEAR_MONTH_DAY.match(text) or DAY_MONTH_YEAR.match(text)
    if not match:
        return f"{head}: cần một ngày có thật, viết dạng năm-tháng-ngày (YYYY-MM-DD), ví dụ 2024-02-06"
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    impossible = _impossible(year, month, day)
    if impossible:
        return f"{head}: {impossible}"
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    if match.re is DAY_MONTH_YEAR:
        return f"{head}: dữ liệu ghi ngày theo thứ tự năm-tháng-ngày; viết {iso}"
    return f"{head}: viết đủ hai chữ số cho tháng và ngày, ngăn bằng dấu gạch nối; viết {iso}"


def _impossible(year: int, month: int, day: int) -> str | None:
    if not 1 <= month <= 12:
        return f"không có tháng {month} (tháng từ 1 đến 12)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"ngày {day} không có thật: tháng {month} năm {year} chỉ có {days} ngày"
    return None


def display(date: dt.date) -> str:
    """A date as the pages show it: 15/12/2024."""
    return date.strftime("%d/%m/%Y")
