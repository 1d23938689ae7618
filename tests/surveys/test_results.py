"""Results of a version on a known set of answers: counts, percentages of those who
answered, averages, texts newest first; filters by local date, colonia and worker; the
Excel workbook with real numbers and dates."""
from __future__ import annotations

import io
from datetime import date, datetime

import pytest

from tests import factories
from tests.surveys.conftest import API, push_one, submit_args


@pytest.fixture()
def answered(client, manager, field_device, published_form):
    """Six responses by two workers in two colonias over four local days."""
    form = published_form()
    centro = factories.neighborhood()
    sonora = factories.neighborhood(name="Colonia Sonora", postal_code="83640")
    a1 = factories.account(number="R-0001", hood=centro)
    a2 = factories.account(number="R-0002", hood=sonora)
    d1, d2 = field_device("notifier"), field_device("social_worker")
    plan = [
        (d1, a1, "2026-03-10T10:00:00-07:00", {
            "atendido": True, "satisfaccion": 5, "aviso": "sms", "problemas": ["fuga"],
            "personas": 4, "comentario": "Todo bien"}),
        (d1, a1, "2026-03-11T09:00:00-07:00", {
            "atendido": True, "satisfaccion": 4, "aviso": "sms",
            "problemas": ["fuga", "presion"], "personas": 2}),
        (d2, a2, "2026-03-12T08:00:00-07:00", {
            "atendido": True, "satisfaccion": 2, "aviso": "whatsapp", "personas": 3,
            "queja": "Tardaron tres días"}),
        # 23:30 local on the 12th is already the 13th in UTC: it counts on the 12th.
        (d2, a2, "2026-03-12T23:30:00-07:00", {
            "atendido": False, "aviso": "papel", "problemas": ["presion"],
            "comentario": "Sin agua en la tarde"}),
        (d1, None, "2026-03-13T00:10:00-07:00", {
            "atendido": True, "satisfaccion": 4, "personas": 2.5}),
        # Two broken answers: kept, but only the valid one (atendido) is counted.
        (d2, a2, "2026-03-13T12:00:00-07:00", {
            "atendido": True, "satisfaccion": 7, "aviso": "correo"}),
    ]
    for device, account, at, answers in plan:
        extra = {"account_id": str(account.id)} if account else {}
        result = push_one(device, submit_args(form["id"], answers, started_at=at, **extra))
        assert result["status"] in ("applied", "flagged"), result
    return {"form": form, "sonora": sonora, "w1": d1.user_id, "w2": d2.user_id}


def _get(client, headers, key, query=""):
    resp = client.get(f"{API}/forms/{key}/results{query}", headers=headers)
    assert resp.status_code == 200, resp.get_json()
    data = resp.get_json()
    return data, {q["id"]: q for q in data["questions"]}


def test_counts_percentages_and_averages_are_exact(client, manager, answered):
    key = answered["form"]["form_key"]
    data, q = _get(client, manager, key)
    assert (data["version"], data["responses"], data["title"]) == (
        1, 6, "Satisfacción con el servicio")
    assert q["atendido"]["counts"] == [
        {"value": True, "label": "Sí", "count": 5, "percent": "83.3"},
        {"value": False, "label": "No", "count": 1, "percent": "16.7"}]
    sat = q["satisfaccion"]
    assert (sat["answered"], sat["skipped"]) == (4, 2)
    assert [(c["value"], c["count"], c["percent"]) for c in sat["counts"]] == [
        (1, 0, "0.0"), (2, 1, "25.0"), (3, 0, "0.0"), (4, 2, "50.0"), (5, 1, "25.0")]
    assert (sat["average"], sat["min"], sat["max"]) == ("3.75", "2", "5")
    assert q["aviso"]["counts"] == [
        {"value": "whatsapp", "label": "WhatsApp", "count": 1, "percent": "25.0"},
        {"value": "sms", "label": "Mensaje de texto", "count": 2, "percent": "50.0"},
        {"value": "papel", "label": "En papel", "count": 1, "percent": "25.0"}]
    problems = q["problemas"]
    assert (problems["answered"], problems["skipped"]) == (3, 3)
    assert [(c["value"], c["count"], c["percent"]) for c in problems["counts"]] == [
        ("fuga", 2, "66.7"), ("presion", 2, "66.7"), ("trato", 0, "0.0")]
    people = q["personas"]
    assert (people["answered"], people["average"], people["min"], people["max"]) == (
        4, "2.88", "2", "4")  # (4 + 2 + 3 + 2.5) / 4 = 2.875, rounded half up
    assert people["counts"] == []
    comments = q["comentario"]
    assert [t["text"] for t in comments["texts"]] == ["Sin agua en la tarde", "Todo bien"]
    assert comments["texts"][0]["account_number"] == "R-0002"
    assert comments["texts_total"] == 2 and comments["average"] is None
    assert q["queja"]["texts"][0]["text"] == "Tardaron tres días"


