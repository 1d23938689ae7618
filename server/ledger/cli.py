"""Ledger commands: post-surcharges."""
from __future__ import annotations

import click

from server.errors import DomainError


def register(group) -> None:
    @group.command("post-surcharges")
    @click.option("--period", required=True, help="Mes cerrado, formato AAAA-MM.")
    def post_surcharges_cmd(period):
        """Genera los recargos del mes indicado (una sola vez por mes)."""
        from server.ledger.surcharges import post_surcharges

        posted = {"n": 0}

        def progress(n: int) -> None:
            posted["n"] += n
            click.echo(f"  … {posted['n']:,} cargos de recargos generados")

        click.echo(f"Generando recargos de {period}…")
        try:
            result = post_surcharges(period, progress=progress)
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        if result["already_posted"]:
            click.echo(f"Los recargos de {result['period']} ya se habían generado: "
                       f"{result['charges_posted']} cargos por ${result['total']:,.2f}. "
                       "No se generó nada nuevo.")
        else:
            click.echo(f"Recargos de {result['period']}: {result['charges_posted']} cargos por "
                       f"${result['total']:,.2f} (tasa {result['monthly_rate']} mensual).")
