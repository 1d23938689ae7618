"""Bank and cashier payment files from the screens: preview of matches, the per-line
report, all-or-nothing applies nothing, skip-invalid applies the good lines, the same file
twice books nothing twice, progress, and a posted payment cancels an open cut order."""
from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from server.common.clock import local_today
from server.extensions import db
from server.ledger import queries as ledger_queries
from server.ledger.models import Payment
from tests import factories
from tests.imports.conftest import table_counts
from tests.imports.screens_helpers import apply, payment_csv, preview, run_of, upload

TODAY = local_today()
PAID = TODAY.isoformat()


@pytest.fixture()
def debtors(db_session):
    a = factories.overdue_account(3, as_of=TODAY, number="PA0001", holder="José Ñúñez Ríos")
    b = factories.overdue_account(2, as_of=TODAY, number="PA0002", holder="Ana Soto")
    db.session.commit()
    return a, b


def _counts():
    return {k: v for k, v in table_counts().items() if k != "import_runs"}


BAD_FILE = [["PA0001", "$1,000.50", PAID, "efectivo", "BNK-1"],
            ["ZZ9999", "100.00", PAID, "transferencia", "BNK-2"],
            ["PA0002", "12.345", PAID, "tarjeta", "BNK-3"],
            ["pa0002", "200.00", "31/02/2026", "", "BNK-4"]]


def test_the_preview_shows_each_line_matched_or_why_not_with_totals(
        client, auth_headers, debtors, run_jobs_now):
    h = auth_headers("clerk")
    before = _counts()
    run = preview(client, h, "payments", payment_csv(BAD_FILE))
    assert run["status"] == "done" and run["kind"] == "payments" and run["mode"] == "dry_run"
    assert run["rows_total"] == run["rows_done"] == 4 and run["imported"] == 0
    assert [(e["line"], e["column"]) for e in run["errors"]] == [
        (3, "Cuenta"), (4, "Importe"), (5, "Fecha de pago")]
    assert "no existe" in run["errors"][0]["message"].lower()
    first = run["matches"][0]
    balance = ledger_queries.balances_for([debtors[0].id])[debtors[0].id]["balance"]
    assert first == {"line": 2, "matched": True, "account_number": "PA0001",
                     "holder_name": "José Ñúñez Ríos", "balance": str(balance),
                     "amount": "1000.50", "paid_on": PAID, "method": "cash",
                     "reference": "BNK-1", "reason": None}
    assert [m["matched"] for m in run["matches"]] == [True, False, False, False]
    assert run["matches"][1]["reason"].startswith("Línea 3, columna «Cuenta»")
    assert run["totals"] == {"lines": 4, "matched": 1, "matched_amount": "1000.50",
                             "unmatched": 3, "unmatched_amount": "300.00"}
    assert _counts() == before  # a preview writes nothing but its run

    csv_resp = client.get(f"/api/v1/imports/{run['id']}/errors.csv", headers=h)
    assert csv_resp.status_code == 200 and csv_resp.mimetype == "text/csv"
    text = csv_resp.get_data().decode("utf-8-sig")
    assert text.splitlines()[0] == "linea,columna,error"
    assert len(text.splitlines()) == 4 and "5,Fecha de pago," in text


def test_all_or_nothing_applies_nothing_when_a_line_is_bad(
        client, auth_headers, debtors, run_jobs_now):
    h = auth_headers("manager")
    run = preview(client, h, "payments", payment_csv(BAD_FILE))
    before = _counts()
    done = apply(client, h, run["id"], "all_or_nothing")
    assert done["status"] == "done" and done["preview_of"] == run["id"]
    assert done["imported"] == 0 and done["errors_count"] == 3
    assert "No se importó nada" in done["verdict"]
    assert _counts() == before  # every table unchanged


