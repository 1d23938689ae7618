"""Error codes of field-sync v1 and their es-MX messages (imported at app start by routes)."""
from __future__ import annotations

from server.common.i18n import MESSAGES
from server.errors import DomainError

MESSAGES.update({
    # clients
    "CLIENT_BOUND_TO_OTHER_USER": "Este dispositivo está registrado a nombre de otro usuario. "
                                  "Cierre sesión y entre con su propio usuario.",
    "CLIENT_REVOKED": "Este dispositivo fue dado de baja por la oficina; ya no puede "
                      "sincronizar.",
    "CLIENT_WIPE": "La oficina dio de baja este dispositivo (extraviado): se borraron sus "
                   "datos locales. Si lo recuperó, inicie sesión de nuevo.",
    "CLIENT_STATE_NOT_FOUND": "El servidor no tiene registrado el trabajo que este dispositivo "
                              "ya había enviado (posible restauración de respaldo). No borre "
                              "nada: exporte los pendientes y avise a la oficina.",
    "CLIENT_NOT_REGISTERED": "Este dispositivo aún no está registrado para sincronizar; "
                             "sincronice primero y vuelva a intentarlo.",
    "VERSION_NOT_SUPPORTED": "Esta versión de la aplicación ya no es compatible. Actualice la "
                             "aplicación para seguir sincronizando.",
    # push
    "SEQ_GAP": "Faltan movimientos anteriores en el envío; se esperaba el número "
               "{expected_seq}.",
    "BATCH_TOO_LARGE": "El envío es demasiado grande (máximo {max_mutations} movimientos y "
                       "{max_kb} KB); divídalo en partes.",
    "UNKNOWN_MUTATION": "La operación «{name}» no existe en el servidor.",
    "FORBIDDEN_MUTATION": "Su usuario no tiene permiso para la operación «{name}».",
    "ID_REUSED": "Ya se recibió un registro con el mismo identificador y datos distintos; no "
                 "se guardó este.",
    "SYNC_FAULT": "El servidor no pudo procesar un movimiento por una falla temporal; se "
                  "reintentará.",
    # blobs
    "BLOB_HASH_INVALID": "El identificador del archivo no es un SHA-256 válido.",
    "BLOB_HASH_MISMATCH": "El archivo recibido no corresponde a su huella SHA-256; vuelva a "
                          "enviarlo.",
    "BLOB_TOO_LARGE": "El archivo excede el tamaño máximo permitido ({max_mb} MB).",
    "BLOB_TYPE_NOT_ALLOWED": "Tipo de archivo no permitido; solo se aceptan fotos JPEG, PNG o "
                             "WebP y documentos PDF.",
    "BLOB_NOT_FOUND": "No se encontró el archivo solicitado.",
    # flags a handler may add (shown to the office)
    "ROW_CHANGED_SINCE": "El registro cambió después de que el trabajador lo consultó.",
})


class SyncError(DomainError):
    """A sync-level refusal of a whole request (403, 409, 413...)."""


def client_bound_to_other_user() -> SyncError:
    """The client id belongs to another staff user: the device must stop syncing."""
    return SyncError("CLIENT_BOUND_TO_OTHER_USER", status=403)


def client_revoked() -> SyncError:
    """The office revoked this client: the device must stop syncing."""
    return SyncError("CLIENT_REVOKED", status=403)
