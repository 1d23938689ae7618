"""Discount commands: `flask cartera discounts-post --period YYYY-MM` (monthly) and
`flask cartera discounts-renewals [--as-of YYYY-MM-DD]` (daily)."""
from __future__ import annotations

from datetime import date

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

    @group.command("discounts-renewals")
    @click.option("--as-of", "as_of", default=None,
                  help="AAAA-MM-DD: el día de las rutas (por omisión, hoy en Caborca)")
    def renewals_cmd(as_of):
        """Genera las tareas de renovación de los descuentos que vencen pronto: una ruta por
        trabajadora social, cada colonia con una sola (se puede repetir: no duplica)."""
        from server.common.clock import local_today
        from server.db import transaction
        from server.discounts.service import generate_renewals
        from server.errors import DomainError

        try:
            day = date.fromisoformat(as_of) if as_of else local_today()
        except ValueError:
            raise click.BadParameter("Use AAAA-MM-DD.", param_hint="--as-of") from None
        try:
            with transaction() as session:
                result = generate_renewals(session, as_of=day)
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"Renovaciones del {day:%d/%m/%Y}: {result['stops']} visitas en "
                   f"{result['routes']} rutas ({result['left_for_later']} para otro día).")
        for row in result["by_worker"]:
            click.echo(f"  {row['worker']}: {row['stops']} ({', '.join(row['colonias'])})")
