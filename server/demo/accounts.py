"""The demo registry: customers, premises, accounts, meters and their history, as rows.

Class mix (DOMAIN.md): 88 % domestic (popular/medium/residential by colonia stratum),
7 % commercial with a giro, 3 % vacant lots, 1 % public services, 0.5 % industrial,
0.5 % mixed; ~60 % metered. Registry noise on purpose, for the clean-up features:
abandoned houses still billed, holders duplicated under a misspelled name, missing
cadastral keys, missing phones. Every account also gets a Profile: what the ledger
simulation needs (tariff, services, payment habit, consumption, social discount).
"""
from __future__ import annotations

import bisect
import math
import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from server.common.clock import LOCAL_TZ
from server.demo import names
from server.demo.geography import Hood, hood_cum_weights
from server.registry.rules import search_text

CLASS_SHARES = (("domestic", 0.88), ("commercial", 0.07), ("vacant_lot", 0.03),
                ("public_services", 0.01), ("industrial", 0.005), ("mixed", 0.005))
SUBTYPES = {"popular": (0.86, 0.13), "medium": (0.30, 0.62), "residential": (0.08, 0.47)}
TARIFF_BY_CLASS = {"commercial": "COM", "industrial": "IND", "public_services": "PUB",
                   "vacant_lot": "BAL", "mixed": "MIX"}
SUBTYPE_TARIFF = {"popular": "DOM-POP", "medium": "DOM-MED", "residential": "DOM-RES"}
METERED_SHARE = {"domestic": 0.66, "commercial": 0.9, "industrial": 1.0,
                 "public_services": 0.8, "mixed": 0.75, "vacant_lot": 0.0}
DOMESTIC_M3 = {"popular": 18, "medium": 24, "residential": 34}  # lognormal medians
# Payment habits. Weights per class are tuned so the city as a whole lands on DOMAIN.md's
# 45 / 15 / 8 / 12 / 20 % (abandoned houses and vacant lots add chronic payers); each
# weight is then scaled by exp(HABIT_SHIFT × how much better the colonia pays than the
# city), which is what clusters debt by colonia.
HABITS = ("punctual", "late", "agreement", "intermittent", "chronic", "quarterly")
HABIT_WEIGHTS = {
    "domestic": (46, 18, 9, 12, 15, 0), "mixed": (46, 18, 9, 12, 15, 0),
    "commercial": (64, 16, 8, 8, 4, 0), "industrial": (80, 12, 4, 3, 1, 0),
    "public_services": (5, 15, 0, 5, 10, 65), "vacant_lot": (10, 5, 3, 12, 70, 0),
}
HABIT_SHIFT = (3.0, 0.5, -1.0, -2.0, -4.0, 0.0)
BRANDS = ("Cicasa", "Badger", "Elster", "Itron", "Zenner", "Dorot")
BENEFICIARY_SHARE = 0.12


@dataclass(slots=True)
class Profile:
    """What the ledger simulation needs to know about one account."""

    id: str  # UUID as 32 hex digits
    tariff: str
    metered: bool
    has_sewer: bool
    has_sanitation: bool
    habit: str
    base_m3: float
    start: int  # index of the first billed period
    discount_from: int | None  # index of the first discounted period, None = no discount
    property_class: str = "domestic"  # the class its charges are billed under


def _uuid(rng: random.Random) -> str:
    """A version-4 UUID as 32 hex digits: what SQLite stores and PostgreSQL accepts."""
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def utc_at(day: date, hour: int = 9) -> datetime:
    """The UTC instant of `hour` o'clock, Caborca time, on `day`."""
    return datetime.combine(day, time(hour), LOCAL_TZ).astimezone(timezone.utc)


def _class_list(n: int, rng: random.Random) -> list[str]:
    """Exactly the DOMAIN.md class mix for n accounts, shuffled."""
    counts = {c: int(round(n * share)) for c, share in CLASS_SHARES[1:]}
    counts["domestic"] = n - sum(counts.values())
    classes = [c for c, k in counts.items() for _ in range(k)]
    rng.shuffle(classes)
    return classes


def _habit(cls: str, shift: float, uninhabited: bool, rng: random.Random) -> str:
    """Draw a payment habit; `shift` > 0 in colonias that pay better than the city."""
    if uninhabited:
        return "chronic" if rng.random() < 0.8 else "intermittent"
    weights = [w * math.exp(s * shift) for w, s in zip(HABIT_WEIGHTS[cls], HABIT_SHIFT)]
    return rng.choices(HABITS, weights=weights)[0]


