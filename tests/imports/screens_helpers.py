"""Helpers of the screen import tests: jobs run at once, upload and poll, payment files."""
from __future__ import annotations

import csv
import io

PAYMENT_HEADER = ["Cuenta", "Importe", "Fecha de pago", "Forma de pago", "Referencia bancaria"]


def payment_csv(rows, header=PAYMENT_HEADER) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([header, *rows])
    return buf.getvalue().encode("utf-8")


def upload(client, headers, kind, data: bytes, filename="pagos.csv", mode=None):
    form = {"file": (io.BytesIO(data), filename)}
    if mode:
        form["mode"] = mode
    return client.post(f"/api/v1/imports/{kind}", data=form, headers=headers,
                        content_type="multipart/form-data")


def run_of(client, headers, run_id) -> dict:
    resp = client.get(f"/api/v1/imports/{run_id}", headers=headers)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def preview(client, headers, kind, data, filename="pagos.csv") -> dict:
    resp = upload(client, headers, kind, data, filename)
    assert resp.status_code == 202, resp.get_json()
    return run_of(client, headers, resp.get_json()["id"])


def apply(client, headers, run_id, mode="all_or_nothing") -> dict:
    resp = client.post(f"/api/v1/imports/{run_id}/apply", json={"mode": mode},
                       headers=headers)
    assert resp.status_code == 202, resp.get_json()
    return run_of(client, headers, resp.get_json()["id"])
