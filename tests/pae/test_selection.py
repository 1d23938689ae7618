"""The PAE selection: filters, ranking, prescription horizon and warnings, totals."""
from __future__ import annotations

from datetime import date

from server.disconnections.models import DisconnectionOrder
from server.extensions import db
from tests.pae.conftest import AS_OF

API = "/api/v1/pae/debtors"


def _get(client, headers, **params):
    query = "&".join(f"{k}={v}" for k, v in ({"as_of": AS_OF.isoformat()} | params).items())
    resp = client.get(f"{API}?{query}", headers=headers)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def _numbers(body):
    return [r["account_number"] for r in body["items"]]


def test_the_selection_keeps_debtors_late_enough_ranked_by_priority(client, auth_headers,
                                                                     debtors):
    body = _get(client, auth_headers("manager"))
    numbers = _numbers(body)
    assert "PAE002" not in numbers  # two months late: below the default three
    assert numbers[0] == "PAE003"  # large commercial debt first
    big = body["items"][0]
    assert big["debt"] == "24810.00" and big["months_past_due"] == 12
    assert big["score"] == 20 + 10 + 15 + 10 and big["large_consumer"] is True
    assert big["neighborhood"] == "Colonia Norte"
    eight = next(r for r in body["items"] if r["account_number"] == "PAE001")
    assert eight["debt"] == "1740.00" and eight["months_past_due"] == 8
    assert eight["oldest_due"] == "2026-04-10" and eight["holder_name"] == "Ramón Pérez Ávila"
    assert body["totals"]["accounts"] == 6 == body["total"]


def test_min_months_and_min_amount_class_and_colonia_filter_the_list(client, auth_headers,
                                                                     debtors):
    h = auth_headers("clerk")
    assert "PAE002" in _numbers(_get(client, h, min_months=2))
    assert _numbers(_get(client, h, min_amount="1000.00")) == ["PAE003", "PAE001"]
    assert _numbers(_get(client, h, property_class="commercial")) == ["PAE003"]
    hood = debtors["big"].premises.neighborhood_id
    assert _numbers(_get(client, h, colonia=hood)) == ["PAE003"]
    assert _get(client, h, min_months=200)["items"] == []


def test_each_row_carries_its_prescription_horizon_and_warning(client, auth_headers, debtors):
    body = _get(client, auth_headers("director"), page_size=50)
    rows = {r["account_number"]: r for r in body["items"]}
    assert rows["PAE004"]["prescription_date"] == "2026-09-10"
    assert rows["PAE004"]["prescription_status"] == "prescribed"
    assert rows["PAE005"]["prescription_date"] == "2027-02-10"
    assert rows["PAE005"]["prescription_status"] == "warning"
    # A formal act notified in March 2024 restarted the clock of the 2021 debt...
    assert rows["PAE006"]["prescription_date"] == "2029-03-01"
    assert rows["PAE006"]["prescription_status"] == "ok"
    # ...but never beyond ten years after it became due.
    assert rows["PAE007"]["prescription_date"] == "2026-11-10"
    assert rows["PAE007"]["prescription_status"] == "prescribed"
    t = body["totals"]
    assert (t["prescribed_accounts"], t["prescribed_debt"]) == (2, "435.00")
    assert (t["warning_accounts"], t["warning_debt"]) == (1, "217.50")


def test_the_prescription_filter_shows_the_prescribed_and_the_warned_apart(client,
                                                                           auth_headers,
                                                                           debtors):
    h = auth_headers("manager")
    assert sorted(_numbers(_get(client, h, prescription="prescribed"))) == ["PAE004", "PAE007"]
    assert _numbers(_get(client, h, prescription="warning")) == ["PAE005"]
    ok = _numbers(_get(client, h, prescription="ok"))
    assert set(ok) == {"PAE001", "PAE003", "PAE006"}


def test_recidivism_raises_the_priority_of_a_debtor_who_was_cut(client, auth_headers, debtors):
    h = auth_headers("manager")
    before = next(r for r in _get(client, h)["items"] if r["account_number"] == "PAE001")
    db.session.add(DisconnectionOrder(folio="OL-2026-000001", account_id=debtors["eight"].id,
                                      action="restrict", status="executed",
                                      issued_on=date(2026, 8, 1)))
    db.session.commit()
    after = next(r for r in _get(client, h)["items"] if r["account_number"] == "PAE001")
    assert after["cuts"] == 1 and after["score"] == before["score"] + 5


def test_paging_keeps_the_totals_of_the_whole_selection(client, auth_headers, debtors):
    body = _get(client, auth_headers("manager"), page=2, page_size=4)
    assert len(body["items"]) == 2 and body["pages"] == 2
    assert body["totals"]["accounts"] == 6 and body["totals"]["debt"] == "27420.00"
    past_the_end = _get(client, auth_headers("manager"), page=9, page_size=4)
    assert past_the_end["items"] == [] and past_the_end["totals"] == body["totals"]


def test_bad_filters_answer_in_spanish(client, auth_headers, debtors):
    h = auth_headers("manager")
    for query in ("min_months=abc", "as_of=2026-02-30", "property_class=palacio",
                  "min_amount=-5", "colonia=cero", "prescription=pronto", "page=abc"):
        resp = client.get(f"{API}?{query}", headers=h)
        assert resp.status_code == 422, query
        assert resp.get_json()["error_code"] == "VALIDATION_ERROR"
    resp = client.get(f"{API}?property_class=palacio", headers=h)
    assert "Valor no válido" in str(resp.get_json()["errors"])


def test_field_roles_cannot_read_the_list(client, auth_headers, debtors):
    assert client.get(API, headers=auth_headers("notifier")).status_code == 403


def test_a_cut_off_date_outside_the_books_is_refused_not_a_500(client, auth_headers, debtors):
    h = auth_headers("manager")
    for url in (f"{API}?as_of=9999-12-31", f"{API}/PAE001?as_of=1900-01-01",
                f"{API}.xlsx?as_of=9999-12-31"):
        resp = client.get(url, headers=h)
        assert resp.status_code == 422, url
        assert "fuera de rango" in str(resp.get_json()["errors"])
