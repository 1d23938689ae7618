"""Field-work commands: `flask cartera fieldwork-close-day`."""
from __future__ import annotations

import click


def register(group) -> None:
    """Add the field-work commands to the `cartera` group."""

    @group.command("fieldwork-close-day")
    def close_day_cmd():
        """Quita de los teléfonos las rutas de días pasados (y agrega las de mañana)."""
        from server.db import transaction
        from server.fieldwork.scoping import close_day

        with transaction() as session:
            result = close_day(session)
        click.echo(f"Alcance de campo actualizado: {result['workers']} notificadores, "
                   f"{result['changes']} cambios.")
