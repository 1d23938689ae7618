"""Each report's payload as titled tables with Spanish headers and real values (Decimal
money, Decimal ratios, dates): what the Excel and PDF exports write."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from server.common.xlsx import PESOS, PERCENT
from server.ledger.enums import SERVICES
from server.registry.enums import PROPERTY_CLASSES

TITLES = {"recovery": "Recuperación de cartera vencida",
          "arrears": "Cartera vencida por antigüedad, clase, servicio y colonia",
          "arrears-by-service": "Rezagos mensuales por tipo de servicio",
          "debtors": "Estadística de deudores por servicio"}
MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")


@dataclass
class Table:
    """One table of an export: title, columns (header, key, width), rows, formats, totals."""

    title: str
    columns: list
    rows: list = field(default_factory=list)
    formats: dict = field(default_factory=dict)
    totals: list | None = None


def bucket_label(bucket: str) -> str:
    """«Al corriente», «1 mes», «4-6 meses», «más de 60 meses»."""
    if bucket == "current":
        return "Al corriente"
    if bucket.startswith(">"):
        return f"Más de {bucket[1:]} meses"
    return f"{bucket} mes" if bucket == "1" else f"{bucket} meses"


def month_label(ym: str) -> str:
    """'2026-03' → 'mar 2026'."""
    y, m = ym.split("-")[:2]
    return f"{MONTHS[int(m) - 1]} {y}"


def _d(v) -> Decimal | None:
    return None if v is None else Decimal(v)


def tables(report: str, p: dict) -> list[Table]:
    """The tables of one report payload."""
    return {"recovery": _recovery, "arrears": _arrears, "arrears-by-service": _by_service,
            "debtors": _debtors}[report](p)


def _recovery(p: dict) -> list[Table]:
    cols = [("Mes", "month", 12), ("Cartera vencida al inicio", "arrears_start", 20),
            ("Recuperado", "recovered", 16), ("% recuperación", "rate", 14),
            ("Recuperado mes anterior", "prev_recovered", 18),
            ("% mes anterior", "prev_rate", 14),
            ("Recuperado mismo mes año anterior", "ly_recovered", 20),
            ("% año anterior", "ly_rate", 14), ("Variación vs mes anterior", "change_prev", 16),
            ("Variación vs año anterior", "change_ly", 16)]
    money = ("arrears_start", "recovered", "prev_recovered", "ly_recovered")
    ratios = ("rate", "prev_rate", "ly_rate", "change_prev", "change_ly")
    rows = [[month_label(r["month"])] + [_d(r[k]) for _, k, _ in cols[1:]] for r in p["rows"]]
    t = p["totals"]
    return [Table(TITLES["recovery"], cols, rows,
                  {**{k: PESOS for k in money}, **{k: PERCENT for k in ratios}},
                  ["Total", _d(t["arrears_start"]), _d(t["recovered"]), _d(t["rate"])])]


def _arrears(p: dict) -> list[Table]:
    fm = {"principal": PESOS, "accessories": PESOS, "total": PESOS}
    t = p["totals"]
    cross = Table("Antigüedad × clase × servicio",
                  [("Antigüedad", "bucket", 18), ("Clase", "class", 18),
                   ("Servicio", "service", 14), ("Principal", "principal", 16),
                   ("Accesorios", "accessories", 16), ("Total", "total", 16)],
                  [[bucket_label(r["bucket"]), PROPERTY_CLASSES.get(r["property_class"],
                                                                    r["property_class"]),
                    SERVICES.get(r["service"], r["service"]), _d(r["principal"]),
                    _d(r["accessories"]), _d(r["total"])] for r in p["rows"]], fm,
                  ["Total", None, None, _d(t["principal"]), _d(t["accessories"]),
                   _d(t["total"])])
    buckets = Table("Por antigüedad",
                    [("Antigüedad", "bucket", 18), ("Principal", "principal", 16),
                     ("Accesorios", "accessories", 16), ("Total", "total", 16)],
                    [[bucket_label(r["bucket"]), _d(r["principal"]), _d(r["accessories"]),
                      _d(r["total"])] for r in p["by_bucket"]], fm,
                    ["Total", _d(t["principal"]), _d(t["accessories"]), _d(t["total"])])
    cm = {"open": PESOS, "arrears_principal": PESOS, "arrears_accessories": PESOS,
          "arrears": PESOS}
    colonias = Table("Por colonia",
                     [("Colonia", "colonia", 30), ("Adeudo total", "open", 16),
                      ("Vencido: principal", "arrears_principal", 18),
                      ("Vencido: accesorios", "arrears_accessories", 18),
                      ("Cartera vencida", "arrears", 16)],
                     [[r["colonia"], _d(r["open"]), _d(r["arrears_principal"]),
                       _d(r["arrears_accessories"]), _d(r["arrears"])]
                      for r in p["by_colonia"]], cm,
                     ["Total", _d(t["total"]), None, None, _d(t["arrears"])])
    return [buckets, cross, colonias]


def _by_service(p: dict) -> list[Table]:
    services = p["services"]
    cols = [("Mes", "month", 12), ("Al día", "at", 12)] + [
        (SERVICES.get(s, s), s, 16) for s in services] + [("Total", "total", 16)]
    rows = [[month_label(r["month"]), date.fromisoformat(r["at"])]
            + [_d(r[s]) for s in services] + [_d(r["total"])] for r in p["rows"]]
    return [Table(TITLES["arrears-by-service"], cols, rows,
                  {**{s: PESOS for s in services}, "total": PESOS, "at": "dd/mm/yyyy"})]


def _debtors(p: dict) -> list[Table]:
    t = p["totals"]
    by_service = Table("Deudores por servicio",
                       [("Servicio", "service", 16), ("Deudores", "debtors", 12),
                        ("Adeudo vencido", "amount", 18), ("Promedio", "average", 16)],
                       [[SERVICES.get(r["service"], r["service"]), r["debtors"],
                         _d(r["amount"]), _d(r["average"])] for r in p["by_service"]],
                       {"amount": PESOS, "average": PESOS},
                       ["Total", t["debtors"], _d(t["amount"]), None])
    services = [r["service"] for r in p["by_service"]]
    cols = [("Rango de adeudo", "range", 22)]
    for s in services:
        cols += [(f"{SERVICES.get(s, s)}: deudores", f"{s}_n", 14),
                 (f"{SERVICES.get(s, s)}: adeudo", f"{s}_c", 16)]
    dist = Table("Distribución por monto", cols,
                 [[r["range"]] + [v for s in services for v in (
                     r[s]["debtors"], _d(r[s]["amount"]))] for r in p["distribution"]],
                 {f"{s}_c": PESOS for s in services})
    top = Table("Principales deudores",
                [("Cuenta", "account_number", 14), ("Titular", "holder", 34),
                 ("Colonia", "colonia", 24), ("Clase", "class", 16),
                 ("Adeudo vencido", "arrears", 16)],
                [[r["account_number"], r["holder"], r["colonia"],
                  PROPERTY_CLASSES.get(r["property_class"], r["property_class"]),
                  _d(r["arrears"])] for r in p["top"]], {"arrears": PESOS})
    return [by_service, dist, top]
