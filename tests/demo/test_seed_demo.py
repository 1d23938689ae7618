"""seed-demo against the real database (SQLite or PostgreSQL), through the service and CLI."""
from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from server.demo.service import DEMO_PASSWORD, DEMO_USERS, seed_demo

AS_OF = date(2026, 3, 15)
SMALL = ["--accounts", "400", "--months", "24", "--seed", "7", "--as-of", "2026-03-15"]


def _count(db, table: str) -> int:
    return db.session.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar()


def _scalar(db, sql: str, **params):
    return db.session.execute(sa.text(sql), params).scalar()


def _schema(db) -> list:
    """Definitions of every index and constraint: the load must leave them as it found."""
    if db.engine.dialect.name == "sqlite":
        sql = "SELECT type, name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    else:
        sql = ("SELECT 'index', indexname, indexdef FROM pg_indexes "
               "WHERE schemaname = current_schema() UNION ALL "
               "SELECT 'constraint', conname, pg_get_constraintdef(oid) FROM pg_constraint "
               "WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2, 3")
    return [tuple(r) for r in db.session.execute(sa.text(sql)).all()]


def _invoke(app, *args):
    return app.test_cli_runner().invoke(args=["cartera", "seed-demo", *args])


def test_seed_demo_writes_a_city_whose_books_balance_in_sql(app, committing_db):
    db = committing_db
    schema_before = _schema(db)
    result = seed_demo(400, 24, 7, AS_OF)
    db.session.rollback()
    assert _schema(db) == schema_before
    for table, count in result["rows"].items():
        assert _count(db, table) == count, table
    assert result["rows"]["accounts"] == 400 and result["rows"]["neighborhoods"] == 76
    # Open items agree with allocation rows, to the centavo, on both engines.
    assert _scalar(db, """
        SELECT COUNT(*) FROM charges c LEFT JOIN (
            SELECT charge_id, SUM(ROUND(amount * 100)) AS s FROM allocations GROUP BY charge_id
        ) a ON a.charge_id = c.id
        WHERE ROUND(c.allocated * 100) <> COALESCE(a.s, 0)
           OR (c.cleared_on IS NULL) = (c.allocated = c.amount)
           OR c.amount <= 0 OR c.allocated < 0 OR c.allocated > c.amount""") == 0
    for source, table in (("payment_id", "payments"), ("credit_id", "credits")):
        assert _scalar(db, f"""
            SELECT COUNT(*) FROM {table} t LEFT JOIN (
                SELECT {source} AS id, SUM(ROUND(amount * 100)) AS s FROM allocations
                WHERE {source} IS NOT NULL GROUP BY {source}) a ON a.id = t.id
            WHERE ROUND(t.amount * 100) <> COALESCE(a.s, 0) OR t.unapplied <> 0""") == 0
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(sa.text("PRAGMA foreign_key_check")).all() == []


def test_the_seeded_arrears_are_what_the_ledger_reports_compute(app, committing_db):
    from server.ledger import queries

    db = committing_db
    result = seed_demo(400, 24, 7, AS_OF)
    db.session.rollback()
    summary = queries.arrears_summary(as_of=AS_OF)
    assert summary["arrears_total"] == result["arrears"]
    assert sum(r["accessories"] for r in summary["rows"]) == result["arrears_accessories"]
    assert summary["unapplied_credit"] == Decimal("0.00")
    delinquent = _scalar(db, """
        SELECT COUNT(*) FROM (SELECT account_id FROM charges
            WHERE cleared_on IS NULL AND due_date < :as_of AND concept <> 'surcharge'
            GROUP BY account_id HAVING COUNT(DISTINCT period) >= 2) d""", as_of=AS_OF)
    assert delinquent == result["delinquent_accounts"] > 0


def test_the_seeded_surcharges_are_what_the_monthly_job_computes(app, committing_db):
    from server.ledger import rules
    from server.ledger.sql import from_cents
    from server.ledger.surcharges import open_principal_at

    db = committing_db
    result = seed_demo(150, 12, 3, AS_OF)
    db.session.rollback()
    periods = db.session.execute(sa.text(
        "SELECT period, charges_posted, total FROM surcharge_runs ORDER BY period")).all()
    assert len(periods) == 12 and sum(p.charges_posted for p in periods) == result[
        "surcharge_charges"] > 0
    for run in periods:
        period = run.period if isinstance(run.period, date) else date.fromisoformat(run.period)
        end = rules.period_end(period)
        expected = {(str(acc).replace("-", ""), service): rules.surcharge_amount(
            from_cents(c), Decimal("0.02"))
            for acc, service, _class, c in db.session.execute(open_principal_at(end, 60)).all()}
        expected = {k: v for k, v in expected.items() if v > 0}
        posted = {(str(acc).replace("-", ""), service): Decimal(str(amount)).quantize(
            Decimal("0.01")) for acc, service, amount in db.session.execute(sa.text(
                "SELECT account_id, service, amount FROM charges "
                "WHERE origin = 'surcharge_job' AND period = :p"), {"p": period}).all()}
        assert posted == expected, period


