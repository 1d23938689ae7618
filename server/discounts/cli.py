"""Discount commands: `flask cartera discounts-post --period YYYY-MM` (monthly)."""
from __future__ import annotations

import click


def register(group) -> None:
    """Add the discount commands to the `cartera` group."""

    @group.command("discounts-post")
    @click.option("--period", required=True, help="AAAA-MM: el mes de facturación")
    def post_cmd(period):
        """Acredita los descuentos sociales aprobados en los cargos de agua del mes (se puede
        repetir: no acredita dos veces)."""
        from server.common.clock import parse_period
        from server.db import transaction
        from server.discounts.service import post_discounts

        try:
            month = parse_period(period)
        except ValueError:
            raise click.BadParameter("Use AAAA-MM.", param_hint="--period") from None
        with transaction() as session:
            result = post_discounts(session, period=month)
        click.echo(f"Descuentos de {period}: {result['posted']} cargos, "
                   f"total ${result['total']}.")
