"""Spanish messages of the surveys capability's error codes."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "SURVEY_FORM_NOT_FOUND": "No existe la encuesta {form}.",
    "SURVEY_FORM_DRAFT": "La encuesta «{title}» es un borrador: todavía no se puede contestar.",
    "SURVEY_FORM_INVALID": "La encuesta tiene errores: revise las preguntas señaladas.",
    "SURVEY_NO_DRAFT": "La encuesta «{title}» no tiene un borrador que publicar.",
    "SURVEY_NOT_PUBLISHED": "La encuesta «{title}» no tiene una versión publicada.",
    "SURVEY_NO_VERSION": "La encuesta «{title}» no tiene la versión {version} publicada.",
    "SURVEY_ROUTE_WITHOUT_WORKER": "La ruta «{route}» no tiene trabajador asignado.",
    "SURVEY_COMPLAINT_NOT_FOUND": "No existe la queja {complaint}.",
    "SURVEY_COMPLAINT_CLOSED": "La queja ya fue cerrada.",
    "SURVEY_NOTE_REQUIRED": "Escriba una nota de cierre.",
})
