"""Spanish messages of the indicator error codes."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "INDICATORS_PERIOD_FUTURE": "El mes {period} aún no empieza: no hay cifras que guardar.",
    "INDICATORS_SNAPSHOT_NOT_FOUND": "No existe la instantánea {id}.",
    "INDICATORS_NO_SNAPSHOTS": "No hay instantáneas guardadas de {year}: tome primero la "
                               "instantánea de cada mes que desea reportar.",
    "INDICATORS_RANGE_INVALID": "El rango de fechas no es válido: «desde» debe ser anterior o "
                                "igual a «hasta» y abarcar a lo más {max_days} días.",
})
