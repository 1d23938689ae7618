"""Route planning rules (pure): balanced split, walking order, unlocated stops last."""
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from server.fieldwork.planning import (
    PlanStop, address_key, balanced_sizes, distance_matrix, nearest_neighbour, order_stops,
    path_length, plan_routes, split_balanced, two_opt)
from server.fieldwork.rules import haversine_m

CENTRE = (30.716, -112.156)


def _stops(n, zones=("Centro", "Aviación", "Ortiz"), seed=1, blind_every=0):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        blind = blind_every and i % blind_every == 0
        out.append(PlanStop(
            key=i, zone=zones[i % len(zones)],
            lat=None if blind else CENTRE[0] + rng.uniform(-0.02, 0.02),
            lon=None if blind else CENTRE[1] + rng.uniform(-0.02, 0.02),
            address=f"Calle {rng.randint(1, 30)} {rng.randint(1, 400)}"))
    return out


def test_haversine_measures_metres_on_the_ground():
    # One thousandth of a degree of latitude is about 111 m anywhere.
    assert abs(haversine_m(30.716, -112.156, 30.717, -112.156) - 111.2) < 0.5
    assert haversine_m(*CENTRE, *CENTRE) == 0


def test_sizes_are_balanced_and_never_exceed_the_route_limit():
    assert balanced_sizes(10, 3, 40) == [4, 3, 3]
    assert balanced_sizes(100, 2, 40) == [40, 40]
    assert balanced_sizes(1, 3, 40) == [1, 0, 0]


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 120), workers=st.integers(1, 7), limit=st.integers(1, 50),
       zones=st.integers(1, 6), seed=st.integers(0, 1000))
def test_a_split_is_balanced_covers_each_stop_once_and_respects_capacity(
        n, workers, limit, zones, seed):
    stops = _stops(n, zones=[f"Z{i}" for i in range(zones)], seed=seed, blind_every=7)
    routes = split_balanced(stops, [f"w{i}" for i in range(workers)], limit)
    sizes = [len(r.stops) for r in routes]
    assert sum(sizes) == min(n, workers * limit)
    assert all(0 < s <= limit for s in sizes)
    if sizes:
        assert max(sizes) - min(sizes) <= 1
    keys = [s.key for r in routes for s in r.stops]
    assert len(keys) == len(set(keys))
    assert len({r.worker for r in routes}) == len(routes)


def test_a_colonia_stays_with_one_worker_unless_a_share_ends_inside_it():
    stops = _stops(60, zones=("A", "B", "C", "D", "E", "F"))
    routes = split_balanced(stops, ["ana", "beto", "carla"], 40)
    owners = {}
    for r in routes:
        for zone in r.zones:
            owners.setdefault(zone, set()).add(r.worker)
    # Three cuts at most split three colonias; the others have one owner.
    assert sum(1 for o in owners.values() if len(o) > 1) <= len(routes) - 1
    assert all(len(r.zones) <= 4 for r in routes)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(3, 60), seed=st.integers(0, 10_000))
def test_two_opt_never_makes_the_nearest_neighbour_walk_longer(n, seed):
    stops = _stops(n, seed=seed)
    dist = distance_matrix(stops)
    nn = nearest_neighbour(dist)
    improved = two_opt(nn, dist)
    assert sorted(improved) == list(range(n))
    assert path_length(improved, dist) <= path_length(nn, dist) + 1e-6


def test_two_opt_untangles_a_crossing():
    # A zig-zag along a street: 0 → 2 → 1 → 3 crosses itself; 0 → 1 → 2 → 3 does not.
    points = [PlanStop(i, "Z", 30.716, -112.156 + 0.001 * x) for i, x in enumerate((0, 1, 2, 3))]
    dist = distance_matrix(points)
    assert two_opt([0, 2, 1, 3], dist) == [0, 1, 2, 3]


def test_stops_without_coordinates_go_last_in_address_order():
    stops = _stops(12) + [PlanStop("x", "Centro", None, None, "Calle 10 5"),
                          PlanStop("y", "Centro", None, None, "Calle 2 40"),
                          PlanStop("z", "Centro", 30.7, None, "Calle 1 1")]
    ordered = order_stops(stops)
    assert [s.key for s in ordered[-3:]] == ["z", "y", "x"]
    assert all(s.located for s in ordered[:-3])
    assert address_key("Calle 2 40") < address_key("Calle 10 5")


def test_the_walking_order_is_shorter_than_the_input_order():
    stops = _stops(40, seed=3)
    ordered = order_stops(stops)
    dist_in = distance_matrix(stops)
    assert sorted(s.key for s in ordered) == sorted(s.key for s in stops)
    index = {s.key: i for i, s in enumerate(stops)}
    assert path_length([index[s.key] for s in ordered], dist_in) < \
        path_length(list(range(40)), dist_in)


def test_plan_routes_orders_each_route_and_leaves_extra_stops_for_another_day():
    routes = plan_routes(_stops(50, blind_every=10), ["ana", "beto"], 20)
    assert [len(r.stops) for r in routes] == [20, 20]
    for r in routes:
        located = [s.located for s in r.stops]
        assert located == sorted(located, reverse=True)  # unlocated stops at the end