def test_filters_by_worker_colonia_and_local_date(client, manager, answered):
    key = answered["form"]["form_key"]
    data, q = _get(client, manager, key, f"?worker_id={answered['w1']}")
    assert data["responses"] == 3
    assert data["filters"]["worker_id"] == str(answered["w1"])
    sat = q["satisfaccion"]
    assert (sat["answered"], sat["average"]) == (3, "4.33")
    assert [(c["count"], c["percent"]) for c in sat["counts"]][3:] == [(2, "66.7"), (1, "33.3")]
    data, q = _get(client, manager, key, f"?neighborhood_id={answered['sonora'].id}")
    assert data["responses"] == 3
    assert [(c["count"], c["percent"]) for c in q["atendido"]["counts"]] == [
        (2, "66.7"), (1, "33.3")]
    data, q = _get(client, manager, key, "?from=2026-03-12&to=2026-03-12")
    assert data["responses"] == 2
    assert data["filters"]["from"] == "2026-03-12"
    assert [(c["value"], c["count"], c["percent"]) for c in q["aviso"]["counts"]] == [
        ("whatsapp", 1, "50.0"), ("sms", 0, "0.0"), ("papel", 1, "50.0")]
    data, _ = _get(client, manager, key, "?from=2026-03-13")
    assert data["responses"] == 2
    data, q = _get(client, manager, key, "?from=2027-01-01")
    assert data["responses"] == 0 and q["satisfaccion"]["average"] is None
    assert q["satisfaccion"]["counts"][0]["percent"] == "0.0"


def test_bad_filters_and_missing_versions_are_4xx_in_spanish(client, manager, answered):
    key = answered["form"]["form_key"]
    resp = client.get(f"{API}/forms/{key}/results?from=2026-03-12&to=2026-03-01",
                      headers=manager)
    assert resp.status_code == 422
    assert resp.get_json()["errors"]["from"] == ["La fecha inicial es posterior a la final."]
    resp = client.get(f"{API}/forms/{key}/results?version=2", headers=manager)
    assert resp.status_code == 404
    assert resp.get_json()["message"] == (
        "La encuesta «Satisfacción con el servicio» no tiene la versión 2 publicada.")
    assert client.get(f"{API}/forms/{key}/results?version=1",
                      headers=manager).status_code == 200


def test_the_workbook_holds_real_numbers_and_dates(client, auth_headers, answered):
    from openpyxl import load_workbook

    key = answered["form"]["form_key"]
    resp = client.get(f"{API}/forms/{key}/results.xlsx", headers=auth_headers("director"))
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"].startswith('attachment; filename="encuesta-')
    wb = load_workbook(io.BytesIO(resp.data))
    assert wb.sheetnames[0] == "Respuestas" and len(wb.sheetnames) == 8
    ws = wb["Respuestas"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["Fecha", "Cuenta", "Colonia", "Trabajador", "Motivo",
                          "Observaciones"]
    assert header[6:8] == ["¿Lo atendió personal del organismo?",
                           "¿Qué tan satisfecho está con la atención?"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:M{ws.max_row}"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 6
    first = rows[0]
    assert isinstance(first[0], datetime) and first[0].date() == date(2026, 3, 10)
    assert first[1:5] == ("R-0001", "Caborca Centro", first[3], "Independiente")
    assert first[6:11] == ("Sí", 5, "Mensaje de texto", "Fugas", 4)
    assert rows[3][0].date() == date(2026, 3, 12)  # local date, not the UTC one
    assert rows[5][5] == "Respuestas con errores"
    sat = wb[wb.sheetnames[2]]
    assert sat["A1"].value == "Pregunta" and sat["B5"].value == 3.75
    table = list(sat.iter_rows(min_row=9, values_only=True))
    assert table[0] == ("Respuesta", "Cantidad", "Porcentaje")
    assert table[4] == ("4", 2, 0.5) and sat.cell(row=13, column=3).number_format == "0.0%"
    comments = wb[wb.sheetnames[7]]
    texts = list(comments.iter_rows(min_row=6, values_only=True))
    assert texts[0] == ("Fecha", "Cuenta", "Respuesta")
    assert texts[1][1:] == ("R-0002", "Sin agua en la tarde")
    assert isinstance(texts[1][0], datetime)
