"""Two copies of one payment arriving at the same time still book once (real threads)."""
import threading
from decimal import Decimal as D

import sqlalchemy as sa
from flask_jwt_extended import create_access_token

from server.auth.service import create_user
from server.common.clock import local_today
from server.extensions import db
from server.ledger.models import Allocation, Payment
from tests import factories


def test_two_simultaneous_retries_of_one_payment_book_it_once(app, committing_db):
    with app.app_context():
        user = create_user(username="caja1", full_name="Caja Uno", password="secreto-123",
                           roles=["clerk"])
        acc = factories.overdue_account(4, as_of=local_today())
        db.session.commit()
        acc_id = acc.id
        with app.test_request_context():
            token = create_access_token(identity=str(user.id),
                                        additional_claims={"roles": ["clerk"]})
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "banco-2026-11-28-0042"}
    start = threading.Barrier(4)
    results = []

    def send():
        with app.test_client() as c:
            start.wait()
            resp = c.post(f"/api/v1/ledger/accounts/{acc_id}/payments",
                          json={"amount": "435.00", "method": "transfer"}, headers=headers)
            results.append((resp.status_code, resp.get_json()))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    codes = sorted(code for code, _ in results)
    assert codes == [200, 200, 200, 201], results
    assert len({body["id"] for _, body in results}) == 1
    with app.app_context():
        payments = db.session.execute(sa.select(Payment).where(
            Payment.account_id == acc_id)).scalars().all()
        assert len(payments) == 1 and payments[0].amount == D("435.00")
        allocated = db.session.execute(sa.select(sa.func.count()).select_from(Allocation)
                                       ).scalar()
        assert allocated == 6  # two months × three services, once
