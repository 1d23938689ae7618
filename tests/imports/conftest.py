"""Fixtures for import tests: a small colonias catalogue, file writers, table counts."""
from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

HOODS = [
    ("Caborca Centro", "83600", "S01"),
    ("Aviación", "83610", "S02"),
    ("La Huerta", "83610", "S02"),
    ("San Francisco", "83640", "S03"),
    ("San Francisco", "83650", "S04"),
]


def add_neighborhoods() -> dict[str, int]:
    """Insert the catalogue in its own unit of work; {name/postal code: id}."""
    from server.db import transaction
    from server.extensions import db
    from server.registry.models import Neighborhood
    from server.registry.rules import normalize

    ids = {}
    with transaction():
        for name, postal_code, sector in HOODS:
            hood = Neighborhood(name=name, name_key=normalize(name), postal_code=postal_code,
                                locality_type="urban", sector=sector)
            db.session.add(hood)
            db.session.flush()
            ids[f"{name}/{postal_code}"] = hood.id
    return ids


@pytest.fixture()
def hoods(db_session):
    """Colonias for tests that roll back."""
    return add_neighborhoods()


@pytest.fixture()
def run_jobs_now(monkeypatch):
    """Jobs run in the request's own thread and session (the test's one transaction)."""
    from server import jobs

    ran = []

    def _now(path, *args, **kwargs):
        ran.append(path)
        jobs._resolve(path)(*args, **kwargs)
        return f"now-{len(ran)}"

    monkeypatch.setattr(jobs, "enqueue", _now)
    return ran


@pytest.fixture()
def committed_hoods(committing_db):
    """Colonias for tests through the CLI (committed, emptied afterwards)."""
    return add_neighborhoods()


def write_csv(path, rows, *, delimiter=",", encoding="utf-8"):
    """Write rows (lists) as a CSV file in the given encoding; returns the path."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path, rows):
    """Write rows (lists, None for an empty row) to the first sheet of a new workbook."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line, row in enumerate(rows, start=1):
        for col, value in enumerate(row or [], start=1):
            if value is not None:
                sheet.cell(row=line, column=col, value=value)
    book.save(path)
    return path


def table_counts() -> dict[str, int]:
    """Rows in every table: what 'the database is unchanged' compares."""
    from server.extensions import db

    return {t.name: db.session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
            for t in db.metadata.sorted_tables}


REGISTRY_HEADER = ["cuenta", "titular", "tipo_persona", "rfc", "curp", "teléfono", "calle",
                   "número exterior", "colonia", "código postal", "clase", "subtipo", "giro",
                   "tipo_cobro", "agua", "drenaje", "saneamiento", "estado", "medidor",
                   "fecha_conexion"]


def registry_row(number, holder="María Pérez López", *, colonia="Caborca Centro", cp="",
                 clase="doméstico", rfc="", curp="", medidor="", fecha="2020-01-15",
                 estado="activa", persona="persona física"):
    """One registry line in REGISTRY_HEADER order."""
    return [number, holder, persona, rfc, curp, "6371234567", "Calle 5 de Mayo", "123",
            colonia, cp, clase, "popular" if clase == "doméstico" else "", "", "cuota fija",
            "sí", "sí", "no", estado, medidor, fecha]