def test_after_the_seed_the_real_services_keep_working(app, committing_db):
    from server.ledger import queries
    from server.ledger.service import record_payment

    db = committing_db
    seed_demo(120, 12, 9, AS_OF)
    db.session.rollback()
    account_id, number = db.session.execute(sa.text(
        "SELECT a.id, a.account_number FROM accounts a JOIN charges c ON c.account_id = a.id "
        "WHERE c.cleared_on IS NULL ORDER BY c.due_date, c.id LIMIT 1")).one()
    max_payment = _scalar(db, "SELECT MAX(id) FROM payments")
    max_allocation = _scalar(db, "SELECT MAX(id) FROM allocations")
    oldest = db.session.execute(sa.text(
        "SELECT id FROM charges WHERE account_id = :a AND cleared_on IS NULL "
        "ORDER BY due_date, id LIMIT 1"), {"a": account_id}).scalar()
    payment, replayed = record_payment(actor_id=None, account_ref=number,
                                       amount=Decimal("1.00"), paid_on=AS_OF)
    assert not replayed and payment.id > max_payment
    db.session.rollback()
    first = db.session.execute(sa.text(
        "SELECT id, charge_id FROM allocations WHERE payment_id = :p"), {"p": payment.id}).one()
    assert first.id > max_allocation and first.charge_id == oldest
    balance = queries.account_balance(uuid.UUID(str(account_id)), as_of=AS_OF)
    assert balance["balance"] > 0


def test_the_cli_builds_the_city_and_prints_the_demo_logins(app, committing_db):
    from server.auth.models import StaffUser

    db = committing_db
    out = _invoke(app, *SMALL)
    assert out.exit_code == 0, out.output
    assert "Cuentas:" in out.output and "400" in out.output
    assert "Cartera vencida" in out.output and DEMO_PASSWORD in out.output
    users = {u.username: u for u in db.session.execute(sa.select(StaffUser)).scalars()}
    for username, full_name, role, credential in DEMO_USERS:
        assert username in out.output
        assert users[username].roles == [role]
        assert users[username].full_name == full_name
        assert users[username].credential_number == credential
    assert _count(db, "accounts") == 400


def test_a_second_run_without_force_refuses_in_spanish_and_changes_nothing(app, committing_db):
    db = committing_db
    assert _invoke(app, *SMALL).exit_code == 0
    before = {t: _count(db, t) for t in ("accounts", "charges", "payments", "staff_users")}
    out = _invoke(app, *SMALL)
    assert out.exit_code != 0
    assert "ya tiene 400 cuentas" in out.output and "--force" in out.output
    db.session.rollback()
    assert {t: _count(db, t) for t in before} == before


def test_force_replaces_the_city_and_keeps_the_demo_logins(app, committing_db):
    db = committing_db
    assert _invoke(app, *SMALL).exit_code == 0
    holders = _scalar(db, "SELECT MIN(search_text) FROM accounts")
    out = _invoke(app, "--accounts", "250", "--months", "12", "--seed", "8", "--as-of",
                  "2026-03-15", "--force")
    assert out.exit_code == 0, out.output
    assert "ya existía" in out.output
    db.session.rollback()
    assert _count(db, "accounts") == 250 and _count(db, "staff_users") == len(DEMO_USERS)
    assert _scalar(db, "SELECT MIN(search_text) FROM accounts") != holders
    assert _scalar(db, "SELECT COUNT(*) FROM surcharge_runs") == 12


def test_seed_demo_refuses_to_run_in_production(app, committing_db):
    db = committing_db
    previous = app.config.get("CARTERA_ENV")
    app.config["CARTERA_ENV"] = "production"
    try:
        out = _invoke(app, *SMALL)
    finally:
        app.config["CARTERA_ENV"] = previous
    assert out.exit_code != 0 and "producción" in out.output
    assert _count(db, "accounts") == 0 and _count(db, "staff_users") == 0


def test_colonias_already_registered_are_reused_not_duplicated(app, committing_db):
    from server.registry.models import Neighborhood

    db = committing_db
    centro = Neighborhood(name="Caborca Centro", name_key="caborca centro", postal_code="83600",
                          locality_type="urban", sector="S01")
    db.session.add(centro)
    db.session.commit()
    seed_demo(60, 6, 4, AS_OF)
    db.session.rollback()
    assert _count(db, "neighborhoods") == 76
    assert _scalar(db, "SELECT COUNT(*) FROM premises WHERE neighborhood_id = :i",
                   i=centro.id) > 0


@pytest.mark.parametrize("args", [["--as-of", "15/03/2026"], ["--accounts", "0"]])
def test_bad_options_are_rejected_before_anything_is_written(app, committing_db, args):
    out = _invoke(app, *args)
    assert out.exit_code != 0
    assert _count(committing_db, "accounts") == 0


def test_if_empty_skips_the_seed_when_the_registry_has_accounts(app, committing_db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["cartera", "seed-demo", "--accounts", "30", "--months", "3",
                                "--if-empty"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["cartera", "seed-demo", "--accounts", "30", "--months", "3",
                                 "--if-empty"])
    assert second.exit_code == 0
    assert "ya tiene cuentas" in second.output
