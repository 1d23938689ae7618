"""Uploads from the screens: size and type refused in Spanish, registry and ledger files
previewed and applied (or not) with the same validation as the command line."""
from __future__ import annotations

import io

from tests.imports.conftest import REGISTRY_HEADER, registry_row, table_counts
from tests.imports.screens_helpers import apply, payment_csv, preview, upload


def test_an_oversize_file_is_refused_with_a_spanish_413(client, auth_headers, app,
                                                        monkeypatch, run_jobs_now):
    monkeypatch.setitem(app.config, "IMPORT_MAX_MB", 1)
    big = payment_csv([["A1", "1.00", "2026-01-01", "", "x" * 40]] * 30000)
    assert len(big) > 1024 * 1024
    resp = upload(client, auth_headers("clerk"), "payments", big)
    assert resp.status_code == 413
    body = resp.get_json()
    assert body["error_code"] == "IMPORT_UPLOAD_TOO_LARGE"
    assert body["message"] == ("El archivo es demasiado grande: el máximo es 1 MB. "
                               "Divídalo en varios archivos.")
    assert run_jobs_now == []


def test_wrong_type_missing_file_and_unknown_kind_are_refused_in_spanish(
        client, auth_headers, run_jobs_now):
    h = auth_headers("manager")
    pdf = upload(client, h, "ledger", b"%PDF-1.4 ...", filename="estado.pdf")
    assert pdf.status_code == 415 and pdf.get_json()["error_code"] == "IMPORT_UPLOAD_TYPE"
    assert "no es CSV ni XLSX" in pdf.get_json()["message"]
    json_body = client.post("/api/v1/imports/ledger", json={"file": "x"}, headers=h)
    assert json_body.status_code == 415
    assert "multipart/form-data" in json_body.get_json()["message"]
    none = client.post("/api/v1/imports/ledger", data={"mode": "dry_run"}, headers=h,
                       content_type="multipart/form-data")
    assert none.status_code == 422 and none.get_json()["errors"]["file"]
    mode = client.post("/api/v1/imports/ledger", headers=h, content_type="multipart/form-data",
                       data={"mode": "todo", "file": (io.BytesIO(b"a,b\n1,2\n"), "a.csv")})
    assert mode.status_code == 422 and mode.get_json()["error_code"] == "IMPORT_MODE_UNKNOWN"
    kind = upload(client, h, "clientes", b"a,b\n1,2\n", filename="a.csv")
    assert kind.status_code == 404 and "«clientes»" in kind.get_json()["message"]
    assert client.get("/api/v1/imports/00000000-0000-0000-0000-000000000000",
                      headers=h).status_code == 404
    assert run_jobs_now == []


def test_a_file_that_is_not_a_table_is_reported_not_raised(client, auth_headers,
                                                           run_jobs_now):
    run = preview(client, auth_headers("clerk"), "ledger", b"\xff\xfe\x00\x01" * 10,
                  filename="roto.csv")
    assert run["status"] == "done" and run["errors_count"] == 1
    assert run["errors"][0]["line"] == 0 and run["errors"][0]["message"]


def _registry_csv(rows) -> bytes:
    import csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([REGISTRY_HEADER, *rows])
    return buf.getvalue().encode("utf-8")


def test_a_registry_file_with_bad_rows_applies_nothing_all_or_nothing_then_skips(
        client, auth_headers, hoods, run_jobs_now):
    h = auth_headers("manager")
    data = _registry_csv([registry_row("RG0001"), registry_row("RG0002", clase="palacio"),
                          registry_row("RG0003", colonia="No Existe")])
    run = preview(client, h, "registry", data, filename="padron.csv")
    assert run["rows_total"] == 3 and run["valid"] == 1 and run["errors_count"] == 2
    assert {e["line"] for e in run["errors"]} == {3, 4}
    assert run["matches"] == [] and run["totals"] is None
    before = {k: v for k, v in table_counts().items() if k != "import_runs"}
    done = apply(client, h, run["id"])
    assert done["imported"] == 0
    assert {k: v for k, v in table_counts().items() if k != "import_runs"} == before
    skipped = apply(client, h, run["id"], "skip_invalid")
    assert skipped["imported"] == 1 and skipped["errors_count"] == 2
    assert table_counts()["accounts"] == before["accounts"] + 1
