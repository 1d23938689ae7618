"""es-MX messages for error codes; the one catalogue the API speaks to people with."""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # generic HTTP
    "BAD_REQUEST": "La solicitud no es válida.",
    "UNAUTHORIZED": "Necesita iniciar sesión.",
    "FORBIDDEN": "Su usuario no tiene permiso para esta acción.",
    "NOT_FOUND": "No se encontró el recurso solicitado.",
    "METHOD_NOT_ALLOWED": "Método no permitido en esta dirección.",
    "CONFLICT": "El registro entra en conflicto con otro ya existente.",
    "PAYLOAD_TOO_LARGE": "El archivo o la solicitud excede el tamaño permitido.",
    "UNSUPPORTED_MEDIA_TYPE": "Tipo de contenido no soportado; envíe JSON.",
    "VALIDATION_ERROR": "Revise los datos enviados: hay campos con errores.",
    "PRECONDITION_REQUIRED": "Falta un encabezado requerido.",
    "TOO_MANY_REQUESTS": "Demasiados intentos. Espere un momento e intente de nuevo.",
    "INTERNAL_ERROR": "Ocurrió un error interno. Se registró para su revisión; intente de nuevo.",
    "SERVICE_UNAVAILABLE": "El servicio no está disponible por el momento.",
    # auth
    "INVALID_CREDENTIALS": "Usuario o contraseña incorrectos.",
    "USER_INACTIVE": "El usuario está desactivado.",
    "TOKEN_EXPIRED": "La sesión expiró; vuelva a iniciar sesión.",
    "TOKEN_INVALID": "El token de acceso no es válido.",
    "TOKEN_REVOKED": "La sesión fue cerrada; vuelva a iniciar sesión.",
    "TOKEN_MISSING": "Falta el token de acceso (encabezado Authorization: Bearer ...).",
    "FRESH_TOKEN_REQUIRED": "Vuelva a iniciar sesión para esta acción.",
    "REFRESH_TOKEN_REQUIRED": "Se requiere el token de renovación.",
    "USERNAME_TAKEN": "Ya existe un usuario con ese nombre: {username}.",
    "UNKNOWN_ROLE": "Rol desconocido: {role}.",
    "WEAK_PASSWORD": "La contraseña debe tener al menos {min_length} caracteres.",
    # registry
    "ACCOUNT_NOT_FOUND": "No existe la cuenta {account}.",
    "ACCOUNT_NUMBER_TAKEN": "Ya existe la cuenta número {account_number}.",
    "NEIGHBORHOOD_NOT_FOUND": "No existe la colonia «{neighborhood}».",
    "PROPOSAL_NOT_FOUND": "No existe la propuesta de cambio.",
    "PROPOSAL_ALREADY_DECIDED": "La propuesta ya fue {status}.",
    "FIELD_NOT_PROPOSABLE": "El campo «{field}» no se puede modificar por propuesta.",
    "INVALID_FIELD_VALUE": "Valor no válido para «{field}»: {reason}.",
    "NOTHING_TO_CHANGE": "No hay cambios que guardar.",
    # ledger
    "AMOUNT_NOT_POSITIVE": "El importe debe ser mayor que cero.",
    "IDEMPOTENCY_KEY_REUSED": "La clave de idempotencia ya se usó con otros datos.",
    "IDEMPOTENCY_KEY_REQUIRED": "Falta el encabezado Idempotency-Key para registrar el pago.",
    "EXTRAORDINARY_CHARGE_NOT_FOUND": "No existe el cargo extraordinario.",
    "EXTRAORDINARY_CHARGE_ALREADY_DECIDED": "El cargo extraordinario ya fue {status}.",
    "INVALID_PERIOD": "Periodo no válido: «{period}». Use el formato AAAA-MM.",
    "SURCHARGE_PERIOD_IN_FUTURE": "No se pueden generar recargos de un periodo futuro ({period}).",
    # operations
    "PRODUCTION_REFUSED": "Este comando no se puede ejecutar en producción.",
}


def message(code: str, **params) -> str:
    """Spanish text for an error code, with its parameters filled in."""
    template = MESSAGES.get(code, MESSAGES["BAD_REQUEST"])
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
MESSAGES.update({
    "CREDIT_EXCEEDS_DEBT": "El crédito excede el adeudo de los cargos indicados (máximo {available}).",
})
MESSAGES.update({
    "SURCHARGES_ALREADY_POSTED": "Los recargos de {period} ya se habían generado.",
})
