"""Read the dates French spreadsheets hold, at the precision they are given.

A day (``17/04/2020``, ``2020-04-17``, ``17 avril 2020``), a month
(``03/2021``, ``2021-03``, ``mars 2021``) or a year alone (``2021``). A month
or a year stays a :class:`~ecosysteme.model.PartialDate`: nothing invents a
day. An Excel serial number (``43938``) is a date only when it comes from a
typed XLSX cell; in a CSV file it is refused, since nobody can tell it from
any other number there.
"""

from __future__ import annotations

import functools
import math
import re
from datetime import date, datetime, timedelta

from ecosysteme.model import PartialDate, When
from ecosysteme.text import fold

__all__ = ["DATE_FORMATS", "date_bounds", "parse_date"]

#: What a date cell may hold, as the error messages list it.
DATE_FORMATS = "JJ/MM/AAAA (17/04/2020), AAAA-MM-JJ, MM/AAAA (03/2021), « mars 2021 » ou AAAA (2021)"

_EXCEL_EPOCH = date(1899, 12, 30)
_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}
_YEAR = r"(1[5-9]\d\d|2\d\d\d)"
_MONTH_YEAR = re.compile(rf"(0?[1-9]|1[0-2])\s*[/.\-]\s*{_YEAR}")
_YEAR_MONTH = re.compile(rf"{_YEAR}-(0[1-9]|1[0-2])")
_WORDS = re.compile(rf"(?:(1er|[0-3]?\d)\s+)?([a-z]+)\.?\s+{_YEAR}")


def parse_date(value: object) -> When | None:
    """Parse a date cell; raise ``ValueError`` when it is none of :data:`DATE_FORMATS`.

    >>> parse_date("17/04/2020"), parse_date("03/2021").isoformat(), parse_date("2021").isoformat()
    (datetime.date(2020, 4, 17), '2021-03', '2021')
    >>> parse_date(43938)  # a typed XLSX cell: an Excel serial
    datetime.date(2020, 4, 17)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _typed_number(value)
    if type(value) is str:  # cells repeat: parse each distinct text once
        return _parse_text(value)
    return _parse_text(str(value))


def _typed_number(value: float) -> When:
    """A number from a typed XLSX cell: a year alone, or an Excel serial day."""
    if math.isnan(value) or math.isinf(value) or not float(value).is_integer():
        raise ValueError(value)
    number = int(value)
    if 1500 <= number <= 2999:
        return PartialDate(number)
    if 1 <= number <= 80000:
        return _EXCEL_EPOCH + timedelta(days=number)
    raise ValueError(value)


@functools.lru_cache(maxsize=1 << 14)
def _parse_text(value: str) -> When | None:
    text = value.strip()
    if not text:
        return None
    if re.fullmatch(_YEAR, text):
        return PartialDate(int(text))
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    if m := _MONTH_YEAR.fullmatch(text):
        return PartialDate(int(m.group(2)), int(m.group(1)))
    if m := _YEAR_MONTH.fullmatch(text):
        return PartialDate(int(m.group(1)), int(m.group(2)))
    if m := _WORDS.fullmatch(fold(text).replace("_", " ")):
        day, word, year = m.groups()
        month = _MONTHS.get(word)
        if month is not None:
            if day is None:
                return PartialDate(int(year), month)
            return date(int(year), month, 1 if day == "1er" else int(day))  # ValueError on 31 février
    raise ValueError(value)


def date_bounds(when: When) -> tuple[date, date]:
    """The first and last day a date may mean (the same day for a full date)."""
    if isinstance(when, PartialDate):
        return when.first_day(), when.last_day()
    return when, when
