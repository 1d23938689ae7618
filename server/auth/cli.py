"""Staff commands: create-user."""
from __future__ import annotations

import click

from server.errors import DomainError
from server.http import ALL_ROLES


def register(group) -> None:
    @group.command("create-user")
    @click.argument("username")
    @click.option("--full-name", required=True, help="Nombre completo.")
    @click.option("--role", "roles", multiple=True, required=True,
                  type=click.Choice(ALL_ROLES), help="Rol (se puede repetir).")
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
                  help="Contraseña (mínimo 8 caracteres, con letras y números).")
    @click.option("--credential-number", default=None, help="Número de credencial.")
    def create_user_cmd(username, full_name, roles, password, credential_number):
        """Crea un usuario del personal con uno o más roles."""
        from server.auth.service import create_user

        try:
            user = create_user(username=username, full_name=full_name, password=password,
                               roles=list(roles), credential_number=credential_number)
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(f"Usuario creado: {user.username} ({', '.join(user.roles)})")
