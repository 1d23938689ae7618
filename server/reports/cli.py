"""Reports commands: reports-warm (compute today's dashboard and reports ahead of the first
view, e.g. from cron after midnight and after the nightly imports)."""
from __future__ import annotations

import time

import click


def register(group) -> None:
    @group.command("reports-warm")
    @click.option("--as-of", default=None, help="Día AAAA-MM-DD (por omisión, hoy).")
    @click.option("--if-cold", is_flag=True,
                  help="Solo si el tablero nunca se ha calculado (primer arranque de la demo).")
    def reports_warm_cmd(as_of, if_cold):
        """Calcula el tablero y los informes del día para que la primera consulta sea inmediata."""
        from server.common.clock import local_today
        from server.reports.cache import any_cached
        from server.reports.service import warm

        if if_cold and any_cached("dashboard"):
            click.echo("El tablero ya se calculó antes: se actualiza al consultarlo.")
            return
        day = as_of or local_today().isoformat()
        click.echo(f"Calculando el tablero y los informes al {day}…")
        for key, seconds in warm(day, clock=time.perf_counter):
            click.echo(f"  {key}: {seconds:.1f} s")
        click.echo("Listo.")
