"""Settings are read once per transaction, and a change inside it is seen at once."""
from __future__ import annotations

from server.common.settings import DEFAULTS, get_setting, set_setting
from server.db import transaction


def test_a_setting_changed_in_the_transaction_is_read_back_changed(db_session):
    with transaction():
        assert get_setting("fieldwork_far_from_premises_m") == \
            DEFAULTS["fieldwork_far_from_premises_m"]
        set_setting("fieldwork_far_from_premises_m", 80)
        assert get_setting("fieldwork_far_from_premises_m") == 80


def test_a_cached_setting_cannot_be_changed_through_the_value_returned(db_session):
    with transaction():
        hours = get_setting("fieldwork_business_hours")
        hours["start"] = "00:00"
        assert get_setting("fieldwork_business_hours")["start"] == "07:30"
