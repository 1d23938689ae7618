"""Sync commands: sync-purge-tombstones and sync-new-epoch."""
from __future__ import annotations

import click


def register(group) -> None:
    """Attach the sync commands to the `cartera` group."""

    @group.command("sync-purge-tombstones")
    @click.option("--days", default=30, show_default=True, type=click.IntRange(min=1),
                  help="Antigüedad mínima (días) de los registros borrados que se eliminan.")
    def purge_cmd(days):
        """Elimina los borrados lógicos y las salidas de alcance más antiguos que N días."""
        from server.sync.maintenance import purge_tombstones

        result = purge_tombstones(days=days)
        total = sum(result["counts"].values())
        for table, n in sorted(result["counts"].items()):
            if n:
                click.echo(f"  {table}: {n:,}")
        click.echo(f"Registros eliminados (borrados antes del {result['cutoff']:%Y-%m-%d}): "
                   f"{total:,}. Los dispositivos con una sincronización "
                   f"anterior a la versión {result['purged_rv']} empezarán de nuevo.")

    @group.command("sync-new-epoch")
    def new_epoch_cmd():
        """Nueva época de sincronización (tras restaurar un respaldo): todos los
        dispositivos vuelven a descargar sus datos."""
        from server.sync.maintenance import new_epoch

        epoch = new_epoch()
        click.echo(f"Nueva época de sincronización: {epoch}. Cada dispositivo descargará "
                   "de nuevo sus datos en su próxima sincronización.")
