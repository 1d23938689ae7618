"""The reports API on the demo city: roles, filters, bad input in Spanish, the cache,
the drill-down list, files and export runs with progress."""
from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from tests.reports.conftest import AS_OF

Q = f"as_of={AS_OF.isoformat()}"


@pytest.fixture()
def manager(auth_headers, city):
    return auth_headers("manager")


@pytest.mark.parametrize("role,allowed", [("manager", True), ("director", True),
                                          ("clerk", False), ("notifier", False)])
def test_reports_are_for_the_manager_and_the_director(client, auth_headers, city, role,
                                                      allowed):
    resp = client.get(f"/api/v1/reports/debtors?{Q}", headers=auth_headers(role))
    assert resp.status_code == (200 if allowed else 403)


def test_the_dashboard_carries_every_figure_with_its_drill_target(client, manager):
    resp = client.get(f"/api/v1/reports/dashboard?{Q}", headers=manager)
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    keys = [c["key"] for c in body["cards"]]
    assert keys == ["arrears", "recovery", "commercial_efficiency", "arrears_recovery_rate",
                    "delinquent", "agreements", "orders", "field"]
    assert all(c["drill"].startswith("#/") for c in body["cards"])
    assert len(body["trend"]) == 12 and body["stale"] is False
    arrears = next(c for c in body["cards"] if c["key"] == "arrears")
    assert D(arrears["value"]) == D(body["trend"][-1]["arrears"]) > 0
    delinquent = next(c for c in body["cards"] if c["key"] == "delinquent")
    assert delinquent["value"] > 0


def test_a_cached_dashboard_is_marked_stale_and_refreshed_when_the_ledger_moves(
        client, manager, queued, db_session):
    from server.ledger.service import record_payment  # noqa: F401  (exists: the counter)
    from server.reports.models import ReportCache

    first = client.get(f"/api/v1/reports/dashboard?{Q}", headers=manager).get_json()
    again = client.get(f"/api/v1/reports/dashboard?{Q}", headers=manager).get_json()
    assert again["computed_at"] == first["computed_at"] and again["stale"] is False
    row = db_session.get(ReportCache, next(iter(
        k for (k,) in db_session.query(ReportCache.key).all() if k.startswith("dashboard"))))
    row.watermark = "otro"
    db_session.commit()
    stale = client.get(f"/api/v1/reports/dashboard?{Q}", headers=manager).get_json()
    assert stale["stale"] is True
    assert [p for p, _ in queued] == ["server.reports.jobs.refresh"]
    client.get(f"/api/v1/reports/dashboard?{Q}", headers=manager)
    assert len(queued) == 1  # a refresh already running is not queued twice
    fresh = client.get(f"/api/v1/reports/dashboard?{Q}&fresh=true", headers=manager)
    assert fresh.get_json()["stale"] is False


@pytest.mark.parametrize("query,field", [
    ("property_class=castillo", "property_class"), ("service=gas", "service"),
    ("from=ayer", "from"), ("as_of=2026-02-30", "as_of"), ("neighborhood_id=uno",
                                                            "neighborhood_id"),
    ("from=2026-05&to=2026-01", "from"), ("format=docx", "format"), ("top=500", "top")])
def test_bad_filters_are_refused_in_spanish(client, manager, query, field):
    resp = client.get(f"/api/v1/reports/recovery?{query}", headers=manager)
    assert resp.status_code == 422
    body = resp.get_json()
    assert field in str(body["errors"]) and body["message"]


def test_an_unknown_report_is_a_spanish_404(client, manager):
    resp = client.get("/api/v1/reports/billetes", headers=manager)
    assert resp.status_code == 404 and "No existe el informe" in resp.get_json()["message"]


