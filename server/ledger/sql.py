"""SQL building blocks shared by ledger queries, portable across SQLite and PostgreSQL.

Sums of money are taken in integer centavos: SQLite keeps NUMERIC as binary floating
point, and a float sum over millions of lines could be off by a centavo. Integers are
exact on both engines; Python turns them back into Decimal.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from server.ledger.enums import ACCESSORY_CONCEPTS


def cents(expr) -> sa.ColumnElement:
    """A money expression as integer centavos."""
    return sa.cast(sa.func.round(expr * 100), sa.BigInteger)


def sum_cents(expr) -> sa.ColumnElement:
    """SUM of a money expression, exact, in centavos (0 when there are no rows)."""
    return sa.func.coalesce(sa.func.sum(cents(expr)), 0)


def from_cents(value) -> Decimal:
    """Integer centavos from SQL → Decimal pesos."""
    return (Decimal(int(value or 0)) / 100).quantize(Decimal("0.01"))


def months_past_due(due_col, as_of: date) -> sa.ColumnElement:
    """SQL twin of rules.months_past_due ("por cada mes o fracción")."""
    months = ((as_of.year - sa.extract("year", due_col)) * 12
              + (as_of.month - sa.extract("month", due_col))
              + sa.case((sa.extract("day", due_col) < as_of.day, 1), else_=0))
    return sa.case((due_col >= as_of, 0), else_=months)


def bucket_case(months_expr, buckets) -> sa.ColumnElement:
    """CASE mapping months past due to the configured aging bucket labels."""
    whens = []
    for label, low, high in buckets:
        cond = months_expr >= low if high is None else sa.and_(months_expr >= low,
                                                              months_expr <= high)
        whens.append((cond, label))
    return sa.case(*whens, else_="?")


def is_accessory(concept_col) -> sa.ColumnElement:
    return concept_col.in_(ACCESSORY_CONCEPTS)
