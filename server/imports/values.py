"""Cell parsers shared by both layouts (money, dates, periods, choices, yes/no) and Cells,
which reads one row and collects one Spanish error per bad cell.

Every parser raises DomainError with a catalogue code; money is Decimal, never float.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from server.common.clock import first_of_month
from server.common.fields import MAX_AMOUNT
from server.common.money import CENT, money
from server.errors import DomainError
from server.imports.report import RowError
from server.registry.rules import normalize

_AMOUNT_RE = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_MX_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_PERIOD_RE = re.compile(r"^(\d{4})[-/](\d{1,2})$")
_MX_PERIOD_RE = re.compile(r"^(\d{1,2})[-/](\d{4})$")
_TRUE = {"si", "s", "1", "x", "true", "verdadero", "yes", "y"}
_FALSE = {"no", "n", "0", "false", "falso"}


def vocabulary(labels: dict[str, str], extra: dict[str, str] | None = None) -> dict[str, str]:
    """{normalized spelling: code} accepting the code, its Spanish label and `extra`."""
    index = {}
    for code, label in labels.items():
        index[normalize(code.replace("_", " "))] = code
        index[normalize(label)] = code
    for spelling, code in (extra or {}).items():
        index[normalize(spelling)] = code
    return index


def parse_choice(value, index: dict[str, str], labels: dict[str, str]) -> str:
    """The code for a code or Spanish label, case/accent-insensitive."""
    code = index.get(normalize(str(value)).replace("_", " "))
    if code is None:
        raise DomainError("IMPORT_BAD_CHOICE", value=value,
                          choices=", ".join(label.lower() for label in labels.values()))
    return code


def parse_bool(value) -> bool:
    """sí/no (also s/n, 1/0, x, true/false)."""
    key = normalize(str(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise DomainError("IMPORT_BAD_BOOLEAN", value=value)


def parse_date(value) -> date:
    """A date cell, 'AAAA-MM-DD' or 'DD/MM/AAAA'."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    iso, mx = _ISO_DATE_RE.match(text), _MX_DATE_RE.match(text)
    try:
        if iso:
            parsed = date(int(iso[1]), int(iso[2]), int(iso[3]))
        elif mx:
            parsed = date(int(mx[3]), int(mx[2]), int(mx[1]))
        else:
            raise ValueError(text)
    except ValueError:
        raise DomainError("IMPORT_BAD_DATE", value=text) from None
    if not 1900 <= parsed.year <= 2100:
        raise DomainError("IMPORT_BAD_DATE", value=text)
    return parsed


def parse_period(value) -> date:
    """'AAAA-MM' (also 'MM/AAAA', a full date or a date cell) → the month's first day."""
    if isinstance(value, date):
        return first_of_month(value)
    text = str(value).strip()
    period, mx = _PERIOD_RE.match(text), _MX_PERIOD_RE.match(text)
    try:
        if period:
            return date(int(period[1]), int(period[2]), 1)
        if mx:
            return date(int(mx[2]), int(mx[1]), 1)
        return first_of_month(parse_date(text))
    except (ValueError, DomainError):
        raise DomainError("IMPORT_BAD_PERIOD", value=text) from None


def parse_amount(value) -> Decimal:
    """Money: '1250.50', '1,250.50', '$1,250.50' → Decimal('1250.50').

    More than two decimals, zero, negatives, thousands groups out of place, exponents
    and anything not a plain number are refused; never parsed through float.
    """
    if isinstance(value, date):
        raise DomainError("IMPORT_BAD_AMOUNT", value=value)
    text = "".join(str(value).split())
    negative = text.startswith(("-", "$-")) or (text.startswith("(") and text.endswith(")"))
    body = text.strip("()").lstrip("-").lstrip("$").lstrip("-")
    if not _AMOUNT_RE.match(body):
        raise DomainError("IMPORT_BAD_AMOUNT", value=value)
    try:
        amount = Decimal(body.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise DomainError("IMPORT_BAD_AMOUNT", value=value) from None
    if amount != amount.quantize(CENT):
        raise DomainError("IMPORT_AMOUNT_DECIMALS", value=value)
    if negative or amount <= 0:
        raise DomainError("AMOUNT_NOT_POSITIVE")
    if amount > MAX_AMOUNT:
        raise DomainError("IMPORT_AMOUNT_TOO_LARGE", value=value)
    return money(amount)


def parse_decimal(value, low: Decimal, high: Decimal) -> Decimal:
    """A plain number within [low, high]; a lone comma is read as the decimal point."""
    text = str(value).strip()
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise DomainError("IMPORT_BAD_NUMBER", value=value) from None
    if not number.is_finite():
        raise DomainError("IMPORT_BAD_NUMBER", value=value)
    if not low <= number <= high:
        raise DomainError("IMPORT_OUT_OF_RANGE", value=value, low=low, high=high)
    return number


def parse_whole(value, low: int, high: int) -> int:
    """A whole number within [low, high] ('18', '18.0'; not '18.5')."""
    number = parse_decimal(value, Decimal(low), Decimal(high))
    if number != number.to_integral_value():
        raise DomainError("IMPORT_NOT_WHOLE", value=value)
    return int(number)


class Cells:
    """One data row: typed getters that record an error for each missing or bad cell.

    `columns` maps field → header text as written in the file; `names` gives the Spanish
    name to show for a field whose column the file does not have.
    """

    def __init__(self, line: int, values: dict, columns: dict[str, str],
                 names: dict[str, str]):
        self.line, self.values, self.columns, self.names = line, values, columns, names
        self.errors: list[RowError] = []

    def column(self, name: str) -> str:
        """The column's name as the person who wrote the file knows it."""
        return self.columns.get(name) or self.names.get(name, name)

    def error(self, name: str | None, code: str, **params) -> None:
        """Record one problem of this row (name=None: the row as a whole)."""
        from server.common.i18n import message

        self.errors.append(RowError(self.line, self.column(name) if name else None,
                                    message(code, **params)))

    def blank(self, name: str) -> bool:
        """The cell is missing or empty."""
        return self.values.get(name) in (None, "")

    def text(self, name: str, *, required: bool = False, max_len: int | None = None,
             min_len: int | None = None) -> str | None:
        """The cell as text, length-checked; None when blank (an error if required)."""
        if self.blank(name):
            if required:
                self.error(name, "IMPORT_REQUIRED")
            return None
        value = self.values[name]
        text = value.isoformat() if isinstance(value, date) else " ".join(str(value).split())
        if max_len is not None and len(text) > max_len:
            self.error(name, "IMPORT_TOO_LONG", max=max_len)
            return None
        if min_len is not None and len(text) < min_len:
            self.error(name, "IMPORT_TOO_SHORT", min=min_len)
            return None
        return text

    def parse(self, name: str, parser, *args, required: bool = False, default=None):
        """parser(cell, *args); `default` when blank (an error if required)."""
        if self.blank(name):
            if required:
                self.error(name, "IMPORT_REQUIRED")
            return default
        try:
            return parser(self.values[name], *args)
        except DomainError as exc:
            self.errors.append(RowError(self.line, self.column(name), exc.message))
            return None
