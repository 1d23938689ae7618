"""Pure field-work rules: distances on the map and the flags a visit can carry."""
from __future__ import annotations

import math
from datetime import datetime, time, timedelta

EARTH_RADIUS_M = 6_371_008.8

# Flags a visit may end with (docs/field-sync.md); the fact is always kept.
FLAG_LABELS = {
    "OUT_OF_SCOPE_AT_ARRIVAL": "La parada ya no estaba asignada a quien visitó",
    "FAR_FROM_PREMISES": "GPS lejos del predio",
    "NO_GPS": "Sin GPS",
    "OUTSIDE_BUSINESS_HOURS": "Acto formal fuera del horario hábil",
    "DEVICE_CLOCK_SKEW": "Reloj del teléfono desfasado",
    "INCOMPLETE_LEGAL_RECORD": "Acta incompleta (versión anterior de la app)",
}


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def parse_hhmm(text: str) -> time:
    """'07:30' → time(7, 30)."""
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def within_hours(local: datetime, start: time, end: time) -> bool:
    """Whether a local moment falls in [start, end] of its day."""
    return start <= local.time() <= end


def clock_skewed(device_at: datetime | None, received_at: datetime, max_hours: float) -> bool:
    """Whether the device's clock is farther than `max_hours` from the server's receipt."""
    if device_at is None:
        return False
    return abs(received_at - device_at) > timedelta(hours=max_hours)


def visit_flags(*, out_of_scope: bool, has_gps: bool, distance_m: float | None,
                far_m: float, formal_act: bool, act_in_hours: bool, skewed: bool,
                incomplete_record: bool) -> list[str]:
    """The flags of a visit, in a stable order."""
    flags = []
    if out_of_scope:
        flags.append("OUT_OF_SCOPE_AT_ARRIVAL")
    if not has_gps:
        flags.append("NO_GPS")
    elif distance_m is not None and distance_m > far_m:
        flags.append("FAR_FROM_PREMISES")
    if formal_act and not act_in_hours:
        flags.append("OUTSIDE_BUSINESS_HOURS")
    if skewed:
        flags.append("DEVICE_CLOCK_SKEW")
    if incomplete_record:
        flags.append("INCOMPLETE_LEGAL_RECORD")
    return flags
