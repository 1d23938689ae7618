"""Web Push commands: vapid-keys."""
from __future__ import annotations

import click


def register(group) -> None:
    """Attach the Web Push commands to the `cartera` group."""

    @group.command("vapid-keys")
    def vapid_keys_cmd():
        """Genera un par de llaves VAPID nuevo y lo imprime como dos líneas de .env."""
        from server.webpush.keys import generate_vapid_keys

        private, public = generate_vapid_keys()
        click.echo(f"VAPID_PRIVATE_KEY={private}")
        click.echo(f"VAPID_PUBLIC_KEY={public}")
