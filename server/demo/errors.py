"""Errors of the demo seed, with their Spanish messages."""
from __future__ import annotations

from server.errors import DomainError

MESSAGES = {
    "DEMO_DATA_EXISTS": ("La base de datos ya tiene {accounts:,} cuentas. No se generó nada. "
                         "Use --force para borrar los datos del padrón y la cartera y "
                         "generar la ciudad de demostración de nuevo."),
    "DEMO_INVALID_SIZE": ("Tamaño no válido: se necesitan al menos 1 cuenta y 2 meses "
                          "(se pidieron {accounts:,} cuentas y {months} meses)."),
}


class DemoError(DomainError):
    """A refusal of the demo seed; the message comes from this module's catalogue."""

    status = 409

    @property
    def message(self) -> str:
        """Spanish text of the error, with its parameters filled in."""
        return MESSAGES[self.code].format(**self.params)
