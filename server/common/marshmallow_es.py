"""Spanish (es-MX) default messages for marshmallow's fields and validators.

Every API answers bad input in Spanish (DEVELOPERS: "Bad input gets a clear Spanish
error"). Schemas give their own message where they have a better one; for the rest —
a range, a length, a wrong type, an unknown field — these defaults replace marshmallow's
English ones. Imported first by `server/__init__.py`, before any schema is defined: a
field merges its class's messages when it is created.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

FIELD_MESSAGES = {
    fields.Field: {"required": "Campo obligatorio.", "null": "No puede quedar vacío.",
                   "validator_failed": "Valor no válido."},
    fields.Raw: {},
    fields.Nested: {"type": "Se esperaba un objeto."},
    fields.List: {"invalid": "Se esperaba una lista."},
    fields.Tuple: {"invalid": "Se esperaba una lista."},
    fields.String: {"invalid": "Se esperaba un texto.",
                    "invalid_utf8": "El texto no es UTF-8 válido."},
    fields.UUID: {"invalid_uuid": "Identificador (UUID) no válido."},
    fields.Number: {"invalid": "Se esperaba un número.", "too_large": "Número demasiado grande."},
    fields.Integer: {"invalid": "Se esperaba un número entero."},
    fields.Decimal: {"special": "No se admiten valores especiales (NaN o infinito)."},
    fields.Float: {"special": "No se admiten valores especiales (NaN o infinito)."},
    fields.Boolean: {"invalid": "Se esperaba sí o no (true o false)."},
    fields.DateTime: {"invalid": "Fecha y hora no válidas (use ISO 8601).",
                      "invalid_awareness": "Fecha y hora sin zona horaria válida.",
                      "format": "«{input}» no puede escribirse como fecha y hora."},
    fields.Date: {"invalid": "Fecha no válida (use AAAA-MM-DD).",
                  "format": "«{input}» no puede escribirse como fecha."},
    fields.Time: {"invalid": "Hora no válida (use HH:MM).",
                  "format": "«{input}» no puede escribirse como hora."},
    fields.Mapping: {"invalid": "Se esperaba un objeto."},
    fields.Url: {"invalid": "Dirección (URL) no válida."},
    fields.Email: {"invalid": "Correo electrónico no válido."},
}


def install() -> None:
    """Replace the English defaults (idempotent)."""
    for cls, messages in FIELD_MESSAGES.items():
        cls.default_error_messages = {**getattr(cls, "default_error_messages", {}),
                                      **messages}
    Schema._default_error_messages = {"type": "Se esperaba un objeto.",
                                      "unknown": "Campo no reconocido."}
    validate.Range.message_min = "Debe ser {min_op} {{min}}."
    validate.Range.message_max = "Debe ser {max_op} {{max}}."
    validate.Range.message_all = "Debe ser {min_op} {{min}} y {max_op} {{max}}."
    validate.Range.message_gte = "mayor o igual que"
    validate.Range.message_gt = "mayor que"
    validate.Range.message_lte = "menor o igual que"
    validate.Range.message_lt = "menor que"
    validate.Length.message_min = "Debe tener al menos {min} caracteres o elementos."
    validate.Length.message_max = "Debe tener como máximo {max} caracteres o elementos."
    validate.Length.message_all = "Debe tener entre {min} y {max} caracteres o elementos."
    validate.Length.message_equal = "Debe tener exactamente {equal} caracteres o elementos."
    validate.OneOf.default_message = "Valor no válido; use uno de: {choices}."
    validate.ContainsOnly.default_message = "Alguno de los valores no está entre: {choices}."
    validate.NoneOf.default_message = "Valor no permitido."
    validate.Regexp.default_message = "El formato no es válido."
    validate.Equal.default_message = "Debe ser igual a {other}."
    validate.Predicate.default_message = "Valor no válido."
    validate.URL.default_message = "Dirección (URL) no válida."
    validate.Email.default_message = "Correo electrónico no válido."


install()