def test_drill_from_a_colonia_of_the_arrears_report_to_its_accounts(client, manager):
    report = client.get(f"/api/v1/reports/arrears?{Q}", headers=manager).get_json()
    hood = report["by_colonia"][0]
    n = report["arrears_min_months"]
    page = client.get(f"/api/v1/reports/accounts?{Q}&neighborhood_id={hood['neighborhood_id']}"
                      f"&min_months={n}&page_size=200", headers=manager).get_json()
    assert page["total_debt"] == hood["arrears"]
    assert sum(D(i["debt"]) for i in page["items"]) == D(hood["arrears"])
    assert {i["colonia"] for i in page["items"]} == {hood["colonia"]}
    debts = [D(i["debt"]) for i in page["items"]]
    assert debts == sorted(debts, reverse=True)
    assert all(i["months_past_due"] >= n for i in page["items"])


def test_drill_by_aging_bucket_adds_up_to_the_bucket(client, manager):
    report = client.get(f"/api/v1/reports/arrears?{Q}", headers=manager).get_json()
    bucket = next(b for b in report["by_bucket"] if b["bucket"] == "7-12")
    page = client.get(f"/api/v1/reports/accounts?{Q}&bucket=7-12", headers=manager).get_json()
    assert page["total_debt"] == bucket["total"]
    bad = client.get("/api/v1/reports/accounts?bucket=99", headers=manager)
    assert bad.status_code == 422 and "antigüedad" in bad.get_json()["message"]


def test_each_report_downloads_as_excel_with_numeric_cells_and_totals(client, manager):
    for key in ("recovery", "arrears", "arrears-by-service", "debtors"):
        resp = client.get(f"/api/v1/reports/{key}?{Q}&format=xlsx", headers=manager)
        assert resp.status_code == 200, key
        book = load_workbook(io.BytesIO(resp.data))
        ws = book.worksheets[0]
        assert ws["A1"].font.b
        numbers = [c.value for row in ws.iter_rows(min_row=2) for c in row
                   if isinstance(c.value, (int, float))]
        assert numbers, key


def test_report_pdf_keeps_the_spanish_accents(client, manager):
    from tests.ledger.test_statement_export import pdf_info

    resp = client.get(f"/api/v1/reports/arrears?{Q}&format=pdf&property_class=domestic",
                      headers=manager)
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF")
    info = pdf_info(resp.data)
    assert info["Title"] == "Cartera vencida por antigüedad, clase, servicio y colonia"
    assert info["Subject"] == "Cartera vencida por antigüedad, clase, servicio y colonia al " \
        "28/11/2026 · clase Doméstico"
    assert info["Author"] == "Departamento de Cartera y Padrón"
    from tests.pdf_text import pdf_text

    assert "Cartera vencida por antigüedad, clase, servicio y colonia" in pdf_text(resp.data)


def test_the_arrears_export_runs_in_the_background_with_every_indebted_account(
        client, manager, run_jobs_now):
    resp = client.post("/api/v1/reports/exports", headers=manager,
                       json={"report": "arrears", "format": "xlsx", "as_of": AS_OF.isoformat()})
    assert resp.status_code == 202, resp.get_json()
    run = client.get(f"/api/v1/reports/exports/{resp.get_json()['id']}", headers=manager)
    body = run.get_json()
    assert body["status"] == "done" and body["rows_done"] == body["rows_total"] > 0
    assert body["download_url"].endswith("/file")
    data = client.get(body["download_url"], headers=manager)
    assert data.status_code == 200
    book = load_workbook(io.BytesIO(data.data))
    detail = book["Detalle por cuenta"]
    assert detail.max_row == body["rows_total"] + 2
    total_row = [c.value for c in detail[detail.max_row]]
    summary = client.get(f"/api/v1/reports/arrears?{Q}", headers=manager).get_json()
    assert D(str(total_row[9])).quantize(D("0.01")) == D(summary["totals"]["arrears"])
    assert detail.cell(row=2, column=8).number_format == '"$"#,##0.00'
    assert D(str(total_row[10])).quantize(D("0.01")) == D(summary["totals"]["total"])
    assert detail.cell(row=2, column=12).is_date
    assert isinstance(detail.cell(row=2, column=13).value, int)


