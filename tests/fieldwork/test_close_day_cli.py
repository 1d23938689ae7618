"""`flask cartera fieldwork-close-day`: past days leave the notifiers' phones."""
from datetime import timedelta

import sqlalchemy as sa

from server.common.clock import local_today
from server.db import transaction
from server.fieldwork.models import Route
from server.fieldwork.scoping import refresh_worker_scope
from server.scope import ScopeMembership


def test_closing_the_day_drops_yesterdays_route_from_scope(app, committing_db):
    from server.auth.service import create_user

    worker = create_user(username="rosa-cierre", full_name="Rosa Cierre",
                         password="secreto-123", roles=["notifier"])
    yesterday = local_today() - timedelta(days=1)
    with transaction() as session:
        route = Route(name="Ruta de ayer", worker_id=worker.id, work_date=yesterday)
        session.add(route)
        session.flush()
        refresh_worker_scope(session, [worker.id], today=yesterday)

    def held():
        return committing_db.session.execute(sa.select(ScopeMembership.entity_id).where(
            ScopeMembership.worker_id == worker.id,
            ScopeMembership.active.is_(True))).scalars().all()

    assert held() == [route.id]
    result = app.test_cli_runner().invoke(args=["cartera", "fieldwork-close-day"])
    assert result.exit_code == 0, result.output
    assert "1 notificadores, 1 cambios" in result.output
    committing_db.session.expire_all()
    assert held() == []
