"""Shared pieces of the benchmarks: percentiles and a database left as it was found."""
from __future__ import annotations

from contextlib import contextmanager


def percentile(values, pct):
    """Nearest-rank percentile of `values`."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


@contextmanager
def rolled_back(app):
    """Inside the app context, bind the session to one outer transaction rolled back at
    the end: what the benchmark creates (campaigns, routes, visits) leaves no trace."""
    from sqlalchemy.orm import scoped_session, sessionmaker

    from server.extensions import db

    with app.app_context():
        conn = db.engine.connect()
        outer = conn.begin()
        original = db.session
        db.session = scoped_session(sessionmaker(bind=conn, expire_on_commit=False,
                                                 join_transaction_mode="create_savepoint"))
        try:
            yield db
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            conn.close()


def analyze(engine) -> None:
    """Refresh the planner's statistics (PostgreSQL), as autovacuum would in production:
    a bench that commits thousands of rows (routes, scope, visits) must not measure plans
    made for the tables as they were before. This machine's PostgreSQL runs without
    autovacuum."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
