"""The counter receipt: a real A5 PDF in Spanish with the amount in words, what the payment
paid oldest first, the balance after it and the clerk; and a payment posted from the counter
cancels the account's open cut orders."""
from __future__ import annotations

import pytest
from flask_jwt_extended import create_access_token

from server.common.clock import local_today
from server.extensions import db
from server.ledger.models import Payment
from server.ledger.receipt import receipt_html
from tests import factories
from tests.agreements.conftest import pdf_metadata_has
from tests.disconnections.conftest import cut_day, orders_of, pushes  # noqa: F401 (fixtures)

TODAY = local_today()


@pytest.fixture()
def clerk(app, db_session):
    from server.auth.service import create_user

    user = create_user(username="cajera-recibo", full_name="Begoña Ibáñez Güereña",
                       password="secreto-123", roles=["clerk"])
    with app.test_request_context():
        token = create_access_token(identity=str(user.id), additional_claims={"roles": ["clerk"]})
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture()
def debtor(db_session):
    """Three unpaid months of 217.50 (150 + 45 + 22.50): 652.50."""
    return factories.overdue_account(3, as_of=TODAY, holder="José Núñez Peña",
                                     street="Avenida Señor de los Milagros", exterior="12")


def pay(client, headers, acc, amount, key="recibo-00000001", **extra):
    return client.post(f"/api/v1/ledger/accounts/{acc.account_number}/payments",
                       json={"amount": amount, **extra},
                       headers={**headers, "Idempotency-Key": key})


def test_the_payment_answer_says_what_it_paid_oldest_first(client, clerk, debtor):
    body = pay(client, clerk, debtor, "250.50", method="card", reference="AUT-99").get_json()
    lines = body["allocations"]
    periods = [ln["period"] for ln in lines]
    oldest = [ln for ln in lines if ln["period"] == periods[0]]
    assert sorted(ln["amount"] for ln in oldest) == ["150.00", "22.50", "45.00"]
    assert [ln["amount"] for ln in lines if ln["period"] != periods[0]] and \
        sum(int(ln["amount"].replace(".", "")) for ln in lines[len(oldest):]) == 3300
    assert periods == sorted(periods)  # oldest period first
    assert {ln["service"] for ln in lines} <= {"water", "sewer", "sanitation"}
    assert sum(int(ln["amount"].replace(".", "")) for ln in lines) == 25050
    assert body["balance_after"] == "402.00"


def test_the_receipt_has_the_amount_in_words_accents_and_what_it_paid(client, clerk, debtor):
    body = pay(client, clerk, debtor, "250.50", method="card", reference="AUT-99").get_json()
    html = receipt_html(db.session.get(Payment, body["id"]))
    for text in ("Recibo de pago", body["receipt_number"], "OOMAPAS", debtor.account_number,
                 "José Núñez Peña", "Avenida Señor de los Milagros 12", "Caborca Centro",
                 "$250.50", "DOSCIENTOS CINCUENTA PESOS 50/100 M.N.", "Tarjeta", "AUT-99",
                 "Agua", "Drenaje", "Saldo después de este pago", "$402.00",
                 "Begoña Ibáñez Güereña"):
        assert text in html, text


def test_the_receipt_pdf_is_a5_and_downloads_for_office_roles_only(client, clerk, debtor,
                                                                    auth_headers):
    from weasyprint import HTML

    body = pay(client, clerk, debtor, "1000.00").get_json()
    url = f"/api/v1/ledger/payments/{body['id']}/receipt.pdf"
    resp = client.get(url, headers=auth_headers("director"))
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert resp.data.startswith(b"%PDF") and len(resp.data) > 3000
    assert body["receipt_number"] in resp.headers["Content-Disposition"]
    assert pdf_metadata_has(resp.data, body["receipt_number"])
    html = receipt_html(db.session.get(Payment, body["id"]))
    assert "MIL PESOS 00/100 M.N." in html and "Saldo a favor" in html  # 347.50 in favour
    pages = HTML(string=html).render().pages
    assert len(pages) == 1  # a few months' allocation fits on one half sheet
    page = pages[0]
    # A5 portrait is 148 × 210 mm: 559.4 × 793.7 CSS pixels.
    assert round(page.width) == 559 and round(page.height) == 794
    assert client.get(url, headers=auth_headers("notifier")).status_code == 403
    missing = client.get("/api/v1/ledger/payments/999999999/receipt.pdf", headers=clerk)
    assert missing.status_code == 404
    assert missing.get_json()["message"] == "No existe el pago 999999999."


def test_a_counter_payment_cancels_the_open_cut_orders(client, clerk, cut_day, pushes):  # noqa: F811
    home = cut_day["homes"][0]
    (order,) = orders_of(home.id)
    assert order.status != "cancelled"
    resp = pay(client, clerk, home, "10.00", key="recibo-corte-0001")
    assert resp.status_code == 201
    db.session.expire_all()
    (order,) = orders_of(home.id)
    assert order.status == "cancelled" and order.cancel_reason == "payment"
    assert len(pushes) == 1
    # The retry with the same key books nothing and cancels nothing more.
    again = pay(client, clerk, home, "10.00", key="recibo-corte-0001")
    assert again.status_code == 200 and again.get_json()["id"] == resp.get_json()["id"]
    assert len(pushes) == 1
