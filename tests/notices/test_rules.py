"""Notice rules (pure): folios and the legal service record."""
from datetime import datetime, timezone

from server.notices.enums import OUTCOME_STATUS, OUTCOMES
from server.notices.rules import folio_number, format_folio, is_later, legal_record_errors


def test_folios_carry_kind_year_and_a_zero_padded_number():
    assert format_folio("AV", 2026, 123) == "AV-2026-000123"
    assert format_folio("RQ", 2026, 45) == "RQ-2026-000045"
    assert folio_number("RQ-2026-000045") == 45 and folio_number(None) == 0


def test_every_outcome_has_a_notice_status():
    assert set(OUTCOME_STATUS) == set(OUTCOMES)


def _codes(args, version=2):
    return [code for code, _, _ in legal_record_errors(args, version)]


def test_delivered_to_someone_else_needs_name_and_relationship():
    base = {"outcome": "delivered_other", "address_verification": ["facade"]}
    assert _codes(base) == ["ATTENDED_BY_REQUIRED"]
    assert _codes({**base, "attended_by": {"name": "Luis", "relationship": " "}}) == [
        "ATTENDED_BY_REQUIRED"]
    assert _codes({**base, "attended_by": {"name": "Luis", "relationship": "hijo"}}) == []


def test_a_citatorio_needs_date_and_time():
    base = {"outcome": "citatorio_left", "address_verification": ["house_number"]}
    assert _codes(base) == ["CITATORIO_REQUIRED"]
    assert _codes({**base, "citatorio": {"date": "2026-03-06"}}) == ["CITATORIO_REQUIRED"]
    assert _codes({**base, "citatorio": {"date": "2026-03-06", "time": "10:00"}}) == []


def test_a_refusal_needs_where_the_notice_was_fixed():
    base = {"outcome": "refused", "address_verification": ["street_sign"]}
    assert _codes(base) == ["REFUSAL_PLACE_REQUIRED"]
    assert _codes({**base, "refusal": {"fixed_where": "Puerta principal"}}) == []


def test_v2_needs_one_address_verification_and_v1_does_not():
    assert _codes({"outcome": "absent", "address_verification": []}) == [
        "ADDRESS_VERIFICATION_REQUIRED"]
    assert _codes({"outcome": "absent"}, version=1) == []


def test_the_latest_visit_wins_by_start_time_then_id():
    t = datetime(2026, 3, 5, 17, 0, tzinfo=timezone.utc)
    assert is_later((t, "b"), None)
    assert is_later((t, "b"), (t, "a")) and not is_later((t, "a"), (t, "b"))
