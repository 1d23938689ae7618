"""A small hand-built set of debtors for the PAE tests (as of 28 Nov 2026)."""
from __future__ import annotations

from datetime import date

import pytest

from server.common.clock import add_months
from server.extensions import db
from tests import factories

AS_OF = date(2026, 11, 28)


def months_of_bills(acc, first: date, count: int, **amounts):
    for i in range(count):
        factories.bill(acc, add_months(first, i), **amounts)
    return acc


@pytest.fixture()
def debtors(db_session):
    """eight: 8 months; two: 2 months; big: commercial large consumer, 12 months of a big
    bill in another colonia; prescribed / warning / restarted / capped: one old bill each."""
    norte = factories.neighborhood("Colonia Norte", "83640", "S02")
    out = {
        "eight": months_of_bills(factories.account(number="PAE001", holder="Ramón Pérez Ávila"),
                                 date(2026, 3, 1), 8),
        "two": months_of_bills(factories.account(number="PAE002"), date(2026, 9, 1), 2),
        "big": months_of_bills(factories.account(number="PAE003", holder="Hielera Jiménez SA",
                                                 property_class="commercial", hood=norte,
                                                 is_large_consumer=True),
                               date(2025, 11, 1), 12, water="2000.00"),
        "prescribed": months_of_bills(factories.account(number="PAE004"), date(2021, 8, 1), 1),
        "warning": months_of_bills(factories.account(number="PAE005"), date(2022, 1, 1), 1),
        "restarted": months_of_bills(factories.account(number="PAE006",
                                                       last_formal_act_on=date(2024, 3, 1)),
                                     date(2021, 8, 1), 1),
        "capped": months_of_bills(factories.account(number="PAE007",
                                                    last_formal_act_on=date(2024, 3, 1)),
                                  date(2016, 10, 1), 1),
    }
    db.session.commit()
    return out
