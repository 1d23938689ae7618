"""The create-user command."""
import sqlalchemy as sa

from server.auth.models import StaffUser
from server.extensions import db


def test_create_user_makes_a_login_with_its_roles(app, committing_db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["cartera", "create-user", "cajera2", "--full-name",
                                 "Rosa Cajera", "--role", "clerk", "--role", "notifier"],
                           input="secreto-123\nsecreto-123\n")
    assert result.exit_code == 0, result.output
    assert "Usuario creado: cajera2 (clerk, notifier)" in result.output
    with app.app_context():
        user = db.session.execute(sa.select(StaffUser).where(
            StaffUser.username == "cajera2")).scalars().one()
        assert user.roles == ["clerk", "notifier"]


def test_create_user_refuses_a_short_password_and_a_taken_name_in_spanish(app, committing_db):
    runner = app.test_cli_runner()
    short = runner.invoke(args=["cartera", "create-user", "x1", "--full-name", "X",
                                "--role", "clerk", "--password", "corta"])
    assert short.exit_code != 0 and "al menos 8 caracteres" in short.output
    args = ["cartera", "create-user", "dup1", "--full-name", "Dup", "--role", "clerk",
            "--password", "secreto-123"]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code != 0 and "Ya existe un usuario" in again.output
