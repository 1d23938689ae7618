"""seed_demo: generate the demo city and bulk-load it, plus one login per staff role.

The load is one transaction (wipe, registry, ledger, surcharge runs): either the whole
city is there or nothing changed. Demo logins go through auth.service.create_user, and
the surcharge runs are audited as the real job audits them.
"""
from __future__ import annotations

import time
from datetime import date
from typing import Callable

import sqlalchemy as sa

from server.audit import service as audit
from server.auth.models import StaffUser
from server.auth.service import create_user
from server.common.clock import local_today
from server.common.money import ZERO
from server.common.settings import get_setting
from server.db import transaction
from server.demo.background import BackgroundLoad
from server.demo.errors import DemoError
from server.demo.generator import LEDGER_TABLES, REGISTRY_TABLES, TABLE_COLUMNS, DemoCity
from server.demo.ledger_sim import Ids
from server.demo.loader import BulkLoader
from server.extensions import db

DEMO_PASSWORD = "cartera2026"
DEMO_USERS = (  # username, full name, role, credential number
    ("encargada", "María Guadalupe Valenzuela Quijada", "manager", "OOM-CP-001"),
    ("auxiliar", "Ana Lucía Romero Félix", "clerk", "OOM-CP-014"),
    ("notificador1", "Jesús Manuel Ochoa Duarte", "notifier", "OOM-NOT-101"),
    ("notificador2", "Rosa Elena Bojórquez Soto", "notifier", "OOM-NOT-102"),
    ("cortador1", "Ramón Arturo Encinas Lugo", "cutter", "OOM-COR-201"),
    ("trabajosocial1", "Silvia Patricia Noriega Leyva", "social_worker", "OOM-TS-301"),
    ("director", "Francisco Javier Durazo Celaya", "director", "OOM-DIR-001"),
)
# What the demo owns; --force empties these and every table that points at them.
DEMO_TABLES = ("neighborhoods", "premises", "customers", "accounts", "meters", "readings",
               "account_holder_history", "account_class_history", "change_proposals",
               "charges", "payments", "credits", "allocations", "extraordinary_charges",
               "surcharge_runs")
ID_TABLES = ("neighborhoods", "charges", "payments", "credits", "allocations",
             "surcharge_runs", "account_holder_history", "account_class_history")

Progress = Callable[[str, int, int], None]


def existing_accounts() -> int:
    """How many accounts the database holds already."""
    return db.session.execute(sa.text("SELECT COUNT(*) FROM accounts")).scalar()


def wipe_order(metadata: sa.MetaData) -> list[str]:
    """Demo tables plus every table referencing them, children first."""
    names = set(DEMO_TABLES)
    grew = True
    while grew:
        grew = False
        for table in metadata.sorted_tables:
            if table.name not in names and any(fk.column.table.name in names
                                               for fk in table.foreign_keys):
                names.add(table.name)
                grew = True
    return [t.name for t in reversed(metadata.sorted_tables) if t.name in names]


def _wipe(load: BulkLoader) -> None:
    tables = wipe_order(db.metadata)
    if load.dialect == "postgresql":
        load.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")
    else:
        for table in tables:
            load.execute(f"DELETE FROM {table}")


def wipe_demo() -> None:
    """Empty the registry and ledger tables (and whatever points at them) in one go."""
    db.session.rollback()
    with BulkLoader(db.engine, db.metadata) as load:
        _wipe(load)


def _neighborhood_ids(load: BulkLoader, city: DemoCity) -> list[int]:
    """Reuse colonias already registered (same name key and postal code), add the rest."""
    known = {(k, pc): i for i, k, pc in load.execute(
        "SELECT id, name_key, postal_code FROM neighborhoods")}
    next_id, ids, new = load.next_id("neighborhoods"), [], []
    for row in city.neighborhood_rows():
        key = (row[1], row[2])
        if key not in known:
            known[key] = next_id
            new.append((next_id, *row))
            next_id += 1
        ids.append(known[key])
    load.insert("neighborhoods", ("id", *TABLE_COLUMNS["neighborhoods"]), new)
    return ids


def _replace_runs(load: BulkLoader, city: DemoCity, runs: list[tuple]) -> int:
    """Insert the simulated surcharge runs (ids numbered here); returns the first id.

    Runs already stored for these periods can only have posted nothing (there were no
    accounts), so they give way to the simulated ones."""
    load.execute("DELETE FROM surcharge_runs WHERE period >= ? AND period <= ?",
                 (city.periods[0], city.periods[-1]))
    first = load.next_id("surcharge_runs")
    load.insert("surcharge_runs", ("id", *TABLE_COLUMNS["surcharge_runs"]),
                [(first + k, *run) for k, run in enumerate(runs)])
    return first


