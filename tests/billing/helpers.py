"""Billing test data: metered monthly bills and a small town of large consumers."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from server.common.clock import add_months, local_today
from server.extensions import db
from server.ledger.models import Charge
from server.ledger.rules import period_end
from tests import factories

API = "/api/v1/billing"
# The month being reviewed: last month, so the stops sent to the field fall on valid days.
PERIOD = add_months(local_today().replace(day=1), -1)
P = f"{PERIOD:%Y-%m}"


def metered(acc, period: date, m3: int, *, rate: str = "10.00", sewer: bool = True) -> None:
    """A metered month: water consumption (m³ × rate) and, optionally, sewer at 30 %."""
    due = date.fromordinal(period_end(period).toordinal() + 10)
    amount = Decimal(rate) * m3 or Decimal("50.00")
    db.session.add(Charge(account_id=acc.id, period=period, service="water",
                          concept="consumption", amount=amount, consumption_m3=m3,
                          property_class=acc.property_class, due_date=due, origin="billing"))
    if sewer:
        db.session.add(Charge(account_id=acc.id, period=period, service="sewer",
                              concept="sewer", amount=(amount * Decimal("0.30")).quantize(
                                  Decimal("0.01")), property_class=acc.property_class,
                              due_date=due, origin="billing"))
    db.session.flush()


def history(acc, months: list[int], current: int | None) -> None:
    """`months` (oldest first) billed before PERIOD, then `current` in PERIOD."""
    for i, m3 in enumerate(months):
        metered(acc, add_months(PERIOD, i - len(months)), m3)
    if current is not None:
        metered(acc, PERIOD, current)


def town() -> dict:
    """A jump (commercial 100 → 200 m³), a steady one (industrial 100 → 110), a domestic
    heavy user (never listed) and a domestic account flagged by hand (steady 20)."""
    jump = factories.account(property_class="commercial", holder="Hotel Plaza Peñasco")
    steady = factories.account(property_class="industrial", holder="Hielera del Desierto")
    home = factories.account(property_class="domestic", holder="Ramón Núñez")
    flagged = factories.account(property_class="domestic", holder="Escuela Benito Juárez",
                                is_large_consumer=True)
    history(jump, [100] * 6, 200)
    history(steady, [100] * 6, 110)
    history(home, [300] * 6, 500)
    history(flagged, [20] * 6, 20)
    return {"jump": jump, "steady": steady, "home": home, "flagged": flagged}
