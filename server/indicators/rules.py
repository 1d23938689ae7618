"""Pure indicator rules: the catalogue of named measures, the formulas, and the ratio rule."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# Every measure a formula may name (no free expressions: a formula is a numerator and a
# denominator picked from here). kind: money (Decimal pesos) or count (int). Spanish label
# and unit as the PIGOO questionnaire would print them.
MEASURES: dict[str, dict[str, str]] = {
    "billed": {"kind": "money", "label": "Facturación del mes (vence en el mes)",
               "unit": "$"},
    "billed_m3": {"kind": "count", "label": "Volumen facturado", "unit": "m³"},
    "collected_total": {"kind": "money", "label": "Recaudación total del mes", "unit": "$"},
    "collected_current": {"kind": "money",
                          "label": "Recaudación aplicada a la facturación vigente", "unit": "$"},
    "collected_arrears": {"kind": "money", "label": "Recaudación aplicada al rezago",
                          "unit": "$"},
    "arrears_at_start": {"kind": "money", "label": "Rezago al inicio del mes", "unit": "$"},
    "arrears_at_end": {"kind": "money", "label": "Rezago al cierre del mes", "unit": "$"},
    "accounts_billed": {"kind": "count", "label": "Cuentas facturadas", "unit": "cuentas"},
    "accounts_on_time": {"kind": "count", "label": "Cuentas pagadas a tiempo",
                         "unit": "cuentas"},
    "delinquent_accounts": {"kind": "count", "label": "Cuentas morosas", "unit": "cuentas"},
    "registry_accounts": {"kind": "count", "label": "Cuentas activas en el padrón",
                          "unit": "cuentas"},
    "metered_accounts": {"kind": "count", "label": "Cuentas con medición",
                         "unit": "cuentas"},
}

# How a year adds up each measure for the PIGOO annual value: flows are summed; a stock
# is read at the start of the year (first) or at its end (last).
ANNUAL_AGG = {"arrears_at_start": "first", "arrears_at_end": "last",
              "delinquent_accounts": "last", "registry_accounts": "last",
              "metered_accounts": "last"}


def annual_measures(months: list[dict]) -> dict:
    """One year's measures from its months in order (dicts of Decimal-able values)."""
    out: dict = {}
    for key in MEASURES:
        values = [Decimal(str(m[key])) for m in months if m.get(key) is not None]
        if not values:
            out[key] = None
            continue
        agg = ANNUAL_AGG.get(key, "sum")
        out[key] = values[0] if agg == "first" else values[-1] if agg == "last" else sum(values)
    return out


def formula_text(formula: dict) -> str:
    """The Spanish formula, e.g. "Recaudación total del mes ÷ Facturación del mes × 100"."""
    num = MEASURES.get(formula["numerator"], {}).get("label", formula["numerator"])
    den = MEASURES.get(formula["denominator"], {}).get("label", formula["denominator"])
    return f"{num} ÷ {den} × 100"


# Indicator catalogue: key → Spanish label (the formula itself is the setting).
INDICATORS: dict[str, str] = {
    "commercial_efficiency": "Eficiencia comercial",
    "arrears_recovery_rate": "Recuperación de rezago",
    "collection_efficiency": "Eficiencia de cobro del mes",
    "on_time_payers_rate": "Usuarios cumplidos",
    "delinquent_rate": "Cuentas morosas (%)",
    "micrometering_rate": "Micromedición",
}

# DOMAIN.md "Indicators and reports" definitions, as numerator / denominator.
DEFAULT_FORMULAS: dict[str, dict[str, str]] = {
    "commercial_efficiency": {"numerator": "collected_current", "denominator": "billed"},
    "arrears_recovery_rate": {"numerator": "collected_arrears",
                              "denominator": "arrears_at_start"},
    "collection_efficiency": {"numerator": "collected_total", "denominator": "billed"},
    "on_time_payers_rate": {"numerator": "accounts_on_time", "denominator": "accounts_billed"},
    "delinquent_rate": {"numerator": "delinquent_accounts", "denominator": "accounts_billed"},
    "micrometering_rate": {"numerator": "metered_accounts", "denominator": "registry_accounts"},
}

