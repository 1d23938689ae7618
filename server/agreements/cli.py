"""Agreement commands: `flask cartera agreements-mark-due` (the daily job)."""
from __future__ import annotations

from datetime import date

import click


def register(group) -> None:
    """Add the agreement commands to the `cartera` group."""

    @group.command("agreements-mark-due")
    @click.option("--as-of", default=None, help="AAAA-MM-DD (hoy, hora de Caborca, si se omite)")
    def mark_due_cmd(as_of):
        """Marca convenios atrasados e incumplidos (tras los días de gracia) y reinstala lo
        condonado cuando la política lo indica. Ejecútelo a diario."""
        from server.agreements.tracking import mark_due
        from server.db import transaction

        try:
            day = date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise click.BadParameter("Use AAAA-MM-DD.", param_hint="--as-of") from None
        with transaction() as session:
            result = mark_due(session, day)
        click.echo(f"Convenios revisados: {result['checked']}; atrasados: {result['late']}; "
                   f"incumplidos: {result['breached']}.")
