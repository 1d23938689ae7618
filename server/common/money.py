"""Money is Decimal in MXN, rounded half-up to centavos here and nowhere else."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value) -> Decimal:
    """Convert str/int/Decimal to a Decimal rounded to the centavo; floats are refused."""
    if isinstance(value, float):
        raise TypeError("money never comes from float")
    try:
        return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # pragma: no cover - callers validate first
        raise ValueError(f"not an amount: {value!r}") from exc


def fmt(value: Decimal) -> str:
    """JSON representation: a string with two decimals, e.g. "1250.00"."""
    return str(money(value))


def pesos(value: Decimal) -> str:
    """Human representation for Spanish documents: $1,250.00."""
    return f"${money(value):,.2f}"
