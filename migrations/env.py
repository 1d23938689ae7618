"""Alembic environment for Cartera (Flask-Migrate): run with `flask db upgrade`."""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name and not config.attributes.get("skip_logging"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db

# Objects that live only in migrations because they are PostgreSQL-specific (trigram
# search, covering index of open items); the drift test must not see them as extra.
MIGRATION_ONLY_INDEXES = {"ix_accounts_search_text_trgm", "ix_charges_open_aging"}


def include_object(obj, name, type_, reflected, compare_to):
    if type_ == "index" and name in MIGRATION_ONLY_INDEXES:
        return False
    return True


def run_migrations_offline():
    url = str(target_db.engine.url)
    context.configure(url=url, target_metadata=target_db.metadata, literal_binds=True,
                      include_object=include_object, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context_, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args["include_object"] = include_object
    connectable = config.attributes.get("connection") or target_db.engine
    if isinstance(connectable, type(target_db.engine)):
        with connectable.connect() as connection:
            _run(connection, conf_args)
    else:
        _run(connectable, conf_args)


def _run(connection, conf_args):
    context.configure(connection=connection, target_metadata=target_db.metadata, **conf_args)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
