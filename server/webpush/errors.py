"""Error codes of Web Push subscriptions and their es-MX messages."""
from __future__ import annotations

from server.common.i18n import MESSAGES
from server.errors import DomainError

MESSAGES.update({
    "PUSH_ENDPOINT_INVALID": "La dirección de notificaciones que entregó el navegador no es "
                             "válida (debe ser https, de un servicio de notificaciones). "
                             "Desactive y vuelva a activar las notificaciones en este "
                             "dispositivo.",
    "PUSH_KEYS_INVALID": "Las llaves de cifrado de la suscripción de notificaciones no son "
                         "válidas. Desactive y vuelva a activar las notificaciones en este "
                         "dispositivo.",
})


class PushSubscriptionInvalid(DomainError):
    """The browser's subscription cannot be used (422), with the offending field."""


def endpoint_invalid(reason: str) -> PushSubscriptionInvalid:
    """The endpoint URL is unusable; `reason` (Spanish) goes under its field."""
    return PushSubscriptionInvalid("PUSH_ENDPOINT_INVALID",
                                   errors={"subscription": {"endpoint": [reason]}})


def key_invalid(field: str, reason: str) -> PushSubscriptionInvalid:
    """p256dh or auth does not decode to what Web Push needs."""
    return PushSubscriptionInvalid("PUSH_KEYS_INVALID",
                                   errors={"subscription": {"keys": {field: [reason]}}})
