"""Spanish messages of the error codes of the dashboard, reports and exports."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "REPORT_UNKNOWN": "No existe el informe «{report}». Los informes son: recuperación "
                      "(recovery), rezago (arrears), rezago por servicio (arrears-by-service) "
                      "y deudores (debtors).",
    "REPORT_RANGE_INVALID": "El periodo inicial debe ser anterior o igual al final, y el "
                            "rango no puede pasar de 36 meses.",
    "REPORT_FORMAT_UNKNOWN": "Formato no válido: use Excel (xlsx) o PDF (pdf).",
    "REPORT_EXPORT_NOT_FOUND": "No existe la exportación {run}.",
    "REPORT_EXPORT_NOT_READY": "El archivo aún no está listo; espere a que termine la "
                               "exportación.",
    "REPORT_EXPORT_FAILED": "La exportación no pudo terminar por un error interno; intente de "
                            "nuevo o avise al administrador.",
    "REPORT_EXPORT_STALLED": "La exportación dejó de avanzar por {minutes} minutos y se dio "
                             "por interrumpida (¿se detuvo el proceso de trabajos?); vuelva a "
                             "pedirla.",
    "REPORT_BUCKET_UNKNOWN": "No existe el rango de antigüedad «{bucket}».",
})
