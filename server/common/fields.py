"""Marshmallow fields shared by every capability's schemas."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from marshmallow import ValidationError, fields

MAX_AMOUNT = Decimal("99999999.99")


class Money(fields.Field):
    """Money in and out as a string with two decimals ("1250.00"); never a float inside.

    Accepts a JSON string or number with at most two decimals, greater than zero unless
    allow_zero, at most 99,999,999.99.
    """

    def __init__(self, *, allow_zero: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.allow_zero = allow_zero

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return str(Decimal(value).quantize(Decimal("0.01")))

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValidationError("Importe no válido: envíe un número como texto, p. ej. \"150.00\".")
        try:
            amount = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            raise ValidationError("Importe no válido.") from None
        if not amount.is_finite():
            raise ValidationError("Importe no válido.")
        if amount.as_tuple().exponent < -2:
            raise ValidationError("El importe admite a lo más dos decimales.")
        if amount < 0 or (amount == 0 and not self.allow_zero):
            raise ValidationError("El importe debe ser mayor que cero.")
        if amount > MAX_AMOUNT:
            raise ValidationError("El importe es demasiado grande.")
        return amount.quantize(Decimal("0.01"))

    def _jsonschema_type_mapping(self):  # pragma: no cover - docs only
        return {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"}