RATIO_PLACES = Decimal("0.0001")


def ratio(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator to four places (half up); None when the denominator is 0."""
    den = Decimal(denominator or 0)
    if den == 0:
        return None
    return (Decimal(numerator or 0) / den).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


def formula_problems(formulas) -> list[str]:
    """What is wrong with a formulas setting (empty when valid): unknown names only."""
    if not isinstance(formulas, dict):
        return ["formulas must be an object"]
    problems = []
    for key, f in formulas.items():
        if not isinstance(f, dict):
            problems.append(f"{key}: not an object")
            continue
        for side in ("numerator", "denominator"):
            if f.get(side) not in MEASURES:
                problems.append(f"{key}.{side}: unknown measure {f.get(side)!r}")
    return problems


def merged_formulas(configured) -> dict[str, dict[str, str]]:
    """The defaults overridden by the valid entries of the setting (a bad entry is ignored)."""
    out = {k: dict(v) for k, v in DEFAULT_FORMULAS.items()}
    if isinstance(configured, dict):
        for key, f in (configured.get("formulas") or {}).items():
            if not formula_problems({key: f}):
                out[key] = {"numerator": f["numerator"], "denominator": f["denominator"],
                            **({"label": f["label"]} if isinstance(f.get("label"), str)
                               else {})}
    return out


def evaluate(measures: dict, formulas: dict) -> dict[str, Decimal | None]:
    """Each indicator's value from the measures: a plain ratio, never an expression."""
    return {key: ratio(measures.get(f["numerator"]), measures.get(f["denominator"]))
            for key, f in formulas.items()}


def label_of(key: str, formulas: dict) -> str:
    """Spanish name of an indicator (a configured label wins)."""
    return formulas.get(key, {}).get("label") or INDICATORS.get(key, key)


WINDOWS = (15, 30, 60)
# Actions that are themselves a signed agreement (with or without a promotion).
SIGNING_KINDS = frozenset({"agreement", "promotion"})


def attribute(actions: list[tuple], payments: list[tuple], signings: list) -> dict:
    """Strategy attribution for one account.

    actions: [(day, kind, ref)] notified / restricted / agreement…; payments: [(day, amount)];
    signings: [day] agreements signed. Each payment goes to the most recent action on or
    before its day (one action per payment, the latest wins; ties: the last listed). An
    action "responded within N days" when a payment attributed to it, or an agreement
    signed after it and before the next action, falls within N days.
    Returns {ref: {"days_to_response", "days_to_payment": int | None,
    "amount": {15: Decimal, 30: …, 60: …}}}.
    """
    ordered = sorted(enumerate(actions), key=lambda ia: (ia[1][0], ia[0]))
    out = {a[2]: {"days_to_response": None, "days_to_payment": None, "amount": {w: Decimal("0") for w in WINDOWS}}
           for _, a in ordered}

    def owner(day):
        found = None
        for _, a in ordered:
            if a[0] <= day:
                found = a
            else:
                break
        return found

    for day, amount in payments:
        a = owner(day)
        if a is None:
            continue
        days = (day - a[0]).days
        item = out[a[2]]
        for w in WINDOWS:
            if days <= w:
                item["amount"][w] += Decimal(amount)
        if item["days_to_payment"] is None or days < item["days_to_payment"]:
            item["days_to_payment"] = days
        if item["days_to_response"] is None or days < item["days_to_response"]:
            item["days_to_response"] = days
    for day in signings:
        a = owner(day)
        if a is None or a[1] in SIGNING_KINDS and a[0] == day:
            continue  # an agreement does not answer itself
        days = (day - a[0]).days
        item = out[a[2]]
        if item["days_to_response"] is None or days < item["days_to_response"]:
            item["days_to_response"] = days
    return out
