"""The snapshot command and job store a new version each time."""
from __future__ import annotations

from datetime import date

from server.extensions import db
from server.indicators.models import IndicatorSnapshot
from tests import factories


def test_cli_and_job_take_versions(app, committing_db):
    from server.indicators.jobs import take_snapshot

    acc = factories.account()
    factories.bill(acc, date(2026, 2, 1))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["cartera", "indicators-snapshot",
                                                "--period", "2026-03"])
    assert result.exit_code == 0, result.output
    assert "versión 1" in result.output
    assert take_snapshot("2026-03")["version"] == 2
    assert db.session.query(IndicatorSnapshot).count() == 2
    bad = app.test_cli_runner().invoke(args=["cartera", "indicators-snapshot", "--period", "x"])
    assert bad.exit_code != 0
