"""SQL building blocks shared by ledger queries, portable across SQLite and PostgreSQL.

Sums of money are taken in integer centavos. SQLite keeps NUMERIC as binary floating
point, so there each line is rounded to centavos before it is added: integers are exact.
PostgreSQL's numeric is exact already, so it sums first and converts once, which is
several times cheaper over millions of open items.
"""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from server.ledger.enums import ACCESSORY_CONCEPTS


class sum_cents(GenericFunction):  # noqa: N801 - reads as a SQL function
    """SUM(money) as an exact integer number of centavos; 0 when there are no rows."""

    type = sa.BigInteger()
    inherit_cache = True


@compiles(sum_cents)
def _sum_cents_default(element, compiler, **kw):
    arg = compiler.process(element.clauses, **kw)
    return f"CAST(COALESCE(SUM({arg}), 0) * 100 AS BIGINT)"


@compiles(sum_cents, "sqlite")
def _sum_cents_sqlite(element, compiler, **kw):
    arg = compiler.process(element.clauses, **kw)
    return f"COALESCE(SUM(CAST(ROUND(({arg}) * 100) AS INTEGER)), 0)"


def cents(expr) -> sa.ColumnElement:
    """One money value as integer centavos."""
    return sa.cast(sa.func.round(expr * 100), sa.BigInteger)


def from_cents(value) -> Decimal:
    """Integer centavos from SQL → Decimal pesos."""
    return (Decimal(int(value or 0)) / 100).quantize(Decimal("0.01"))


def is_accessory(concept_col) -> sa.ColumnElement:
    return concept_col.in_(ACCESSORY_CONCEPTS)
