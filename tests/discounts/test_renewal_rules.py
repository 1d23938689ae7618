"""Pure rules of renewals: whole colonias to social workers balanced by count, most urgent
first (with the per-route cap), where a renewal's validity starts, and which application an
answer names.

No app and no database."""
import uuid
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.discounts.rules import AgreementError, answered_application_id, assign_zones, \
    renewal_start


def loads(given_: dict, zones: dict) -> dict:
    out: dict = {}
    for zone, worker in given_.items():
        out[worker] = out.get(worker, 0) + zones[zone]
    return out


def test_whole_colonias_in_order_each_to_the_least_busy_worker():
    zones = {"Ortiz": 1, "Centro": 3, "Industrial": 2}  # most urgent first
    assert assign_zones(zones, ["ana", "bety"]) == {
        "Ortiz": "ana", "Centro": "bety", "Industrial": "ana"}
    assert assign_zones({"D": 10, "A": 1, "B": 1, "C": 1}, ["ana", "bety"]) == {
        "D": "ana", "A": "bety", "B": "bety", "C": "bety"}
    assert assign_zones(zones, []) == {} and assign_zones({}, ["ana"]) == {}


def test_the_cap_leaves_colonias_for_another_day_but_never_splits_one():
    zones = {"Centro": 50, "Industrial": 30, "Ortiz": 15, "Pueblo": 5}
    given_ = assign_zones(zones, ["ana", "bety"], cap=40)
    # Centro is bigger than the cap: given whole to an empty worker.
    assert given_ == {"Centro": "ana", "Industrial": "bety", "Pueblo": "bety"}
    assert loads(given_, zones) == {"ana": 50, "bety": 35}


def test_what_workers_already_have_that_day_counts():
    zones = {"Centro": 10, "Ortiz": 4}
    assert assign_zones(zones, ["ana", "bety"], loads={"ana": 0, "bety": 20}) == {
        "Centro": "ana", "Ortiz": "ana"}
    # Everyone full: nothing more today; an empty worker still takes a whole colonia.
    assert assign_zones(zones, ["ana", "bety"], cap=20, loads={"ana": 20, "bety": 18}) == {}
    assert assign_zones(zones, ["ana", "bety"], cap=5, loads={"bety": 5}) == {
        "Centro": "ana"}


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.integers(1, 30), max_size=12),
       st.integers(1, 5))
def test_every_colonia_once_and_loads_within_the_largest_colonia(zones, n):
    workers = [f"w{i}" for i in range(n)]
    given_ = assign_zones(zones, workers)
    assert set(given_) == set(zones)
    load = loads(given_, zones)
    counts = [load.get(w, 0) for w in workers]
    assert max(counts) - min(counts) <= max(zones.values(), default=0)


def test_a_renewal_continues_the_day_after_the_discount_it_renews():
    assert renewal_start(date(2026, 12, 7), date(2026, 12, 20)) == date(2026, 12, 21)
    assert renewal_start("2026-12-07", "2026-12-01") == date(2026, 12, 7)  # already over
    assert renewal_start(date(2026, 12, 7), None) == date(2026, 12, 7)
    with pytest.raises(AgreementError) as err:
        renewal_start("ayer", None)
    assert err.value.code == "INVALID_DATE"


def test_an_answer_names_an_application_by_its_id_or_none():
    ref = uuid.uuid4()
    assert answered_application_id(str(ref)) == ref
    assert answered_application_id(f"  {ref}  ") == ref
    assert answered_application_id("La señora no estaba") is None
    assert answered_application_id(None) is None and answered_application_id("") is None
