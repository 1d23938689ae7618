"""The manager's dashboard: arrears and its 12-month trend, recovery this month vs the
same month last year, the government indicators of the month (from server.indicators),
delinquent accounts, agreements, orders and field stops; each figure with its drill target
(the PWA route of the report or list behind it)."""
from __future__ import annotations

import logging
from datetime import date

from server.common.clock import add_months, local_today
from server.common.settings import get_setting
from server.ledger.sql import from_cents
from server.reports import months, queries_ops, rules

log = logging.getLogger(__name__)


def _indicators(period: date) -> dict:
    """The month's indicators as server.indicators computes them (None when that
    capability is not available or fails: the rest of the dashboard still shows)."""
    try:
        from server.indicators.queries import indicator_values
    except ImportError:
        return {}
    try:
        return indicator_values(period) or {}
    except Exception:  # noqa: BLE001 - one missing figure must not blank the dashboard
        log.exception("indicator_values(%s) failed", period)
        return {}


def _s(value) -> str | None:
    return None if value is None else str(value)


def build_dashboard(params: dict) -> dict:
    """Every dashboard figure for `as_of` (default today), JSON-ready."""
    as_of = date.fromisoformat(params["as_of"]) if params.get("as_of") else local_today()
    month = as_of.replace(day=1)
    ly_start = add_months(month, -12)
    ly_end = add_months(as_of, -12)
    facts = months.facts(rules.months_between(ly_start, month), {}, as_of,
                         fresh=bool(params.get("fresh")))
    trend = [{"at": facts[m]["at"], "month": m.isoformat()[:7],
              "arrears": str(from_cents(months.arrears_c(facts[m])))}
             for m in rules.months_between(add_months(month, -11), month)]
    arrears_c = months.arrears_c(facts[month])
    rec_now = months.recovered_c(facts[month])
    rec_ly = months.recovered_c(facts[ly_start], ly_end.day)
    n_arrears = int(get_setting("arrears_min_months"))
    min_periods = int(get_setting("delinquent_min_periods"))
    ind = _indicators(month)
    if as_of == local_today() and ind.get("delinquent_accounts") is not None:
        # The indicators of the running month count the same accounts (open principal of
        # at least `delinquent_min_periods` periods due before today): read once, not twice.
        delinquent = int(ind["delinquent_accounts"])
    else:
        delinquent = queries_ops.delinquent_count(as_of, min_periods, {})
    agreements = queries_ops.agreements_by_status()
    orders = queries_ops.orders_executed(month, as_of)
    done, assigned = queries_ops.stops_done_assigned(month, as_of)
    cards = [
        _card("arrears", "Cartera vencida", "money", str(from_cents(arrears_c)),
              "#/reportes/arrears"),
        _card("recovery", "Recuperación del mes", "money", str(from_cents(rec_now)),
              "#/reportes/recovery", compare=str(from_cents(rec_ly)),
              change=_s(rules.change(rec_now, rec_ly))),
        _card("commercial_efficiency", "Eficiencia comercial", "ratio",
              _s(ind.get("commercial_efficiency")), "#/indicadores"),
        _card("arrears_recovery_rate", "Recuperación de rezago", "ratio",
              _s(ind.get("arrears_recovery_rate")), "#/reportes/recovery"),
        _card("delinquent", "Usuarios morosos", "count", delinquent,
              f"#/reportes/accounts?min_months={min_periods}"),
        _card("agreements", "Convenios al corriente", "count", agreements.get("active", 0),
              "#/convenios", compare=sum(agreements.values())),
        _card("orders", "Órdenes ejecutadas en el mes", "count", sum(orders.values()),
              "#/cortes"),
        _card("field", "Productividad de campo", "ratio", _s(rules.ratio(done, assigned)),
              "#/indicadores/productividad", compare=assigned, extra={"done": done}),
    ]
    return {"as_of": as_of.isoformat(), "arrears_min_months": n_arrears,
            "delinquent_min_periods": min_periods, "cards": cards, "trend": trend,
            "recovery": {"this_month": str(from_cents(rec_now)),
                         "last_year": str(from_cents(rec_ly)),
                         "from": month.isoformat(), "to": as_of.isoformat(),
                         "ly_from": ly_start.isoformat(), "ly_to": ly_end.isoformat(),
                         "change": _s(rules.change(rec_now, rec_ly))},
            "orders": orders, "agreements": agreements,
            "indicators": {k: _s(v) for k, v in ind.items()
                           if k != "period" and not isinstance(v, (dict, list))}}


def _card(key: str, label: str, unit: str, value, drill: str, *, compare=None, change=None,
          extra: dict | None = None) -> dict:
    return {"key": key, "label": label, "unit": unit, "value": value, "drill": drill,
            "compare": compare, "change": change, **(extra or {})}
