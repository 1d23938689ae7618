"""Indicator commands: `flask cartera indicators-snapshot --period YYYY-MM`."""
from __future__ import annotations

import click


def register(group) -> None:
    """Add the indicator commands to the `cartera` group."""

    @group.command("indicators-snapshot")
    @click.option("--period", required=True, help="AAAA-MM: el mes a guardar")
    @click.option("--note", default=None, help="Nota de la instantánea (opcional)")
    def snapshot_cmd(period, note):
        """Guarda las cifras del mes como una nueva versión de su instantánea."""
        from server.common.clock import parse_period
        from server.errors import DomainError
        from server.indicators.service import take_snapshot

        try:
            month = parse_period(period)
        except ValueError:
            raise click.BadParameter("Use AAAA-MM.", param_hint="--period") from None
        click.echo(f"Leyendo las cifras de {period}…")
        try:
            snap = take_snapshot(month, note=note)
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"Instantánea {snap.id} de {period}, versión {snap.version} "
                   f"({snap.duration_ms / 1000:.1f} s).")
        for key, value in snap.indicators.items():
            click.echo(f"  {key}: {value if value is not None else '—'}")