def test_skip_invalid_books_the_good_lines_and_the_same_file_twice_books_nothing(
        client, auth_headers, debtors, run_jobs_now):
    h = auth_headers("clerk")
    data = payment_csv(BAD_FILE)
    run = preview(client, h, "payments", data)
    done = apply(client, h, run["id"], "skip_invalid")
    assert done["imported"] == 1 and done["details"] == {"payments": 1}
    payment = db.session.execute(sa.select(Payment).where(
        Payment.account_id == debtors[0].id)).scalar_one()
    assert payment.amount == Decimal("1000.50") and payment.origin == "import"
    assert payment.reference == "BNK-1" and payment.idempotency_key.endswith(":2")

    before = _counts()
    again = preview(client, h, "payments", data, filename="pagos-otra-vez.csv")
    assert again["totals"]["matched"] == 0
    assert again["errors"][0]["line"] == 2
    assert again["errors"][0]["message"].startswith("Este pago ya se importó antes (recibo ")
    second = apply(client, h, again["id"], "skip_invalid")
    assert second["imported"] == 0
    assert _counts() == before


def test_a_preview_is_applied_only_once_and_only_when_done(
        client, auth_headers, debtors, run_jobs_now):
    h = auth_headers("clerk")
    run = preview(client, h, "payments", payment_csv(BAD_FILE[:1]))
    done = apply(client, h, run["id"])
    resp = client.post(f"/api/v1/imports/{done['id']}/apply", json={}, headers=h)
    assert resp.status_code == 409 and resp.get_json()["error_code"] == "IMPORT_NOT_A_PREVIEW"
    assert client.post(f"/api/v1/imports/{run['id']}/apply", json={"mode": "dry_run"},
                       headers=h).status_code == 422


def test_progress_advances_while_the_lines_are_booked(
        client, auth_headers, db_session, run_jobs_now, monkeypatch):
    from server.imports import runs

    accounts = [factories.overdue_account(1, as_of=TODAY, number=f"PR{i:04d}")
                for i in range(5)]
    db.session.commit()
    rows = [[accounts[i % 5].account_number, "1.00", PAID, "efectivo", f"R{i}"]
            for i in range(250)]
    seen = []
    real = runs.save_progress
    monkeypatch.setattr(runs, "save_progress",
                        lambda run_id, done, total: (seen.append((done, total)),
                                                     real(run_id, done, total)))
    h = auth_headers("clerk")
    run = preview(client, h, "payments", payment_csv(rows))
    assert seen == [(0, 250), (250, 250)]
    seen.clear()
    done = apply(client, h, run["id"], "skip_invalid")
    assert done["imported"] == 250 and done["rows_done"] == done["rows_total"] == 250
    assert seen[0] == (0, 250) and seen[-1] == (250, 250) and len(seen) >= 4
    assert all(a[0] < b[0] for a, b in zip(seen, seen[1:]))  # it only goes forward


def test_a_posted_payment_line_cancels_an_open_cut_order(
        client, auth_headers, db_session, run_jobs_now):
    from server.disconnections.rules import CutRules
    from server.disconnections.service import create_cut_list
    from tests.disconnections.conftest import debtor, orders_of

    home = debtor()
    create_cut_list(actor_id=None, name="Cortes", cut_rules=CutRules(min_months_past_due=3))
    (order,) = orders_of(home.id)
    assert order.status not in ("cancelled",)
    h = auth_headers("clerk")
    run = preview(client, h, "payments", payment_csv(
        [[home.account_number, "50.00", PAID, "transferencia", "SPEI-77"]]))
    assert run["matches"][0]["matched"] is True
    done = apply(client, h, run["id"])
    assert done["imported"] == 1
    db.session.refresh(order)
    assert order.status == "cancelled" and order.cancel_reason == "payment"


def test_the_director_sees_the_history_but_cannot_upload_or_apply(
        client, auth_headers, debtors, run_jobs_now):
    run = preview(client, auth_headers("clerk"), "payments", payment_csv(BAD_FILE[:1]))
    d = auth_headers("director")
    assert upload(client, d, "payments", payment_csv(BAD_FILE)).status_code == 403
    assert client.post(f"/api/v1/imports/{run['id']}/apply", json={},
                       headers=d).status_code == 403
    history = client.get("/api/v1/imports", headers=d).get_json()
    assert history["total"] >= 1 and history["items"][0]["id"] == run["id"]
    assert run_of(client, d, run["id"])["filename"] == "pagos.csv"
