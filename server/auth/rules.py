"""Pure staff rules: how strong a password must be, temporary passwords, who may be
deactivated."""
from __future__ import annotations

import secrets

MIN_PASSWORD_LENGTH = 8
# Passwords people pick first; a utility's staff accounts see the office's whole padrón.
COMMON_PASSWORDS = frozenset({
    "12345678", "123456789", "1234567890", "password", "password1", "contraseña",
    "contrasena", "contrasena1", "qwerty123", "abc12345", "abcd1234", "agua1234",
    "cartera1", "admin123", "usuario1", "mexico123", "sonora123", "hermosillo1"})
# No 0/O, 1/l/I: a temporary password is read aloud or copied from the screen.
TEMP_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def password_problem(password: str, username: str = "") -> str | None:
    """The error code that makes a password unacceptable, or None when it is strong
    enough: 8+ characters, a letter and a digit, not the username, not a common one."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "WEAK_PASSWORD"
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        return "PASSWORD_NEEDS_LETTER_AND_DIGIT"
    name = username.strip().lower()
    if len(name) >= 3 and name in password.lower():
        return "PASSWORD_CONTAINS_USERNAME"
    if password.lower() in COMMON_PASSWORDS or len(set(password)) <= 2:
        return "PASSWORD_TOO_COMMON"
    return None


def temporary_password(length: int = 12) -> str:
    """A random temporary password (shown once) that always passes `password_problem`."""
    while True:
        text = "".join(secrets.choice(TEMP_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in text) and any(c.isalpha() for c in text):
            return text


def deactivation_problem(*, actor_id, user_id, user_is_manager: bool,
                         other_active_managers: int) -> str | None:
    """Why this user cannot be deactivated (yourself; the last active manager), or None."""
    if actor_id == user_id:
        return "CANNOT_DEACTIVATE_SELF"
    if user_is_manager and other_active_managers == 0:
        return "LAST_MANAGER"
    return None
