"""Monthly surcharges: 2 % of principal unpaid at month end, once per period."""
from datetime import date
from decimal import Decimal as D

import sqlalchemy as sa

from server.common.settings import set_setting
from server.extensions import db
from server.ledger import service
from server.ledger.models import Charge
from server.ledger.surcharges import post_surcharges
from tests import factories

TODAY = date(2026, 11, 28)


def _surcharges(acc):
    return db.session.execute(sa.select(Charge.period, Charge.service, Charge.amount).where(
        Charge.account_id == acc.id, Charge.concept == "surcharge").order_by(
        Charge.period, Charge.service)).all()


def test_october_surcharges_are_two_percent_of_what_was_overdue_at_its_end(db_session):
    # September's bill is due 10 Oct; unpaid at 31 Oct → 2 % of it for October.
    acc = factories.account()
    factories.bill(acc, date(2026, 9, 1))
    factories.bill(acc, date(2026, 10, 1))  # due 10 Nov: not overdue at 31 Oct
    result = post_surcharges("2026-10", today=TODAY)
    assert result["already_posted"] is False
    assert _surcharges(acc) == [(date(2026, 10, 1), "sanitation", D("0.45")),
                                (date(2026, 10, 1), "sewer", D("0.90")),
                                (date(2026, 10, 1), "water", D("3.00"))]


def test_a_second_run_for_the_same_month_posts_nothing(db_session):
    acc = factories.overdue_account(3, as_of=TODAY)
    first = post_surcharges("2026-10", today=TODAY)
    second = post_surcharges("2026-10", today=TODAY)
    assert second["already_posted"] is True
    assert second["charges_posted"] == first["charges_posted"]
    assert len(_surcharges(acc)) == first["charges_posted"]


def test_paying_within_the_month_of_the_due_date_avoids_that_months_surcharge(db_session):
    acc = factories.account()
    factories.bill(acc, date(2026, 9, 1))  # due 10 Oct
    service.record_payment(actor_id=None, account_ref=acc.id, amount=D("217.50"),
                           paid_on=date(2026, 10, 25))
    post_surcharges("2026-10", today=TODAY)
    assert _surcharges(acc) == []


def test_a_payment_after_month_end_does_not_erase_that_months_surcharge(db_session):
    acc = factories.account()
    factories.bill(acc, date(2026, 9, 1))
    service.record_payment(actor_id=None, account_ref=acc.id, amount=D("217.50"),
                           paid_on=date(2026, 11, 5))
    post_surcharges("2026-10", today=TODAY)
    assert sum(a for _, _, a in _surcharges(acc)) == D("4.35")


def test_surcharges_are_not_charged_on_surcharges_nor_beyond_the_cap(db_session):
    set_setting("surcharge", {"monthly_rate": "0.02", "cap_months": 2})
    acc = factories.account()
    factories.bill(acc, date(2026, 6, 1), sewer=None, sanitation=None)   # due 10 Jul
    factories.bill(acc, date(2026, 8, 1), sewer=None, sanitation=None)   # due 10 Sep
    post_surcharges("2026-09", today=TODAY)  # June bill: 3 months at end of Sep → capped
    post_surcharges("2026-10", today=TODAY)
    assert _surcharges(acc) == [(date(2026, 9, 1), "water", D("3.00")),
                                (date(2026, 10, 1), "water", D("3.00"))]


def test_a_month_that_has_not_ended_cannot_be_posted(client, auth_headers, db_session):
    resp = client.post("/api/v1/ledger/surcharges", json={"period": "2099-01"},
                       headers=auth_headers("manager"))
    assert resp.status_code == 422
    assert resp.get_json()["error_code"] == "SURCHARGE_PERIOD_IN_FUTURE"
    bad = client.post("/api/v1/ledger/surcharges", json={"period": "2026-13"},
                      headers=auth_headers("manager"))
    assert bad.status_code == 422 and "period" in bad.get_json()["errors"]


def test_the_command_posts_once_and_says_so_the_second_time(app, committing_db):
    from server.registry.models import Neighborhood  # noqa: F401

    with app.app_context():
        acc = factories.account()
        factories.bill(acc, date(2026, 9, 1))
        db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["cartera", "post-surcharges", "--period", "2026-10"])
    assert first.exit_code == 0, first.output
    assert "Recargos de 2026-10: 3 cargos" in first.output
    second = runner.invoke(args=["cartera", "post-surcharges", "--period", "2026-10"])
    assert "ya se habían generado" in second.output
    bad = runner.invoke(args=["cartera", "post-surcharges", "--period", "octubre"])
    assert bad.exit_code != 0 and "AAAA-MM" in bad.output
