"""Spanish messages of the PAE error codes."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "PAE_ACCOUNTS_COUNT": "Elija de 1 a {max} cuentas para enviar a PAE.",
    "PAE_SENT_IN_FUTURE": "La fecha de envío a PAE no puede ser posterior a hoy.",
    "PAE_ALREADY_SENT": "Estas cuentas ya están enviadas a PAE y su envío sigue abierto: "
                        "{accounts}. Cierre el envío anterior antes de enviarlas de nuevo.",
    "PAE_NO_DEBT": "Estas cuentas no tienen adeudo y no pueden enviarse a PAE: {accounts}.",
    "PAE_REFERRAL_NOT_FOUND": "No existe el envío a PAE {referral}.",
    "PAE_REFERRAL_CLOSED": "El envío a PAE con mandamiento {mandate} ya está cerrado.",
})
