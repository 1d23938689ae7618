"""Spanish messages of the notices capability's error codes."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "NOTICE_NOT_FOUND": "No existe el aviso {notice}.",
    "ATTENDED_BY_REQUIRED": "Entregado a otra persona: anote el nombre y el parentesco o "
                            "relación de quien recibió.",
    "CITATORIO_REQUIRED": "Citatorio: anote la fecha y la hora en que se esperará al titular.",
    "REFUSAL_PLACE_REQUIRED": "Se negó a recibir: anote en qué lugar visible se fijó el aviso.",
    "ADDRESS_VERIFICATION_REQUIRED": "Indique al menos una forma en que verificó el domicilio.",
})
