"""Configuration from the environment; production refuses to start without its secrets."""
import pytest
import sqlalchemy as sa

from server.config import Config, ConfigError


def test_production_refuses_to_start_without_secrets(tmp_path):
    with pytest.raises(ConfigError) as err:
        Config.from_env(tmp_path, env={"CARTERA_ENV": "production"})
    assert "SECRET_KEY" in str(err.value) and "DATABASE_URL" in str(err.value)
    assert "VAPID_PRIVATE_KEY" in str(err.value) and "VAPID_PUBLIC_KEY" in str(err.value)


PRODUCTION_ENV = {
    "CARTERA_ENV": "production", "SECRET_KEY": "s" * 40, "JWT_SECRET_KEY": "j" * 40,
    "DATABASE_URL": "postgres://u:p@db.example/cartera",
    "VAPID_PRIVATE_KEY": "2Nb9836GGC8hRQNZ5RBT4mEQ9xO9Dl3MSGbO9ZB2oyI",
    "VAPID_PUBLIC_KEY": "BFVyLglHGC-ChjF_ZESgjd4ejubFT83T_UwHteRMFt5Ne3ITqRVBv3LQ3bSWrMGTDm"
                        "5_FSIMkOEJIcXbh89xZZ0",
    "VAPID_SUBJECT": "mailto:cobranza@oomapas.example"}


def test_production_starts_with_its_secrets_and_never_writes_them_to_disk(tmp_path):
    cfg = Config.from_env(tmp_path, env=PRODUCTION_ENV).values
    assert cfg["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.example/cartera"
    assert cfg["VAPID_PUBLIC_KEY"] == PRODUCTION_ENV["VAPID_PUBLIC_KEY"]
    assert cfg["VAPID_SUBJECT"] == "mailto:cobranza@oomapas.example"
    assert cfg["WEBPUSH_ALLOW_LOCAL_ENDPOINTS"] is False
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("missing", ["VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY", "VAPID_SUBJECT"])
def test_production_refuses_to_start_without_its_web_push_keys(tmp_path, missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    with pytest.raises(ConfigError) as err:
        Config.from_env(tmp_path, env=env)
    assert missing in str(err.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("change, says", [
    ({"VAPID_PRIVATE_KEY": "no-es-una-llave"}, "VAPID_PRIVATE_KEY no es una llave válida"),
    ({"VAPID_PUBLIC_KEY": "BAAA"}, "VAPID_PUBLIC_KEY no corresponde"),
    ({"VAPID_SUBJECT": "cobranza@oomapas.example"}, "VAPID_SUBJECT debe ser"),
])
def test_a_web_push_key_pair_that_cannot_work_refuses_to_start(tmp_path, change, says):
    with pytest.raises(ConfigError) as err:
        Config.from_env(tmp_path, env={**PRODUCTION_ENV, **change})
    assert says in str(err.value)


def test_development_generates_its_vapid_pair_once_and_keeps_it(tmp_path):
    from server.webpush.keys import public_key_for

    cfg = Config.from_env(tmp_path, env={}).values
    assert cfg["VAPID_PUBLIC_KEY"] == public_key_for(cfg["VAPID_PRIVATE_KEY"])
    assert cfg["VAPID_SUBJECT"] == "mailto:cartera@localhost"
    assert cfg["WEBPUSH_ALLOW_LOCAL_ENDPOINTS"] is True
    again = Config.from_env(tmp_path, env={}).values
    assert again["VAPID_PRIVATE_KEY"] == cfg["VAPID_PRIVATE_KEY"]
    assert (tmp_path / "vapid_private_key.secret").stat().st_mode & 0o777 == 0o600


def test_without_database_url_the_app_uses_sqlite_in_instance(tmp_path):
    cfg = Config.from_env(tmp_path, env={}).values
    assert cfg["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'cartera.db'}"
    # Development generates its secrets once and keeps them.
    again = Config.from_env(tmp_path, env={}).values
    assert cfg["JWT_SECRET_KEY"] == again["JWT_SECRET_KEY"]


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app):
    from server.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite only")
        conn = db.engine.connect()
    with conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_openapi_document_and_local_docs_ui_are_served(client):
    spec = client.get("/api/openapi.json").get_json()
    assert "/api/v1/ledger/accounts/{account_ref}/payments" in spec["paths"]
    ui = client.get("/api/docs")
    assert ui.status_code == 200
    html = ui.get_data(as_text=True)
    assert "/api/docs-assets/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    assert client.get("/api/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_health_reports_the_database(client):
    body = client.get("/api/health").get_json()
    assert body == {"status": "ok", "database": "ok",
                    "database_engine": body["database_engine"]}
    assert body["database_engine"] in ("sqlite", "postgresql")
    assert isinstance(sa.__version__, str)
