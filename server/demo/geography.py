"""The demo city's map: colonias from the SEPOMEX list, sectors, centres, streets, habits.

Heroica Caborca's centre is about 30.716 N, 112.156 W. Urban colonias are spread within
~4 km of it and grouped into six sectors by compass direction; rural localities lie 10–60
km away in two rural sectors. Each colonia gets a stratum (popular / medium / residential)
and a pay propensity drawn around the stratum's mean (research: popular 0.45, medium 0.65,
residential 0.8) with a few "hotspot" colonias where almost nobody pays: that is what
clusters the debt by colonia. Positions and propensities are invented, not surveyed.
"""
from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass
from pathlib import Path

from server.demo.names import STREET_NAMES
from server.registry.rules import normalize

COLONIAS_CSV = Path(__file__).parent / "data" / "caborca-colonias.csv"
CENTER_LAT, CENTER_LON = 30.716, -112.156
KM_LAT = 1 / 111.0
KM_LON = 1 / (111.0 * math.cos(math.radians(CENTER_LAT)))
URBAN_LOCALITY = "Heroica Caborca"
RURAL_SHARE = 0.2  # ~6,000 of ~31,000 accounts are rural (research, assumption)

_RESIDENTIAL = ("real de los vinedos", "palma dorada", "los jardines", "romanza",
                "puerta del sol", "arcos de lee")
_MEDIUM = ("infonavit", "burocrata", "doctores", "misiones", "aviacion", "deportiva",
           "de la educacion", "kino", "san alberto", "santa cecilia")
_COMMERCIAL = {"caborca centro": 6.0, "parque industrial": 5.0, "industrial": 4.0,
               "aviacion": 1.5, "la huerta": 1.5}
_PROPENSITY = {"popular": 0.45, "medium": 0.65, "residential": 0.8}


@dataclass(frozen=True)
class Hood:
    """One colonia or rural locality of the demo city."""

    index: int
    name: str
    name_key: str
    postal_code: str
    locality_type: str
    sector: str
    latitude: float
    longitude: float
    stratum: str
    propensity: float  # share of "good payer" behaviour; debt clusters where it is low
    weight: float  # relative number of homes
    commercial_weight: float
    streets: tuple[str, ...]

    @property
    def locality(self) -> str:
        """'Heroica Caborca' for urban colonias, the locality's own name for rural ones."""
        return URBAN_LOCALITY if self.locality_type == "urban" else self.name


def read_colonias(path: Path = COLONIAS_CSV) -> list[dict]:
    """The rows of the colonias CSV: name, postal_code, locality_type."""
    with open(path, newline="", encoding="utf-8") as fh:
        return [dict(row) for row in csv.DictReader(fh)]


def _stratum(key: str, rng: random.Random) -> str:
    if any(k in key for k in _RESIDENTIAL):
        return "residential"
    if any(k in key for k in _MEDIUM):
        return "medium"
    return "medium" if rng.random() < 0.15 else "popular"


def _sector(locality_type: str, dx: float, dy: float) -> str:
    if locality_type == "rural":
        return "S07" if dx < 0 else "S08"  # coast and west / agricultural valley and east
    angle = (math.degrees(math.atan2(dy, dx)) + 360) % 360
    return f"S{int(angle // 60) + 1:02d}"


def _streets(stratum: str, rural: bool, rng: random.Random) -> tuple[str, ...]:
    if rural:
        picks = ["Calle Principal", f"Avenida {rng.choice('ABCDEFGH')}",
                 f"Calle {rng.randint(1, 12)}", f"Calle {rng.choice(STREET_NAMES)}"]
        return tuple(dict.fromkeys(picks))
    numbered = rng.sample(range(1, 48), 4)
    lettered = rng.sample("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3)
    named = rng.sample(STREET_NAMES, 2 if stratum == "popular" else 3)
    return tuple([f"Calle {n}" for n in numbered] + [f"Avenida {letter}" for letter in lettered]
                 + [f"Calle {n}" if i else f"Boulevard {n}" for i, n in enumerate(named)])


def build_hoods(seed: int) -> list[Hood]:
    """Every colonia of the CSV, placed, sectorised and given its payment climate."""
    rng = random.Random(f"cartera-demo-geography-{seed}")
    rows = read_colonias()
    urban = [r for r in rows if r["locality_type"] == "urban"]
    hotspots = set(rng.sample([r["name"] for r in urban if "centro" not in r["name"].lower()],
                              4))
    hoods = []
    for index, row in enumerate(rows):
        key = normalize(row["name"])
        rural = row["locality_type"] == "rural"
        if key == "caborca centro":
            dist, bearing = 0.2, rng.uniform(0, 2 * math.pi)
        elif rural:
            dist, bearing = rng.uniform(10, 60), rng.uniform(0, 2 * math.pi)
        else:
            dist, bearing = rng.uniform(0.6, 4.0), rng.uniform(0, 2 * math.pi)
        dx, dy = dist * math.cos(bearing), dist * math.sin(bearing)
        stratum = "popular" if rural else _stratum(key, rng)
        mean = 0.2 if row["name"] in hotspots else _PROPENSITY[stratum]
        # Beta around the stratum mean: most colonias near it, a few far off.
        propensity = rng.betavariate(mean * 12, (1 - mean) * 12)
        weight = 3.0 if key == "caborca centro" else rng.uniform(0.5, 2.0)
        if rural:
            weight = 3.0 if "plutarco" in key else rng.uniform(0.3, 1.5)
        hoods.append(Hood(
            index=index, name=row["name"], name_key=key, postal_code=row["postal_code"],
            locality_type=row["locality_type"], sector=_sector(row["locality_type"], dx, dy),
            latitude=round(CENTER_LAT + dy * KM_LAT, 6),
            longitude=round(CENTER_LON + dx * KM_LON, 6),
            stratum=stratum, propensity=propensity, weight=weight,
            commercial_weight=weight * _COMMERCIAL.get(key, 0.6 if rural else 1.0),
            streets=_streets(stratum, rural, rng)))
    return hoods


def neighborhood_rows(hoods: list[Hood]) -> list[tuple]:
    """Rows for `neighborhoods` (name, name_key, postal_code, locality_type, sector)."""
    return [(h.name, h.name_key, h.postal_code, h.locality_type, h.sector) for h in hoods]


def hood_cum_weights(hoods: list[Hood], commercial: bool) -> tuple[list[int], list[float]]:
    """Cumulative weights to draw a colonia for an account (rural share fixed at 20 %)."""
    urban = [h for h in hoods if h.locality_type == "urban"]
    rural = [h for h in hoods if h.locality_type == "rural"]
    pick = (lambda h: h.commercial_weight) if commercial else (lambda h: h.weight)
    urban_total = sum(pick(h) for h in urban)
    rural_total = sum(pick(h) for h in rural)
    rural_share = RURAL_SHARE * (0.4 if commercial else 1.0)
    weights = [(1 - rural_share) * pick(h) / urban_total for h in urban]
    weights += [rural_share * pick(h) / rural_total for h in rural]
    order = [h.index for h in urban + rural]
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    return order, cum
