"""Two directors approving the same write-off at the same moment book it once (real threads)."""
from __future__ import annotations

import threading
from decimal import Decimal as D

import sqlalchemy as sa
from flask_jwt_extended import create_access_token

from server.auth.service import create_user
from server.cleanup import service
from server.common.clock import local_today
from server.extensions import db
from server.ledger.models import Credit
from tests import factories


def _token(app, user, roles):
    with app.test_request_context():
        return create_access_token(identity=str(user.id), additional_claims={"roles": roles})


def test_simultaneous_approvals_book_one_credit_and_the_rest_get_409(app, committing_db):
    with app.app_context():
        manager = create_user(username="encargada", full_name="Encargada", password="secreto-123",
                              roles=["manager"])
        directors = [create_user(username=f"dir{i}", full_name=f"Director {i}",
                                 password="secreto-123", roles=["director"]) for i in range(3)]
        acc = factories.overdue_account(3, as_of=local_today())
        db.session.commit()
        proposal = service.propose_write_off(actor_id=manager.id, account_ref=acc.id,
                                             reason="Incobrable: titular finado")
        pid, acc_id = proposal.id, acc.id
        tokens = [_token(app, d, ["director"]) for d in directors]
    start = threading.Barrier(len(tokens))
    results = []

    def approve(token):
        with app.test_client() as c:
            start.wait()
            resp = c.post(f"/api/v1/cleanup/proposals/{pid}/approve", json={},
                          headers={"Authorization": f"Bearer {token}"})
            results.append(resp.status_code)

    threads = [threading.Thread(target=approve, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == [200, 409, 409], results
    with app.app_context():
        credits = db.session.execute(sa.select(Credit).where(
            Credit.account_id == acc_id)).scalars().all()
        assert len(credits) == 1 and credits[0].amount == D("652.50")
