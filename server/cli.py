"""`flask --app server cartera ...`: every capability's commands under one group."""
from __future__ import annotations

from flask.cli import AppGroup

cartera = AppGroup("cartera", help="Comandos de Cartera.")


def register(app) -> None:
    """Attach each capability's commands to the `cartera` group."""
    from server.agreements.cli import register as agreements_cli
    from server.auth.cli import register as auth_cli
    from server.demo.cli import register as demo_cli
    from server.discounts.cli import register as discounts_cli
    from server.fieldwork.cli import register as fieldwork_cli

    from server.imports.cli import register as imports_cli
    from server.indicators.cli import register as indicators_cli
    from server.ledger.cli import register as ledger_cli
    from server.reports.cli import register as reports_cli
    from server.sync.cli import register as sync_cli
    from server.webpush.cli import register as webpush_cli

    auth_cli(cartera)
    demo_cli(cartera)
    ledger_cli(cartera)
    imports_cli(cartera)
    fieldwork_cli(cartera)
    sync_cli(cartera)
    webpush_cli(cartera)
    agreements_cli(cartera)
    discounts_cli(cartera)
    indicators_cli(cartera)
    reports_cli(cartera)
    app.cli.add_command(cartera)

