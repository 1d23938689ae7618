"""DomainError and the single JSON error shape: {code, status, error_code, message, errors}."""
from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, jsonify
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

from server.common.i18n import message

log = logging.getLogger(__name__)

HTTP_CODES = {
    400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED", 409: "CONFLICT", 413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE", 422: "VALIDATION_ERROR", 428: "PRECONDITION_REQUIRED",
    429: "TOO_MANY_REQUESTS", 500: "INTERNAL_ERROR", 503: "SERVICE_UNAVAILABLE",
}


class DomainError(Exception):
    """A business rule said no. `code` is stable UPPER_SNAKE; the message is Spanish."""

    status = 422

    def __init__(self, code: str, status: int | None = None, errors: dict | None = None,
                 **params):
        super().__init__(code)
        self.code = code
        self.params = params
        self.errors = errors or {}
        if status is not None:
            self.status = status

    @property
    def message(self) -> str:
        return message(self.code, **self.params)


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class Forbidden(DomainError):
    status = 403


def error_body(status: int, error_code: str, text: str | None = None, errors=None) -> dict:
    """The one error shape every endpoint answers with."""
    return {
        "code": status,
        "status": HTTPStatus(status).phrase,
        "error_code": error_code,
        "message": text or message(error_code),
        "errors": errors or {},
    }


def error_response(status: int, error_code: str, text: str | None = None, errors=None,
                   headers=None):
    resp = jsonify(error_body(status, error_code, text, errors))
    resp.status_code = status
    resp.headers["Cache-Control"] = "no-store"
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def _validation_errors(exc: HTTPException):
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    if not messages:
        return {}
    # flask-smorest nests by location ("json", "query"...); the client wants the fields.
    if isinstance(messages, dict) and len(messages) == 1:
        (only,) = messages.values()
        if isinstance(only, dict):
            return only
    return messages


def register_error_handlers(app: Flask) -> None:
    """Every error, ours, Werkzeug's, the database's and the unexpected, leaves as JSON."""

    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):
        return error_response(exc.status, exc.code, exc.message, exc.errors)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        status = exc.code or 500
        code = HTTP_CODES.get(status, "BAD_REQUEST" if status < 500 else "INTERNAL_ERROR")
        errors = _validation_errors(exc) if status in (400, 422) else {}
        headers = {}
        if status == 429:
            headers["Retry-After"] = "60"
        if status == 405 and getattr(exc, "valid_methods", None):
            headers["Allow"] = ", ".join(exc.valid_methods)
        return error_response(status, code, None, errors, headers)

    @app.errorhandler(IntegrityError)
    def _integrity(exc: IntegrityError):
        from server.extensions import db

        db.session.rollback()
        log.info("integrity error: %s", exc.orig)
        return error_response(409, "CONFLICT")

    @app.errorhandler(OperationalError)
    def _operational(exc: OperationalError):
        from server.extensions import db

        db.session.rollback()
        log.exception("database unavailable")
        return error_response(503, "SERVICE_UNAVAILABLE", headers={"Retry-After": "5"})

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        from server.extensions import db

        db.session.rollback()
        log.exception("unhandled error")
        return error_response(500, "INTERNAL_ERROR")
