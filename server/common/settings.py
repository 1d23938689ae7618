"""Configurable rules kept as data (surcharge rate, aging buckets...) with coded defaults."""
from __future__ import annotations

import copy
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.db import Base, UtcDateTime

# Defaults from DOMAIN.md; a utility overrides them per key in the settings table.
DEFAULTS: dict[str, object] = {
    # 2 % a month, simple, on each overdue period's principal, for at most 60 months.
    "surcharge": {"monthly_rate": "0.02", "cap_months": 60},
    # Aging buckets in months past due: [label, min, max]; max None = open-ended.
    "aging_buckets": [
        ["current", 0, 0], ["1", 1, 1], ["2", 2, 2], ["3", 3, 3], ["4-6", 4, 6],
        ["7-12", 7, 12], ["13-24", 13, 24], ["25-36", 25, 36], ["37-60", 37, 60],
        [">60", 61, None],
    ],
    # Arrears = past due more than N periods; delinquent account = at least M periods.
    "arrears_min_months": 1,
    "delinquent_min_periods": 2,
    # Days from the end of the billing month to the due date.
    "billing_due_days": 10,
    # Large consumer: non-domestic account over this volume a month (or flagged by hand); a
    # deviation beyond `deviation_pct` from its average of `average_months` needs validation.
    "large_consumer": {"threshold_m3": 40, "deviation_pct": "0.30", "average_months": 6},
    # Debts prescribe `years` after becoming due unless a formal act was notified (restarts
    # the clock, never beyond `max_years`); warn `warn_months` before.
    "prescription": {"years": 5, "max_years": 10, "warn_months": 6},
    # Arrears clean-up: metered with zero consumption in each of the last N bills looks
    # abandoned; a vacant lot with consumption billed in the last N months is suspect; debt
    # with no payment at all in N years.
    "cleanup": {"zero_consumption_months": 6, "vacant_consumption_months": 12,
                "no_payment_years": 5},
    # PAE priority points: amount and months thresholds checked top down, by class, large
    # consumer, and each executed cut or breached agreement (recidivism) up to a cap.
    "pae_priority": {
        "amount": [["100000.00", 40], ["50000.00", 30], ["20000.00", 20], ["5000.00", 10]],
        "months": [[60, 30], [36, 25], [24, 20], [12, 10], [6, 5]],
        "property_class": {"industrial": 20, "commercial": 15, "mixed": 10, "vacant_lot": 10,
                           "domestic": 0, "public_services": 0},
        "large_consumer": 10, "recidivism_each": 5, "recidivism_max": 20,
    },
    # Government indicators (DOMAIN.md "formulas configurable"): each indicator is a
    # numerator ÷ denominator picked from the named measures of server/indicators/rules.py.
    "indicators": {"formulas": {
        "commercial_efficiency": {"numerator": "collected_current", "denominator": "billed"},
        "arrears_recovery_rate": {"numerator": "collected_arrears",
                                  "denominator": "arrears_at_start"},
        "collection_efficiency": {"numerator": "collected_total", "denominator": "billed"},
        "on_time_payers_rate": {"numerator": "accounts_on_time",
                                "denominator": "accounts_billed"},
        "delinquent_rate": {"numerator": "delinquent_accounts",
                            "denominator": "accounts_billed"},
        "micrometering_rate": {"numerator": "metered_accounts",
                               "denominator": "registry_accounts"},
    }},
}


class Setting(Base):
    """One configurable rule, stored as JSON, with who set it last."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    value: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())


_CACHE_KEY = "settings_read"


def get_setting(key: str):
    """The stored value of `key`, or its default.

    Read once per transaction: a sync batch asks for the same few rules on every
    mutation, and a missing row (the default) would otherwise cost a query each time.
    """
    from server.extensions import db

    session = db.session()
    cache = session.info.setdefault(_CACHE_KEY, {})
    if key not in cache:
        row = session.get(Setting, key)
        cache[key] = row.value if row is not None else DEFAULTS[key]
    return copy.deepcopy(cache[key])


@sa.event.listens_for(sa.orm.Session, "after_transaction_end")
def _forget_settings(session, trans):
    if trans.parent is None:
        session.info.pop(_CACHE_KEY, None)


def set_setting(key: str, value, actor_id=None) -> None:
    """Store `key` inside the caller's unit of work."""
    from server.extensions import db

    if key not in DEFAULTS:
        raise KeyError(key)
    db.session().info.pop(_CACHE_KEY, None)
    row = db.session.get(Setting, key)
    if row is None:
        db.session.add(Setting(key=key, value=value, updated_by=actor_id))
    else:
        row.value, row.updated_by, row.updated_at = value, actor_id, utcnow()


# Field work (notices and routes): defaults from DOMAIN.md and docs/field-sync.md.
DEFAULTS.update({
    # A visit's GPS farther than this from the premises is flagged FAR_FROM_PREMISES.
    "fieldwork_far_from_premises_m": 150,
    # Formal acts happen in business hours (local time, America/Hermosillo).
    "fieldwork_business_hours": {"start": "07:30", "end": "18:00"},
    # Device time farther than this from the server's receipt is DEVICE_CLOCK_SKEW.
    "fieldwork_clock_skew_hours": 24,
    # Stops per route when the planner is not told otherwise.
    "fieldwork_max_stops_per_route": 40,
})


# Restriction, disconnection and reconnection (DOMAIN.md "Collection process" 4-6).
DEFAULTS.update({
    # A cut list requires a formal notice served at least this many days before.
    "cut_formal_notice_min_days": 3,
    # Reconnection fee by the cut that happened (tariff), charged only if it happened.
    "reconnection_fee": {"restrict": "250.00", "disconnect": "450.00"},
    # When a restricted or cut account gets a reconnection order: no_past_due | no_debt
    # (an agreement signed always does).
    "reconnection_policy": "no_past_due",
    # Re-inspection of a cut: from this many days after it, due by this many.
    "reinspection_after_days": 7,
    "reinspection_within_days": 15,
    # The fine proposed to the manager when an inspection finds a self-reconnection
    # (Ley de Agua del Estado de Sonora, art. 178 fr. II).
    "self_reconnection_fine": "1500.00",
    # A declared emergency (sanitary, heat wave...): social-discount beneficiaries are
    # protected from restriction and disconnection, at the cut list and at execution
    # (DOMAIN.md step 4). The manager declares and lifts it (PUT /discounts/emergency).
    "social_emergency_declared": False,
})
