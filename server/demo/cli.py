"""`flask --app server cartera seed-demo`: build the demo city (never in production)."""
from __future__ import annotations

import time
from datetime import date

import click
from flask import current_app

from server.common.money import pesos
from server.errors import DomainError

STEP_LABELS = {
    "neighborhoods": "Colonias y localidades",
    "registry": "Padrón (predios, titulares, cuentas, medidores)",
    "ledger": "Cartera (cargos, pagos, descuentos, recargos)",
    "surcharges": "Corridas mensuales de recargos",
    "users": "Usuarios de demostración",
}
ROLE_LABELS = {"manager": "Encargada de Cartera", "clerk": "Auxiliar",
               "notifier": "Notificador(a)", "cutter": "Cortador",
               "social_worker": "Trabajo Social", "director": "Dirección"}


def _parse_date(_ctx, _param, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use el formato AAAA-MM-DD, por ejemplo 2026-03-15.") from None


def _progress_printer(months: int, seed: int):
    started = {"t": time.perf_counter(), "tenth": -1}

    def progress(step: str, done: int, total: int) -> None:
        elapsed = time.perf_counter() - started["t"]
        if step == "start":
            click.echo(f"Generando ciudad de demostración: {total:,} cuentas, {months} meses, "
                       f"semilla {seed}…")
            return
        if step == "ledger" and done < total:
            tenth = done * 10 // max(total, 1)
            if tenth != started["tenth"]:
                started["tenth"] = tenth
                click.echo(f"  … {STEP_LABELS[step]}: {done:,} de {total:,} cuentas "
                           f"({elapsed:.1f} s)")
            return
        click.echo(f"✔ {STEP_LABELS.get(step, step)}: {done:,} ({elapsed:.1f} s)")

    return progress


def register(group) -> None:
    """Add `seed-demo` to the `cartera` command group."""

    @group.command("seed-demo")
    @click.option("--accounts", default=31000, show_default=True, type=click.IntRange(1),
                  help="Número de cuentas de la ciudad de demostración.")
    @click.option("--months", default=36, show_default=True, type=click.IntRange(2, 240),
                  help="Meses de historia facturada.")
    @click.option("--seed", default=2026, show_default=True, type=int,
                  help="Semilla: la misma semilla genera exactamente los mismos datos.")
    @click.option("--as-of", "as_of", default=None, callback=_parse_date,
                  help="Fecha de corte AAAA-MM-DD (por omisión, hoy en Caborca).")
    @click.option("--force", is_flag=True,
                  help="Borra el padrón y la cartera existentes antes de generar.")
    @click.option("--if-empty", "if_empty", is_flag=True,
                  help="Genera sólo si el padrón está vacío; si no, no hace nada (make run).")
    def seed_demo_cmd(accounts, months, seed, as_of, force, if_empty):
        """Genera una ciudad de demostración parecida a Caborca (padrón y cartera)."""
        from server.demo.service import existing_accounts, seed_demo

        if current_app.config.get("CARTERA_ENV") == "production":
            raise click.ClickException(
                "Este comando no se puede ejecutar en producción: los datos de "
                "demostración son ficticios y borrarían o mezclarían datos reales.")
        if if_empty and not force and existing_accounts():
            click.echo("El padrón ya tiene cuentas: no se generó la ciudad de demostración "
                       "(use --force para regenerarla).")
            return
        try:
            result = seed_demo(accounts, months, seed, as_of, _progress_printer(months, seed),
                               force=force)
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        _summary(result)


def _summary(r: dict) -> None:
    rows = r["rows"]
    share = r["delinquent_accounts"] / r["accounts"] * 100
    accessories = (r["arrears_accessories"] / r["arrears"] * 100) if r["arrears"] else 0
    click.echo("")
    click.echo(f"Ciudad de demostración lista en {r['seconds']:.1f} s "
               f"(corte al {r['as_of']:%d/%m/%Y}; periodos {r['first_period']:%m/%Y} a "
               f"{r['last_period']:%m/%Y}).")
    lines = (
        ("Cuentas", f"{r['accounts']:,}"),
        ("Cargos", f"{rows.get('charges', 0):,} (de ellos {r['surcharge_charges']:,} de "
                   "recargos)"),
        ("Pagos", f"{rows.get('payments', 0):,}"),
        ("Descuentos sociales", f"{rows.get('credits', 0):,}"),
        ("Cartera vencida", f"{pesos(r['arrears'])} ({accessories:.0f} % accesorios)"),
        ("Cuentas morosas", f"{r['delinquent_accounts']:,} ({share:.1f} %, con 2 o más "
                            "periodos vencidos)"),
    )
    for label, value in lines:
        click.echo(f"  {label + ':':<21}{value}")
    click.echo("")
    click.echo(f"Usuarios de demostración (contraseña: {r['password']}):")
    for u in r["users"]:
        note = "" if u["created"] else "  (ya existía; conserva su contraseña)"
        click.echo(f"  {u['username']:<15} {ROLE_LABELS[u['role']]:<21} {u['full_name']}{note}")
