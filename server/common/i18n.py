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
    "PROPOSAL_ALREADY_DECIDED": "La propuesta ya fue {state}.",
    "FIELD_NOT_PROPOSABLE": "El campo «{field}» no se puede modificar por propuesta.",
    "INVALID_FIELD_VALUE": "Valor no válido para «{field}»: {reason}.",
    "NOTHING_TO_CHANGE": "No hay cambios que guardar.",
    # ledger
    "AMOUNT_NOT_POSITIVE": "El importe debe ser mayor que cero.",
    "IDEMPOTENCY_KEY_REUSED": "La clave de idempotencia ya se usó con otros datos.",
    "IDEMPOTENCY_KEY_REQUIRED": "Falta el encabezado Idempotency-Key para registrar el pago.",
    "EXTRAORDINARY_CHARGE_NOT_FOUND": "No existe el cargo extraordinario.",
    "EXTRAORDINARY_CHARGE_ALREADY_DECIDED": "El cargo extraordinario ya fue {state}.",
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
MESSAGES.update({
    # imports: the file as a whole
    "IMPORT_FILE_NOT_FOUND": "No se encontró o no se pudo abrir el archivo «{filename}».",
    "IMPORT_FILE_EMPTY": "El archivo «{filename}» está vacío.",
    "IMPORT_FORMAT_UNSUPPORTED": "El archivo «{filename}» no es CSV ni XLSX. Guárdelo como CSV "
                                 "(separado por comas o punto y coma) o como libro de Excel "
                                 "(.xlsx).",
    "IMPORT_XLS_LEGACY": "El archivo «{filename}» es de Excel 97-2003 (.xls). Ábralo en Excel "
                         "y guárdelo como libro de Excel (.xlsx) o como CSV.",
    "IMPORT_XLSX_UNREADABLE": "El archivo «{filename}» no es un libro de Excel (.xlsx) válido "
                              "o está dañado.",
    "IMPORT_CSV_BINARY": "El archivo «{filename}» no es un archivo de texto CSV.",
    "IMPORT_CSV_UNREADABLE": "No se pudo leer el CSV «{filename}» (línea {line}): {reason}.",
    "IMPORT_NO_HEADER": "El archivo «{filename}» no tiene fila de encabezados.",
    "IMPORT_NO_ROWS": "El archivo «{filename}» solo tiene encabezados; no hay filas que "
                      "importar.",
    "IMPORT_MISSING_COLUMNS": "Faltan columnas obligatorias en el encabezado: {columns}. "
                              "Columnas encontradas: {found}.",
    "IMPORT_DUPLICATE_COLUMN": "Las columnas «{first}» y «{second}» son el mismo dato; deje "
                               "solo una.",
    "IMPORT_UNKNOWN_COLUMNS": "Se ignoraron columnas no reconocidas: {columns}.",
    # imports: one cell or one row
    "IMPORT_REQUIRED": "Falta este dato obligatorio.",
    "IMPORT_TOO_LONG": "El texto es demasiado largo (máximo {max} caracteres).",
    "IMPORT_TOO_SHORT": "El texto es demasiado corto (mínimo {min} caracteres).",
    "IMPORT_BAD_CHOICE": "Valor no reconocido «{value}»; use uno de: {choices}.",
    "IMPORT_BAD_BOOLEAN": "Valor no reconocido «{value}»; escriba sí o no.",
    "IMPORT_BAD_DATE": "Fecha no válida «{value}»; use AAAA-MM-DD o DD/MM/AAAA.",
    "IMPORT_BAD_PERIOD": "Periodo no válido «{value}»; use AAAA-MM, p. ej. 2026-03.",
    "IMPORT_BAD_AMOUNT": "Importe no válido «{value}»; escriba un número como 1250.50 o "
                         "$1,250.50.",
    "IMPORT_AMOUNT_DECIMALS": "El importe «{value}» tiene más de dos decimales.",
    "IMPORT_AMOUNT_TOO_LARGE": "El importe «{value}» es demasiado grande.",
    "IMPORT_BAD_NUMBER": "No es un número: «{value}».",
    "IMPORT_OUT_OF_RANGE": "El valor {value} está fuera de rango (de {low} a {high}).",
    "IMPORT_NOT_WHOLE": "Debe ser un número entero: «{value}».",
    "IMPORT_BAD_ACCOUNT_NUMBER": "Número de cuenta no válido «{value}»: de 3 a 20 dígitos, "
                                 "letras o guiones.",
    "IMPORT_BAD_RFC": "RFC con formato incorrecto: «{value}».",
    "IMPORT_BAD_CURP": "CURP con formato incorrecto: «{value}».",
    "IMPORT_BAD_POSTAL_CODE": "Código postal no válido «{value}»; debe tener 5 dígitos.",
    "IMPORT_DUPLICATE_IN_FILE": "La cuenta {account_number} ya aparece en la línea {line} de "
                                "este archivo.",
    "IMPORT_NEIGHBORHOOD_POSTAL_CODE": "La colonia «{neighborhood}» no tiene el código postal "
                                       "{postal_code}.",
    "IMPORT_NEIGHBORHOOD_AMBIGUOUS": "Hay varias colonias «{neighborhood}» (códigos postales "
                                     "{known}); indique el código postal.",
    "IMPORT_CHARGE_DUPLICATE": "Cargo duplicado: la cuenta ya tiene un cargo igual (periodo "
                               "{period}, {service}, {concept}, {amount}, vence {due_date}).",
    "IMPORT_CHARGE_DUPLICATE_IN_FILE": "Cargo duplicado: es igual al de la línea {line}.",
    "IMPORT_CONCEPT_REQUIRED": "Falta el concepto del cargo (consumo, cuota fija, drenaje...).",
    "IMPORT_PAYMENT_ALREADY_IMPORTED": "Este pago ya se importó antes (recibo {receipt}); no se "
                                       "registra otra vez.",
    "IMPORT_CREDIT_ALREADY_IMPORTED": "Este crédito ya se importó antes; no se registra otra "
                                      "vez.",
})
