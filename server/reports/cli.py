"""Reports commands: reports-warm (compute today's dashboard and reports ahead of the first
view, e.g. from cron after midnight and after the nightly imports)."""
from __future__ import annotations

import time

import click


def register(group) -> None:
    @group.command("reports-warm")
    @click.option("--as-of", default=None, help="Día AAAA-MM-DD (por omisión, hoy).")
    def reports_warm_cmd(as_of):
        """Calcula el tablero y los informes del día para que la primera consulta sea inmediata."""
        from server.common.clock import local_today
        from server.reports.service import warm

        day = as_of or local_today().isoformat()
        click.echo(f"Calculando el tablero y los informes al {day}…")
        for key, seconds in warm(day, clock=time.perf_counter):
            click.echo(f"  {key}: {seconds:.1f} s")
        click.echo("Listo.")