def seed_demo(accounts: int = 31000, months: int = 36, seed: int = 2026,
              as_of: date | None = None, progress: Progress | None = None, *,
              force: bool = False) -> dict:
    """Build the demo city into the database; refuses if accounts exist unless `force`.

    `progress(step, done, total)` hears of the steps start, neighborhoods, registry,
    ledger (once per chunk of accounts), surcharges and users. Returns a summary: row
    counts, arrears at as_of, seconds, and the demo logins.
    """
    if accounts < 1 or months < 2:
        raise DemoError("DEMO_INVALID_SIZE", status=422, accounts=accounts, months=months)
    as_of = as_of or local_today()
    report = progress or (lambda step, done, total: None)
    started = time.perf_counter()
    present = existing_accounts()
    if present and not force:
        raise DemoError("DEMO_DATA_EXISTS", accounts=present)
    surcharge = get_setting("surcharge")
    city = DemoCity(accounts, months, seed, as_of, due_days=int(get_setting("billing_due_days")),
                    monthly_rate=str(surcharge["monthly_rate"]),
                    cap_months=int(surcharge["cap_months"]))
    report("start", 0, accounts)
    db.session.rollback()  # no snapshot of ours may outlive the load
    counts: dict[str, int] = {}
    # A writer thread pays off on PostgreSQL (the server does the work, in its own
    # process); on SQLite the GIL hand-offs per row cost more than they overlap.
    threaded = db.engine.dialect.name == "postgresql"
    with BackgroundLoad(db.engine, db.metadata, threaded=threaded) as load:
        if present or force:
            load.call(_wipe)
        hood_ids = load.call(_neighborhood_ids, city)
        counts["neighborhoods"] = len(hood_ids)
        report("neighborhoods", len(hood_ids), len(hood_ids))
        rows = city.registry(hood_ids)
        for table in REGISTRY_TABLES:
            counts[table] = load.insert(table, TABLE_COLUMNS[table], rows[table])
        del rows
        report("registry", accounts, accounts)
        load.call(BulkLoader.defer_indexes, LEDGER_TABLES)
        ids = Ids(*load.call(lambda loader: [loader.next_id(t) for t in LEDGER_TABLES]))
        done = 0
        for chunk in city.ledger(ids):
            for table in LEDGER_TABLES:
                counts[table] = counts.get(table, 0) + load.insert(
                    table, TABLE_COLUMNS[table], getattr(chunk, table))
            done += chunk.accounts
            report("ledger", done, accounts)
        runs = city.surcharge_run_rows()
        first_run = load.call(_replace_runs, city, runs)
        counts["surcharge_runs"] = len(runs)
        report("surcharges", len(runs), len(runs))
        load.call(lambda loader: loader.finish(ID_TABLES))
    _audit(city, runs, first_run, counts)
    _vacuum()
    users = _demo_users()
    report("users", len(users), len(DEMO_USERS))
    totals = city.totals
    return {
        "accounts": accounts, "months": months, "seed": seed, "as_of": as_of,
        "first_period": city.periods[0], "last_period": city.periods[-1],
        "rows": counts,
        "surcharge_charges": sum(totals.run_count), "surcharge_total": sum(
            totals.run_total, ZERO),
        "arrears": totals.arrears, "arrears_accessories": totals.arrears_accessories,
        "delinquent_accounts": totals.delinquent_accounts,
        "users": users, "password": DEMO_PASSWORD,
        "seconds": round(time.perf_counter() - started, 2),
    }


def _vacuum() -> None:
    """PostgreSQL: mark the freshly loaded pages all-visible so arrears and balances are
    answered from the open-items index alone from the first request (VACUUM cannot run
    inside a transaction, hence autocommit)."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE " + ", ".join(LEDGER_TABLES))


def _audit(city: DemoCity, runs: list[tuple], first_run: int, counts: dict) -> None:
    with transaction():
        for k, (period, rate, cap, posted, total, _ran_at) in enumerate(runs):
            audit.record(actor_id=None, entity_type="surcharge_run", entity_id=first_run + k,
                         action="post", changes={"period": f"{period:%Y-%m}",
                                                 "charges": posted, "total": total,
                                                 "rate": rate})
        audit.record(actor_id=None, entity_type="demo", entity_id="seed-demo", action="seed",
                     reason="Datos de demostración generados (seed-demo)",
                     changes={"accounts": city.accounts, "months": city.months,
                              "seed": city.seed, "as_of": city.as_of, **counts})


def _demo_users() -> list[dict]:
    """Create the missing demo logins; existing usernames are left as they are."""
    users = []
    for username, full_name, role, credential in DEMO_USERS:
        exists = db.session.execute(sa.select(StaffUser.id).where(
            StaffUser.username == username)).first() is not None
        if not exists:
            create_user(username=username, full_name=full_name, password=DEMO_PASSWORD,
                        roles=[role], credential_number=credential)
        users.append({"username": username, "full_name": full_name, "role": role,
                      "created": not exists})
    return users

