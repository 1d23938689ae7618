"""The billing comparison as a printable PDF (A4 landscape): by class and by
service/concept, and the large consumers that need validation; draft figures are
labelled PRELIMINAR."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from server.billing import queries
from server.billing.enums import CATEGORIES, DEVIATION_STATUSES, PERIOD_STATUSES, REVIEW_ACTIONS
from server.common.clock import LOCAL_TZ, utcnow
from server.fieldwork.pdf import TEMPLATES, long_date, render
from server.ledger.enums import CONCEPTS, SERVICES
from server.registry.enums import PROPERTY_CLASSES

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre")


def month_name(iso: str) -> str:
    """'2026-10' → 'octubre 2026'."""
    year, month = iso.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def pct(value) -> str:
    """A variation as '+12.5 %' (— when there is nothing to compare)."""
    if value is None:
        return "—"
    return f"{Decimal(value) * 100:+.1f} %"


def comparison_pdf(period: date, *, neighborhood_id: int | None = None,
                   property_class: str | None = None) -> bytes:
    """The comparison and the large consumers needing validation, as PDF bytes."""
    from weasyprint import HTML  # heavy import: only when a document is printed

    data = queries.comparison(period, neighborhood_id=neighborhood_id,
                              property_class=property_class)
    consumers = [i for i in queries.large_consumers(period) if i["needs_validation"]]
    now = utcnow().astimezone(LOCAL_TZ)
    html = render("billing/comparison.html", data=data, consumers=consumers,
                  title=month_name(data["period"]),
                  periods={k: month_name(v) for k, v in data["periods"].items()},
                  status=PERIOD_STATUSES[data["status"]], draft=data["status"] == "draft",
                  classes=PROPERTY_CLASSES, services=SERVICES, concepts=CONCEPTS,
                  categories=CATEGORIES, deviations=DEVIATION_STATUSES,
                  actions=REVIEW_ACTIONS, pct=pct, decimal=Decimal,
                  filtered=bool(neighborhood_id or property_class),
                  printed_on=long_date(now.date()), printed_at=f"{now:%d/%m/%Y %H:%M}")
    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
