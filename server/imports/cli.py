"""Import commands: `flask cartera import-registry FILE` and `import-ledger FILE`."""
from __future__ import annotations

import click

MODE_HELP = {
    "all_or_nothing": "Si alguna fila tiene errores no se importa nada (predeterminado).",
    "skip_invalid": "Importa las filas válidas y reporta las que tienen errores.",
    "dry_run": "Solo valida y reporta; no escribe nada.",
}


def _options(command):
    """The flags both import commands share."""
    command = click.option("--actor", default=None, metavar="USUARIO",
                           help="Usuario del personal a quien se atribuye la importación "
                                "en la auditoría.")(command)
    command = click.option("--errors-out", type=click.Path(dir_okay=False, writable=True),
                           default=None, metavar="ERRORES.csv",
                           help="Escribe el reporte de errores por línea en este CSV "
                                "(columnas linea, columna, error).")(command)
    for mode in reversed(MODE_HELP):
        command = click.option("--" + mode.replace("_", "-"), mode, is_flag=True,
                               help=MODE_HELP[mode])(command)
    return click.argument("file", type=click.Path(dir_okay=False))(command)


def _mode(flags: dict[str, bool]) -> str:
    chosen = [mode for mode in MODE_HELP if flags.get(mode)]
    if len(chosen) > 1:
        raise click.UsageError("Use solo una de las opciones " + ", ".join(
            "--" + m.replace("_", "-") for m in chosen) + ".")
    return chosen[0] if chosen else "all_or_nothing"


def _run(kind: str, file: str, flags: dict[str, bool], errors_out: str | None,
         actor: str | None):
    from server.imports import service

    mode = _mode(flags)
    actor_id = _actor_id(actor)

    def progress(done: int, total: int) -> None:
        click.echo(f"Procesadas {done} de {total} filas", err=True)

    run = service.import_registry if kind == "registry" else service.import_ledger
    report = run(file, actor_id=actor_id, mode=mode, progress=progress)
    click.echo(report.text())
    if errors_out:
        try:
            report.write_errors_csv(errors_out)
        except OSError as exc:
            raise click.ClickException(
                f"No se pudo escribir el reporte de errores «{errors_out}»: "
                f"{exc.strerror or exc}.") from None
        click.echo(f"Reporte de errores escrito en «{errors_out}» "
                   f"({len(report.errors)} errores).")
    if report.failed:
        raise click.exceptions.Exit(1)


def _actor_id(username: str | None):
    if not username:
        return None
    import sqlalchemy as sa

    from server.auth.models import StaffUser
    from server.extensions import db

    user_id = db.session.execute(sa.select(StaffUser.id).where(
        StaffUser.username == username)).scalar()
    if user_id is None:
        raise click.ClickException(f"No existe el usuario «{username}».")
    return user_id


def register(group) -> None:
    """Add import-registry and import-ledger to the `cartera` command group."""

    @group.command("import-registry")
    @_options
    def import_registry_cmd(file, errors_out, actor, **flags):
        """Importa cuentas del padrón desde un archivo CSV o XLSX.

        Columnas obligatorias: cuenta, titular, calle, colonia, clase. Vea docs/imports.md.
        """
        _run("registry", file, flags, errors_out, actor)

    @group.command("import-ledger")
    @_options
    def import_ledger_cmd(file, errors_out, actor, **flags):
        """Importa cargos, pagos y créditos desde un archivo CSV o XLSX.

        Columnas obligatorias: cuenta, tipo (cargo/pago/crédito), importe. Vea
        docs/imports.md.
        """
        _run("ledger", file, flags, errors_out, actor)
