"""Route planning, pure (no database): split a campaign's notices into one route per
notifier for a day, grouped by colonia or sector and balanced by count, then order each
route's stops in walking order (nearest neighbour, improved by 2-opt; haversine metres).
Stops without coordinates go last, by address.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any, Hashable, Sequence

from server.fieldwork.rules import haversine_m

MAX_2OPT_SECONDS = 2.0


@dataclass(frozen=True)
class PlanStop:
    """A notice to deliver: where it is and which zone (colonia or sector) it belongs to."""

    key: Hashable
    zone: str
    lat: float | None
    lon: float | None
    address: str = ""

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class PlannedRoute:
    """One worker's stops for the day, in walking order, and the zones they cover."""

    worker: Any
    stops: list[PlanStop] = field(default_factory=list)

    @property
    def zones(self) -> list[str]:
        return list(dict.fromkeys(s.zone for s in self.stops))


def address_key(address: str) -> tuple:
    """Natural order of addresses: 'Calle 2 10' before 'Calle 10 2'."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower())
                 for part in re.findall(r"\d+|\D+", address))


def balanced_sizes(total: int, workers: int, max_per_route: int) -> list[int]:
    """How many stops each worker gets: as equal as possible, at most `max_per_route`."""
    take = min(total, workers * max_per_route)
    base, extra = divmod(take, workers) if workers else (0, 0)
    return [base + (1 if i < extra else 0) for i in range(workers)]


def _centroid(stops: Sequence[PlanStop]) -> tuple[float, float] | None:
    located = [s for s in stops if s.located]
    if not located:
        return None
    return (sum(s.lat for s in located) / len(located),
            sum(s.lon for s in located) / len(located))


def _zone_sequence(groups: dict[str, list[PlanStop]]) -> list[str]:
    """Zones chained by nearest centroid from the westernmost, so that consecutive zones
    (which may share a worker) are neighbours; zones without coordinates last, by name."""
    centres = {z: _centroid(stops) for z, stops in groups.items()}
    placed = sorted((z for z, c in centres.items() if c), key=lambda z: (centres[z][1], z))
    order: list[str] = []
    if placed:
        rest = set(placed)
        current = placed[0]
        while rest:
            rest.discard(current)
            order.append(current)
            if not rest:
                break
            here = centres[current]
            current = min(rest, key=lambda z: (haversine_m(*here, *centres[z]), z))
    return order + sorted(z for z, c in centres.items() if c is None)


def _within_zone(stops: list[PlanStop]) -> list[PlanStop]:
    located = sorted((s for s in stops if s.located), key=lambda s: (s.lon, s.lat, str(s.key)))
    blind = sorted((s for s in stops if not s.located),
                   key=lambda s: (address_key(s.address), str(s.key)))
    return located + blind


def split_balanced(stops: Sequence[PlanStop], workers: Sequence[Any],
                   max_per_route: int) -> list[PlannedRoute]:
    """Cut the zones, chained by proximity, into one run of stops per worker.

    Counts differ by at most one and never exceed `max_per_route`; a zone is split only
    where one worker's share ends, so each worker covers few, neighbouring zones. Stops
    beyond everyone's capacity are left for another day. Workers with no stop get no route.
    """
    groups: dict[str, list[PlanStop]] = {}
    for s in stops:
        groups.setdefault(s.zone, []).append(s)
    sequence = [s for zone in _zone_sequence(groups) for s in _within_zone(groups[zone])]
    routes, start = [], 0
    for worker, size in zip(workers, balanced_sizes(len(sequence), len(workers),
                                                    max_per_route)):
        if size:
            routes.append(PlannedRoute(worker, sequence[start:start + size]))
        start += size
    return routes


def path_length(order: Sequence[int], dist: Sequence[Sequence[float]]) -> float:
    """Length of an open path through `order`."""
    return sum(dist[a][b] for a, b in zip(order, order[1:]))


def nearest_neighbour(dist: Sequence[Sequence[float]], start: int = 0) -> list[int]:
    """Open path: from `start`, always walk to the closest stop not yet visited."""
    n = len(dist)
    if n == 0:
        return []
    order, seen = [start], {start}
    while len(order) < n:
        row = dist[order[-1]]
        nxt = min((j for j in range(n) if j not in seen), key=lambda j: (row[j], j))
        order.append(nxt)
        seen.add(nxt)
    return order


def two_opt(order: list[int], dist: Sequence[Sequence[float]],
            max_seconds: float = MAX_2OPT_SECONDS) -> list[int]:
    """Improve an open path by reversing segments while that shortens it; never longer
    than the input. Reversing a prefix (i = -1) may also change where the walk starts."""
    best = list(order)
    n = len(best)
    deadline = time.monotonic() + max_seconds
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for i in range(-1, n - 2):
            a = best[i] if i >= 0 else None
            b = best[i + 1]
            for j in range(i + 2, n):
                c = best[j]
                d = best[j + 1] if j + 1 < n else None
                before = (dist[a][b] if a is not None else 0.0) + (
                    dist[c][d] if d is not None else 0.0)
                after = (dist[a][c] if a is not None else 0.0) + (
                    dist[b][d] if d is not None else 0.0)
                if after < before - 1e-9:
                    best[i + 1:j + 1] = reversed(best[i + 1:j + 1])
                    b = best[i + 1]
                    improved = True
    return best


def distance_matrix(stops: Sequence[PlanStop]) -> list[list[float]]:
    """Haversine metres between every pair of located stops."""
    return [[0.0 if i == j else haversine_m(p.lat, p.lon, q.lat, q.lon)
             for j, q in enumerate(stops)] for i, p in enumerate(stops)]


def order_stops(stops: Sequence[PlanStop]) -> list[PlanStop]:
    """Walking order: nearest neighbour from the westernmost stop, then 2-opt; stops
    without coordinates after them, by address."""
    located = [s for s in stops if s.located]
    blind = sorted((s for s in stops if not s.located),
                   key=lambda s: (address_key(s.address), str(s.key)))
    if len(located) > 2:
        dist = distance_matrix(located)
        start = min(range(len(located)), key=lambda i: (located[i].lon, located[i].lat))
        located = [located[i] for i in two_opt(nearest_neighbour(dist, start), dist)]
    return located + blind


def plan_routes(stops: Sequence[PlanStop], workers: Sequence[Any],
                max_per_route: int) -> list[PlannedRoute]:
    """Split into balanced routes, then put each route in walking order."""
    routes = split_balanced(stops, workers, max_per_route)
    for route in routes:
        route.stops = order_stops(route.stops)
    return routes