class RegistryBuilder:
    """Builds every registry row of the demo city, in account-number order."""

    def __init__(self, hoods: list[Hood], hood_ids: list[int], periods: list[date],
                 seed: int):
        self.hoods, self.hood_ids, self.periods = hoods, hood_ids, periods
        self.rng = random.Random(f"cartera-demo-registry-{seed}")
        self.loaded_at = utc_at(periods[0] - timedelta(days=1), 8)
        self.rows: dict[str, list[tuple]] = {t: [] for t in (
            "customers", "premises", "accounts", "meters", "account_holder_history",
            "account_class_history")}
        self.profiles: list[Profile] = []
        self.people: list[tuple] = []  # (first, s1, s2, sex, birth, curp) to duplicate
        self.customers: list[tuple[str, str]] = []  # reusable holders (landlords)

    def build(self, n_accounts: int) -> None:
        """Create n_accounts accounts with their premises, holders, meters and history."""
        rng = self.rng
        plain = hood_cum_weights(self.hoods, commercial=False)
        business = hood_cum_weights(self.hoods, commercial=True)
        drafts = []
        for cls in _class_list(n_accounts, rng):
            order, cum = business if cls in ("commercial", "industrial") else plain
            hood = self.hoods[order[min(bisect.bisect(cum, rng.random() * cum[-1]),
                                        len(order) - 1)]]
            drafts.append((hood.sector, hood.index, cls))
        drafts.sort(key=lambda d: (d[0], d[1]))
        # Habits shift with how a colonia pays relative to the whole city.
        self.mean_propensity = sum(self.hoods[d[1]].propensity for d in drafts) / len(drafts)
        seq_by_sector: dict[str, int] = {}
        seq_by_hood: dict[int, int] = {}
        for sector, hood_index, cls in drafts:
            seq = seq_by_sector[sector] = seq_by_sector.get(sector, 0) + 1
            k = seq_by_hood[hood_index] = seq_by_hood.get(hood_index, 0) + 1
            self._account(self.hoods[hood_index], cls, f"{sector[1:]}{seq:05d}", k - 1)

    def _holder(self, cls: str, giro: str | None) -> tuple[str, str]:
        """(customer id, name) of a new or reused holder for an account of class `cls`."""
        rng = self.rng
        if self.customers and cls in ("domestic", "commercial") and rng.random() < 0.02:
            return rng.choice(self.customers)  # one holder, several accounts
        cid, created = _uuid(rng), self.loaded_at
        rfc = curp = legal = email = None
        person_type = "individual"
        if cls in ("industrial", "public_services") or (giro and rng.random() < 0.35):
            person_type = "company"
            if cls == "public_services":
                name = rng.choice(names.PUBLIC_PLACES)
            else:
                base = (f"{rng.choice(names.INDUSTRIES)} {rng.choice(names.BUSINESS_SUFFIXES)}"
                        if cls == "industrial" else
                        f"{names.BUSINESS_LINES[giro][0]} {rng.choice(names.BUSINESS_SUFFIXES)}")
                name = base + " S.A. de C.V."
                rfc = names.company_rfc(base, date(rng.randint(1985, 2020),
                                                   rng.randint(1, 12), rng.randint(1, 28)), rng)
                first, s1, s2, _sex = names.person(rng)
                legal = f"{first} {s1} {s2}"
        elif self.people and rng.random() < 0.02:
            first, s1, s2, sex, birth, old_curp = rng.choice(self.people)
            name = names.misspell(f"{first} {s1} {s2}", rng)  # a duplicated holder
            curp = old_curp if rng.random() < 0.3 else None
        else:
            first, s1, s2, sex = names.person(rng)
            name = f"{first} {s1} {s2}"
            birth = date(rng.randint(1940, 2000), rng.randint(1, 12), rng.randint(1, 28))
            if rng.random() < 0.35:
                curp = names.curp(first, s1, s2, birth, sex, rng)
            if rng.random() < 0.1:
                rfc = names.person_rfc(first, s1, s2, birth, rng)
            if rng.random() < 0.1:
                email = f"{names.ascii_upper(first.split()[0])}.{names.ascii_upper(s1)}" \
                        f"{rng.randint(1, 99)}@correo.example".lower()
            self.people.append((first, s1, s2, sex, birth, curp))
        tel = names.phone(rng) if rng.random() < 0.9 else None
        alt = names.phone(rng) if tel and rng.random() < 0.15 else None
        self.rows["customers"].append((cid, name, person_type, rfc, curp, tel, alt, email,
                                       legal, created, created))
        if cls in ("domestic", "commercial"):
            self.customers.append((cid, name))
        return cid, name

    def _premises(self, hood: Hood, cls: str, k: int, uninhabited: bool,
                  created: datetime) -> tuple[str, str, str | None, str | None]:
        """The k-th lot of a colonia: its streets in turn, numbers climbing along each."""
        rng, rural = self.rng, hood.locality_type == "rural"
        street = hood.streets[k % len(hood.streets)]
        ext = None if rural and rng.random() < 0.1 else str(
            (k // len(hood.streets)) * 2 + 1 + (hood.index % 7) * 100)
        if ext is None:
            street = "Domicilio conocido"
        interior = rng.choice("AB") if cls != "vacant_lot" and rng.random() < 0.02 else None
        cadastral = None if rng.random() < 0.05 else (  # 5 % missing: registry noise
            f"017-{int(hood.sector[1:]):02d}-{hood.index * 10 + k // 25:03d}-{k % 25 + 1:03d}")
        jitter = 0.004 if rural else 0.0025
        pid = _uuid(rng)
        occupants = (0 if uninhabited else rng.randint(1, 7)) if cls == "domestic" else None
        ref = rng.choice(names.REFERENCES) if rng.random() < 0.2 else None
        self.rows["premises"].append((
            pid, cadastral, street, ext, interior, self.hood_ids[hood.index], hood.postal_code,
            hood.locality, hood.locality_type, round(rng.gauss(hood.latitude, jitter), 6),
            round(rng.gauss(hood.longitude, jitter), 6), cls != "vacant_lot", occupants, ref,
            created, created))
        return pid, street, ext, cadastral

    def _account(self, hood: Hood, cls: str, number: str, k: int) -> None:
        """One account of class `cls`, the k-th of its colonia, with all its rows."""
        rng, n_periods = self.rng, len(self.periods)
        rural = hood.locality_type == "rural"
        subtype = giro = None
        if cls == "domestic":
            pop, med = SUBTYPES[hood.stratum]
            roll = rng.random()
            subtype = "popular" if roll < pop else "medium" if roll < pop + med else "residential"
        elif cls in ("commercial", "mixed"):
            giro = rng.choice(tuple(names.BUSINESS_LINES))
        elif cls == "industrial":
            giro = "Empaque agrícola" if rng.random() < 0.6 else "Servicios a la minería"
        tariff = (SUBTYPE_TARIFF[subtype] if subtype else TARIFF_BY_CLASS[cls]) + (
            "-R" if rural else "")
        metered = rng.random() < METERED_SHARE[cls] * (0.6 if rural else 1.0)
        has_sewer = cls != "vacant_lot" and rng.random() < (0.4 if rural else 0.93)
        uninhabited = cls == "domestic" and rng.random() < 0.03
        # Consumption: lognormal around the class median; domestic sigma 0.56 (p90 ≈ 2×).
        median = (DOMESTIC_M3[subtype] if subtype else
                  names.BUSINESS_LINES[giro][1] if cls in ("commercial", "mixed") else
                  rng.uniform(100, 400) if cls == "industrial" else rng.uniform(60, 200)
                  if cls == "public_services" else 0)
        spread = 0.56 if cls == "domestic" else 0.4
        base_m3 = (2.0 if uninhabited else median * rng.lognormvariate(0, spread)) if metered \
            else 0.0
        habit = _habit(cls, hood.propensity - self.mean_propensity, uninhabited, rng)
        start = 0
        connected = date(rng.randint(1978, self.periods[0].year - 1), rng.randint(1, 12),
                         rng.randint(1, 28))
        if rng.random() < 0.06 and n_periods > 2:  # a new house, connected in the window
            start = rng.randint(1, n_periods - 1)
            connected = self.periods[start].replace(day=rng.randint(1, 15))
        discount_from = None
        # Beneficiaries live in the house: drawn among inhabited homes so that the
        # share over all domestic accounts is BENEFICIARY_SHARE.
        if cls == "domestic" and not uninhabited and rng.random() < BENEFICIARY_SHARE / 0.97:
            discount_from = start if rng.random() < 0.7 else rng.randint(start, n_periods - 1)
        created = self.loaded_at if start == 0 else utc_at(connected)
        status = "active"
        if habit == "chronic" and rng.random() < 0.25:
            status = "limited" if cls in ("domestic", "vacant_lot") else "suspended"
        cid, holder = self._holder(cls, giro)
        pid, street, ext, cadastral = self._premises(hood, cls, k, uninhabited, created)
        aid = _uuid(rng)
        route = f"{hood.sector}-R{(hood.index % 9) + 1 + k // 400:02d}"
        text = search_text(number, holder, street, ext, hood.name, cadastral)
        self.rows["accounts"].append((
            aid, number, pid, cid, status, cls, subtype, giro, tariff, True, has_sewer,
            has_sewer, "metered" if metered else "fixed", hood.sector, route,
            cls not in ("domestic", "vacant_lot") and base_m3 > 40, uninhabited,
            status != "active" and rng.random() < 0.05, rng.random() < 0.003,
            cls == "domestic" and rng.random() < 0.02, connected, text, created, created))
        if metered:
            state = rng.choices(("working", "broken", "missing"), (85, 10, 5))[0]
            brand = rng.choice(BRANDS)
            serial = f"{brand[:3].upper()}{connected:%y}{rng.randint(0, 10**6 - 1):06d}"
            self.rows["meters"].append((_uuid(rng), aid, serial, brand, state, connected,
                                        created, created))
        self.rows["account_holder_history"].append((aid, cid, connected, "Alta en el padrón"))
        self.rows["account_class_history"].append((aid, cls, subtype, connected,
                                                   "Alta en el padrón"))
        self.profiles.append(Profile(aid, tariff, metered, has_sewer, has_sewer, habit,
                                     base_m3, start, discount_from, cls))
