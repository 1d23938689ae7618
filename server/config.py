"""Configuration from the environment; production refuses to start without its secrets."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "JWT_SECRET_KEY", "DATABASE_URL",
                          "VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY", "VAPID_SUBJECT")
DEV_VAPID_SUBJECT = "mailto:cartera@localhost"


class ConfigError(RuntimeError):
    """Raised when the environment cannot produce a safe configuration."""


def _instance_secret(instance_path: Path, name: str, make=lambda: secrets.token_urlsafe(48)
                     ) -> str:
    """Development only: a random secret kept in instance/ so restarts keep sessions valid."""
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / f"{name.lower()}.secret"
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def normalize_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever spelling the platform hands us."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


@dataclass
class Config:
    """Flask settings; build with Config.from_env()."""

    values: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, instance_path: str | os.PathLike, env: dict | None = None) -> "Config":
        """Read every setting from `env` (default os.environ); see .env.example."""
        env = dict(os.environ if env is None else env)
        instance = Path(instance_path)
        cartera_env = env.get("CARTERA_ENV", "development")
        production = cartera_env == "production"
        if production:
            missing = [k for k in REQUIRED_IN_PRODUCTION if not env.get(k)]
            if missing:
                raise ConfigError(
                    "Producción requiere las variables de entorno: " + ", ".join(missing)
                )
        db_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'cartera.db'}"
        db_url = normalize_database_url(db_url)
        secret = env.get("SECRET_KEY") or _instance_secret(instance, "SECRET_KEY")
        jwt_secret = env.get("JWT_SECRET_KEY") or _instance_secret(instance, "JWT_SECRET_KEY")
        vapid_private, vapid_public, vapid_subject = _vapid(env, instance)
        values = {
            "CARTERA_ENV": cartera_env,
            "SECRET_KEY": secret,
            "SQLALCHEMY_DATABASE_URI": db_url,
            "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(db_url),
            "JWT_SECRET_KEY": jwt_secret,
            # A field shift is ~10 h offline; the access token must outlive it.
            "JWT_ACCESS_TOKEN_EXPIRES": timedelta(
                hours=int(env.get("JWT_ACCESS_HOURS", "14"))),
            "JWT_REFRESH_TOKEN_EXPIRES": timedelta(
                days=int(env.get("JWT_REFRESH_DAYS", "30"))),
            "JWT_TOKEN_LOCATION": ["headers"],
            "REDIS_URL": env.get("REDIS_URL") or None,
            "RATELIMIT_STORAGE_URI": env.get("REDIS_URL") or "memory://",
            "RATELIMIT_HEADERS_ENABLED": True,
            "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "10 per minute"),
            "MAX_CONTENT_LENGTH": int(env.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024,
            "TIMEZONE": env.get("CARTERA_TIMEZONE", "America/Hermosillo"),
            # field-sync v1: the device schema versions served, and attachment storage
            "SYNC_SCHEMA_MIN": int(env.get("SYNC_SCHEMA_MIN", "1")),
            "SYNC_SCHEMA_MAX": int(env.get("SYNC_SCHEMA_MAX", "2")),
            "BLOB_MAX_BYTES": int(env.get("BLOB_MAX_MB", "10")) * 1024 * 1024,
            "BLOB_ROOT": env.get("BLOB_ROOT") or None,
            "BLOB_STORAGE_CLASS": env.get("BLOB_STORAGE_CLASS") or None,
            # Web Push (VAPID): the key pair devices subscribe with, and who we are
            "VAPID_PRIVATE_KEY": vapid_private,
            "VAPID_PUBLIC_KEY": vapid_public,
            "VAPID_SUBJECT": vapid_subject,
            # http and loopback push endpoints (a local test push service): never in production
            "WEBPUSH_ALLOW_LOCAL_ENDPOINTS": not production,
            "API_TITLE": "Cartera API",
            "API_VERSION": "v1",
            "OPENAPI_VERSION": "3.0.3",
            "OPENAPI_URL_PREFIX": "/api",
            "OPENAPI_JSON_PATH": "openapi.json",
            "OPENAPI_SWAGGER_UI_PATH": "docs",
            "OPENAPI_SWAGGER_UI_URL": "/api/docs-assets/",
            "API_SPEC_OPTIONS": {
                "components": {"securitySchemes": {
                    "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
                "security": [{"bearerAuth": []}],
            },
            "JSON_SORT_KEYS": False,
        }
        return cls(values)


def _vapid(env: dict, instance: Path) -> tuple[str, str, str]:
    """The VAPID private key (base64url raw P-256 scalar), its public key (base64url
    uncompressed point) and subject. Development generates the pair once into instance/."""
    from server.webpush.keys import generate_vapid_keys, public_key_for

    private = env.get("VAPID_PRIVATE_KEY") or _instance_secret(
        instance, "VAPID_PRIVATE_KEY", make=lambda: generate_vapid_keys()[0])
    try:
        public = public_key_for(private)
    except ValueError:
        raise ConfigError("VAPID_PRIVATE_KEY no es una llave válida: debe ser la llave "
                          "privada P-256 en base64url (32 bytes), como la imprime "
                          "`flask cartera vapid-keys`.") from None
    if env.get("VAPID_PUBLIC_KEY") and env["VAPID_PUBLIC_KEY"].strip().rstrip("=") != public:
        raise ConfigError("VAPID_PUBLIC_KEY no corresponde a VAPID_PRIVATE_KEY; genere el par "
                          "completo con `flask cartera vapid-keys`.")
    subject = env.get("VAPID_SUBJECT") or DEV_VAPID_SUBJECT
    if not subject.startswith(("mailto:", "https://")):
        raise ConfigError("VAPID_SUBJECT debe ser un correo «mailto:...» o una dirección "
                          "«https://...» de contacto.")
    return private.strip(), public, subject


def _engine_options(url: str) -> dict:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    return {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}
