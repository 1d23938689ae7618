"""Benchmark `seed-demo`: build the demo city into a database; prints one JSON object.

    .venv/bin/python bench/seed_demo.py --accounts 31000 --months 36
        (default database: a fresh temporary SQLite file, migrated here)
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cartera_bench \\
        .venv/bin/python bench/seed_demo.py --accounts 100000 --months 36 --force

The database is migrated to head first (a no-op when it already is). With --force an
existing demo is wiped before the clock starts. `seconds` times seed_demo() alone:
generation, bulk load, sequences, ANALYZE and the demo logins. Targets: SQLite 31,000 ×
36 in 90 s; PostgreSQL 100,000 × 36 in 300 s.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGETS = {"sqlite": 90, "postgresql": 300}
TABLES = ("neighborhoods", "customers", "premises", "accounts", "meters",
          "account_holder_history", "account_class_history", "charges", "payments",
          "credits", "allocations", "surcharge_runs", "staff_users")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=31000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", default="2026-11-28", help="YYYY-MM-DD (fixed: repeatable)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--force", action="store_true", help="wipe an existing demo first")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="cartera-bench-")
    try:
        run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)  # the SQLite file is gigabytes


def run(args: argparse.Namespace, workdir: str) -> None:
    """Migrate, optionally wipe, time seed_demo() and print the JSON line."""
    os.environ.setdefault("CARTERA_INSTANCE_PATH", workdir)
    url = args.database_url or f"sqlite:///{workdir}/bench.db"
    os.environ["DATABASE_URL"] = url  # engine options follow the real configuration

    import logging

    import sqlalchemy as sa
    from flask_migrate import upgrade

    from server import create_app
    from server.demo.service import existing_accounts, seed_demo, wipe_demo
    from server.extensions import db

    logging.disable(logging.INFO)
    app = create_app()
    with app.app_context():
        upgrade()
        if existing_accounts():
            if not args.force:
                sys.exit("the database already has accounts; use --force to wipe them")
            wipe_demo()
        dialect = db.engine.dialect.name
        started = time.perf_counter()
        seed_demo(args.accounts, args.months, args.seed, date.fromisoformat(args.as_of))
        seconds = time.perf_counter() - started
        db.session.rollback()
        rows = {t: db.session.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar()
                for t in TABLES}
        db.session.remove()
        db.engine.dispose()
    print(json.dumps({"benchmark": "seed_demo", "database": dialect,
                      "accounts": args.accounts, "months": args.months,
                      "seconds": round(seconds, 1), "rows": rows,
                      "target_seconds": TARGETS.get(dialect)}))


if __name__ == "__main__":
    main()
