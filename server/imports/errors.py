"""Spanish messages of the error codes of imports started from the screens."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "IMPORT_KIND_UNKNOWN": "No existe el tipo de importación «{kind}»: use padrón (registry), "
                           "cargos y pagos (ledger) o pagos de banco o caja (payments).",
    "IMPORT_MODE_UNKNOWN": "Modo de importación no válido: use vista previa (dry_run), todo o "
                           "nada (all_or_nothing) u omitir filas con error (skip_invalid).",
    "IMPORT_UPLOAD_NOT_MULTIPART": "Envíe el archivo como formulario (multipart/form-data) "
                                   "en el campo «file».",
    "IMPORT_UPLOAD_REQUIRED": "Elija el archivo CSV o XLSX que desea importar.",
    "IMPORT_UPLOAD_TYPE": "El archivo «{filename}» no es CSV ni XLSX. Guárdelo desde Excel "
                          "como «Libro de Excel (.xlsx)» o «CSV UTF-8» y vuelva a subirlo.",
    "IMPORT_UPLOAD_TOO_LARGE": "El archivo es demasiado grande: el máximo es {max_mb} MB. "
                               "Divídalo en varios archivos.",
    "IMPORT_RUN_NOT_FOUND": "No existe la importación {run}.",
    "IMPORT_NOT_A_PREVIEW": "Esta importación ya se aplicó; solo se aplica una vista previa.",
    "IMPORT_PREVIEW_NOT_DONE": "La vista previa aún no termina; espere a que termine para "
                               "aplicarla.",
    "IMPORT_FILE_GONE": "El archivo de esta importación ya no está guardado; vuelva a subirlo.",
    "IMPORT_JOB_FAILED": "La importación no pudo terminar por un error interno. No se aplicó "
                         "nada; intente de nuevo o avise al administrador.",
    "IMPORT_JOB_STALLED": "La importación dejó de avanzar por {minutes} minutos y se dio por "
                          "interrumpida (¿se detuvo el proceso de trabajos?). En el modo «todo "
                          "o nada» no se aplicó nada; vuelva a intentarlo o avise al "
                          "administrador.",
})
