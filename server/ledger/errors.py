"""Spanish messages of the ledger's error codes that live outside the shared catalogue."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "PAYMENT_NOT_FOUND": "No existe el pago {payment}.",
})