def test_an_export_not_finished_has_no_file_yet(client, manager, queued):
    resp = client.post("/api/v1/reports/exports", headers=manager,
                       json={"report": "debtors", "format": "pdf"})
    run_id = resp.get_json()["id"]
    assert client.get(f"/api/v1/reports/exports/{run_id}", headers=manager).get_json()[
        "status"] == "queued"
    file = client.get(f"/api/v1/reports/exports/{run_id}/file", headers=manager)
    assert file.status_code == 409 and "aún no está listo" in file.get_json()["message"]


def test_warming_computes_the_day_ahead_so_the_first_view_is_cached(client, manager, app):
    import time

    from server.reports.service import warm

    done = warm(AS_OF.isoformat(), clock=time.perf_counter)
    assert [k for k, _ in done] == ["dashboard", "recovery", "arrears", "arrears-by-service",
                                    "debtors"]
    from datetime import datetime

    from server.common.clock import utcnow

    warmed_by = utcnow()
    for path in ("dashboard", "debtors", "arrears"):
        first = client.get(f"/api/v1/reports/{path}?{Q}", headers=manager).get_json()
        assert datetime.fromisoformat(first["computed_at"]) <= warmed_by, path
        assert first["stale"] is False


def test_a_new_days_first_view_shows_the_latest_dashboard_while_todays_is_computed(
        client, manager, queued, db_session):
    from server.common.clock import utcnow
    from server.reports.models import ReportCache

    db_session.add(ReportCache(key='dashboard:{"as_of":"2026-11-28"}', watermark="old",
                               payload={"as_of": "2026-11-28", "cards": [], "trend": []},
                               computed_at=utcnow(), duration_ms=1))
    db_session.commit()
    first = client.get("/api/v1/reports/dashboard", headers=manager).get_json()
    assert first["as_of"] == "2026-11-28" and first["stale"] is True
    assert [p for p, _ in queued] == ["server.reports.jobs.refresh"]
    again = client.get("/api/v1/reports/dashboard", headers=manager).get_json()
    assert again["stale"] is True and len(queued) == 1
    from server.reports.jobs import refresh

    refresh(*queued[0][1])
    today = client.get("/api/v1/reports/dashboard", headers=manager).get_json()
    assert today["stale"] is False and today["as_of"] != "2026-11-28" and today["cards"]


def test_the_demos_first_run_warms_the_dashboard_once(app, manager):
    """`make run` calls `reports-warm --if-cold` after seeding: the first start computes the
    dashboard, every later start leaves it to the cache (it refreshes when viewed)."""
    import sqlalchemy as sa

    from server.extensions import db
    from server.reports.models import ReportCache

    with app.app_context():
        db.session.execute(sa.delete(ReportCache))  # derived figures only: safe to drop
        db.session.commit()
    runner = app.test_cli_runner()
    cold = runner.invoke(args=["cartera", "reports-warm", "--if-cold", "--as-of",
                               AS_OF.isoformat()])
    assert cold.exit_code == 0 and "dashboard:" in cold.output and "Listo." in cold.output
    again = runner.invoke(args=["cartera", "reports-warm", "--if-cold"])
    assert again.exit_code == 0
    assert "El tablero ya se calculó antes" in again.output and "dashboard:" not in again.output


def test_an_export_lost_with_its_worker_ends_as_failed_with_a_spanish_reason(app, client,
                                                                             manager):
    """No progress for 15 minutes: the next poll closes it, so the screen stops waiting."""
    from datetime import timedelta

    import sqlalchemy as sa

    from server.common.clock import utcnow
    from server.extensions import db
    from server.reports.models import ExportRun

    with app.app_context():
        run = ExportRun(report="arrears", format="xlsx", params={}, status="running",
                        filename="arrears.xlsx")
        db.session.add(run)
        db.session.flush()
        db.session.execute(sa.update(ExportRun).where(ExportRun.id == run.id).values(
            updated_at=utcnow() - timedelta(minutes=20)))
        db.session.commit()
        run_id = run.id
    out = client.get(f"/api/v1/reports/exports/{run_id}", headers=manager).get_json()
    assert out["status"] == "failed" and out["finished_at"] and out["download_url"] is None
    assert out["error"].startswith("La exportación dejó de avanzar por 15 minutos")
