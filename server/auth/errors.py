"""Spanish messages of the staff-management error codes."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "STAFF_USER_NOT_FOUND": "No existe el usuario {user}.",
    "PASSWORD_NEEDS_LETTER_AND_DIGIT": "La contraseña debe combinar letras y números.",
    "PASSWORD_CONTAINS_USERNAME": "La contraseña no puede contener el nombre de usuario.",
    "PASSWORD_TOO_COMMON": "La contraseña es demasiado común o fácil de adivinar; elija "
                           "otra.",
    "CANNOT_DEACTIVATE_SELF": "No puede desactivar su propio usuario.",
    "LAST_MANAGER": "No se puede desactivar a la última persona con rol de encargada "
                    "(manager); active o cree otra primero.",
    "USER_ALREADY_ACTIVE": "El usuario ya está activo.",
    "DEVICE_NOT_FOUND": "No existe el dispositivo {device}.",
    "USER_ALREADY_INACTIVE": "El usuario ya está desactivado.",
})
