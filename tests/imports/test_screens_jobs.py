"""The import job for real: run by the in-process runner (a thread with its own session,
as in development without Redis), polled through the API until it ends."""
from __future__ import annotations

import time

from flask_jwt_extended import create_access_token

from server.common.clock import local_today
from tests import factories
from tests.imports.screens_helpers import payment_csv, upload


def _wait(client, headers, run_id) -> dict:
    """Poll as the screen does. Each real request has its own session; here the requests
    share the test's app context, so its session is ended before each poll."""
    from server.extensions import db

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        db.session.remove()
        run = client.get(f"/api/v1/imports/{run_id}", headers=headers).get_json()
        if run["status"] in ("done", "failed"):
            return run
        time.sleep(0.05)
    raise AssertionError(f"la importación no terminó: {run}")


def test_a_preview_and_its_application_run_as_background_jobs(app, committing_db):
    from server.auth.service import create_user

    acc = factories.overdue_account(2, as_of=local_today(), number="JB0001")
    user = create_user(username="auxiliar-jobs", full_name="Auxiliar Jobs",
                       password="secreto-123", roles=["clerk"])
    committing_db.session.commit()
    with app.test_request_context():
        token = create_access_token(identity=str(user.id), additional_claims={"roles": ["clerk"]})
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    data = payment_csv([[acc.account_number, "120.00", local_today().isoformat(), "efectivo",
                         "CAJA-1"]])
    resp = upload(client, headers, "payments", data, filename="caja.csv")
    assert resp.status_code == 202 and resp.get_json()["status"] == "queued"
    run = _wait(client, headers, resp.get_json()["id"])
    assert run["status"] == "done" and run["totals"]["matched"] == 1
    assert run["rows_done"] == run["rows_total"] == 1

    resp = client.post(f"/api/v1/imports/{run['id']}/apply", json={}, headers=headers)
    assert resp.status_code == 202
    done = _wait(client, headers, resp.get_json()["id"])
    assert done["status"] == "done" and done["imported"] == 1 and done["errors_count"] == 0
    history = client.get("/api/v1/imports", headers=headers).get_json()
    assert [r["mode"] for r in history["items"]] == ["all_or_nothing", "dry_run"]


def test_a_run_lost_with_its_worker_is_closed_as_failed_with_a_spanish_reason(
        client, auth_headers, db_session):
    """A job that stopped making progress (its worker restarted) must not show "en proceso"
    forever: after 15 minutes without progress the next look at it ends it as failed."""
    from datetime import timedelta

    import sqlalchemy as sa

    from server.common.clock import utcnow
    from server.extensions import db
    from server.imports.models import ImportRun

    def run(status, minutes_ago):
        row = ImportRun(kind="payments", mode="dry_run", status=status, filename="caja.csv",
                        file_sha256="0" * 64, file_size=10)
        db.session.add(row)
        db.session.flush()
        db.session.execute(sa.update(ImportRun).where(ImportRun.id == row.id).values(
            updated_at=utcnow() - timedelta(minutes=minutes_ago)))
        db.session.commit()
        return str(row.id)

    lost, queued_long, busy = run("running", 20), run("queued", 16), run("running", 2)
    headers = auth_headers("clerk")
    out = client.get(f"/api/v1/imports/{lost}", headers=headers).get_json()
    assert out["status"] == "failed" and out["finished_at"]
    assert out["errors"][0]["message"].startswith(
        "La importación dejó de avanzar por 15 minutos")
    listed = {r["id"]: r["status"] for r in
              client.get("/api/v1/imports", headers=headers).get_json()["items"]}
    assert listed == {lost: "failed", queued_long: "failed", busy: "running"}
