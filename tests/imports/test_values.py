"""Cell parsers: money never through float, dates in two spellings, Spanish choices."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from server.errors import DomainError
from server.imports.registry import CLASSES
from server.imports.values import (
    parse_amount, parse_bool, parse_choice, parse_date, parse_period)
from server.registry.enums import PROPERTY_CLASSES


@pytest.mark.parametrize("text, expected", [
    ("1250.50", "1250.50"), ("1,250.50", "1250.50"), ("$1,250.50", "1250.50"),
    ("$ 1,250.5", "1250.50"), ("150", "150.00"), ("12.3400", "12.34"),
    ("1,000,000", "1000000.00"),
])
def test_amounts_are_read_as_exact_decimals(text, expected):
    value = parse_amount(text)
    assert isinstance(value, Decimal) and value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize("text, code", [
    ("12.345", "IMPORT_AMOUNT_DECIMALS"), ("abc", "IMPORT_BAD_AMOUNT"),
    ("-5", "AMOUNT_NOT_POSITIVE"), ("0.00", "AMOUNT_NOT_POSITIVE"),
    ("(15.00)", "AMOUNT_NOT_POSITIVE"), ("1e3", "IMPORT_BAD_AMOUNT"),
    ("12,5", "IMPORT_BAD_AMOUNT"), ("1,25.00", "IMPORT_BAD_AMOUNT"), ("NaN", "IMPORT_BAD_AMOUNT"),
    ("Infinity", "IMPORT_BAD_AMOUNT"), ("100000000", "IMPORT_AMOUNT_TOO_LARGE"),
])
def test_float_ish_garbage_amounts_are_refused(text, code):
    with pytest.raises(DomainError) as err:
        parse_amount(text)
    assert err.value.code == code


def test_dates_accept_iso_mexican_and_date_cells():
    assert parse_date("2026-03-15") == date(2026, 3, 15)
    assert parse_date("15/03/2026") == date(2026, 3, 15)
    assert parse_date("5/3/2026") == date(2026, 3, 5)
    assert parse_date(date(2026, 3, 15)) == date(2026, 3, 15)
    for bad in ("31/02/2026", "2026/03/15", "03-15-2026", "mañana"):
        with pytest.raises(DomainError):
            parse_date(bad)


def test_periods_are_months():
    assert parse_period("2026-03") == date(2026, 3, 1)
    assert parse_period("03/2026") == date(2026, 3, 1)
    assert parse_period(date(2026, 3, 20)) == date(2026, 3, 1)
    with pytest.raises(DomainError) as err:
        parse_period("2026-13")
    assert err.value.message == "Periodo no válido «2026-13»; use AAAA-MM, p. ej. 2026-03."


def test_choices_accept_codes_and_spanish_labels_in_any_case_and_accent():
    for spelling in ("doméstico", "DOMESTICO", "domestic"):
        assert parse_choice(spelling, CLASSES, PROPERTY_CLASSES) == "domestic"
    assert parse_choice("Servicios Publicos", CLASSES, PROPERTY_CLASSES) == "public_services"
    assert parse_choice("lote baldío", CLASSES, PROPERTY_CLASSES) == "vacant_lot"
    assert parse_choice("vacant_lot", CLASSES, PROPERTY_CLASSES) == "vacant_lot"
    assert parse_bool("Sí") is True and parse_bool("NO") is False
