"""The manager's forms editor: a draft, its problems in Spanish, publishing versions (the
old one retired), what devices hold (published and retired versions, never a draft)."""
from __future__ import annotations

import uuid

from tests.surveys.conftest import API, QUESTIONS, form_body
from tests.sync.conftest import ops


def test_a_new_form_is_a_draft_that_no_device_sees(client, manager, field_device):
    d = field_device("notifier")
    d.pull()
    resp = client.post(f"{API}/forms", headers=manager, json=form_body())
    assert resp.status_code == 201
    row = resp.get_json()
    assert (row["version"], row["status"], row["published_at"]) == (1, "draft", None)
    assert row["questions"][0]["id"] == "atendido" and row["complaint_threshold"] == 2
    puts = [op for op in ops(d.pull(), "survey_form") if op["op"] == "put"]
    assert puts == []
    listing = client.get(f"{API}/forms", headers=manager).get_json()
    assert listing == [{"form_key": row["form_key"], "title": "Satisfacción con el servicio",
                        "latest_published_version": None, "latest_version": 1,
                        "has_draft": True, "status": "draft", "responses": 0,
                        "open_complaints": 0,
                        "triggers": {"standalone": True, "events": ["reconnection"]}}]


def test_form_problems_come_back_per_question_in_spanish(client, manager):
    body = form_body(complaint_threshold=2)
    body["questions"] = [
        {"id": "a", "kind": "single", "label": "¿A?", "options": [{"value": "x",
                                                                  "label": "X"}]},
        {"id": "a", "kind": "text", "label": "¿Otra A?"},
        {"id": "c", "kind": "text", "label": "¿C?", "show_if": {"question": "d",
                                                                "equals": True}},
        {"id": "d", "kind": "yes_no", "label": "¿D?"}]
    resp = client.post(f"{API}/forms", headers=manager, json=body)
    assert resp.status_code == 422
    data = resp.get_json()
    assert data["error_code"] == "SURVEY_FORM_INVALID"
    assert data["message"] == "La encuesta tiene errores: revise las preguntas señaladas."
    assert data["errors"] == {"questions": {
        "a": ["Las preguntas de opción necesitan de 2 a 20 opciones.",
              "Hay otra pregunta con la misma clave."],
        "c": ["La condición debe referirse a una pregunta anterior."]}}
    twice = client.post(f"{API}/forms", headers=manager, json={
        **form_body(), "triggers": {"events": ["agreement", "agreement"]}})
    assert twice.status_code == 422
    assert list(twice.get_json()["errors"]) == ["triggers"]
    empty = client.post(f"{API}/forms", headers=manager, json={**form_body(), "questions": []})
    assert empty.get_json()["errors"] == {"questions": {"_schema": [
        "La encuesta debe tener al menos una pregunta."]}}


def test_shape_errors_are_spanish_too(client, manager):
    body = form_body()
    body["questions"][0]["kind"] = "fecha"
    body["triggers"] = {"events": ["boda"]}
    body["complaint_threshold"] = 9
    resp = client.post(f"{API}/forms", headers=manager, json=body)
    assert resp.status_code == 422
    errors = resp.get_json()["errors"]
    assert errors["questions"]["0"]["kind"][0].startswith("Valor no válido")
    assert errors["triggers"]["events"]["0"][0].startswith("Valor no válido")
    assert errors["complaint_threshold"] == [
        "Debe ser mayor o igual que 1 y menor o igual que 4."]


def test_publishing_versions_retires_the_old_one_and_devices_hold_both(
        client, manager, field_device, published_form):
    v1 = published_form()
    key = v1["form_key"]
    assert (v1["version"], v1["status"]) == (1, "published") and v1["published_at"]
    d = field_device("cutter")
    (put,) = [op for op in ops(d.pull(), "survey_form")]
    assert put["op"] == "put" and put["id"] == v1["id"]
    assert set(put["d"]) == {"id", "form_key", "version", "title", "description", "status",
                             "questions", "triggers", "complaint_threshold", "published_at"}
    # A draft copied from v1 with one question more; the device does not see it.
    draft = client.put(f"{API}/forms/{key}/draft", headers=manager, json={
        "questions": QUESTIONS + [{"id": "extra", "kind": "yes_no", "label": "¿Extra?"}]})
    assert draft.status_code == 200
    draft = draft.get_json()
    assert (draft["version"], draft["status"], draft["title"]) == (
        2, "draft", "Satisfacción con el servicio")
    assert [op for op in ops(d.pull(), "survey_form") if op["op"] == "put"] == []
    # Saving again replaces the same draft.
    again = client.put(f"{API}/forms/{key}/draft", headers=manager,
                       json={"title": "Satisfacción 2027", "description": None}).get_json()
    assert again["id"] == draft["id"] and again["title"] == "Satisfacción 2027"
    assert again["description"] is None and len(again["questions"]) == len(QUESTIONS) + 1
    v2 = client.post(f"{API}/forms/{key}/publish", headers=manager).get_json()
    assert (v2["id"], v2["version"], v2["status"]) == (draft["id"], 2, "published")
    got = {op["d"]["version"]: op["d"]["status"] for op in ops(d.pull(), "survey_form")}
    assert got == {1: "retired", 2: "published"}
    detail = client.get(f"{API}/forms/{key}", headers=manager).get_json()
    assert detail["draft"] is None
    assert [(v["version"], v["status"]) for v in detail["versions"]] == [
        (2, "published"), (1, "retired")]
    # Nothing to publish now; retiring stops offering it.
    again = client.post(f"{API}/forms/{key}/publish", headers=manager)
    assert again.status_code == 409 and again.get_json()["error_code"] == "SURVEY_NO_DRAFT"
    retired = client.post(f"{API}/forms/{key}/retire", headers=manager).get_json()
    assert (retired["version"], retired["status"]) == (2, "retired")
    assert client.post(f"{API}/forms/{key}/retire", headers=manager).status_code == 409
    (summary,) = client.get(f"{API}/forms", headers=manager).get_json()
    assert (summary["status"], summary["latest_published_version"]) == ("retired", None)
    assert summary["title"] == "Satisfacción 2027"


def test_a_draft_with_problems_is_not_saved(client, manager, published_form):
    key = published_form()["form_key"]
    resp = client.put(f"{API}/forms/{key}/draft", headers=manager, json={
        "questions": [{"id": "x", "kind": "scale", "label": "¿X?", "complaint": True}]})
    assert resp.status_code == 422
    assert resp.get_json()["errors"]["questions"]["x"] == [
        "Una pregunta numérica o de escala no puede marcarse como queja; en la escala use "
        "«satisfacción»."]
    assert client.get(f"{API}/forms/{key}", headers=manager).get_json()["draft"] is None


def test_unknown_forms_are_404_in_spanish(client, manager):
    key = uuid.uuid4()
    for method, path in (("GET", ""), ("PUT", "/draft"), ("POST", "/publish"),
                         ("POST", "/retire"), ("GET", "/results"), ("GET", "/results.xlsx")):
        resp = client.open(f"{API}/forms/{key}{path}", method=method, headers=manager, json={})
        assert resp.status_code == 404, path
        assert resp.get_json()["message"] == f"No existe la encuesta {key}."


def test_only_the_manager_edits_and_the_office_reads(client, auth_headers, published_form):
    key = published_form()["form_key"]
    clerk, director = auth_headers("clerk"), auth_headers("director")
    assert client.get(f"{API}/forms/{key}", headers=director).status_code == 200
    assert client.get(f"{API}/forms", headers=clerk).status_code == 200
    assert client.post(f"{API}/forms", headers=clerk, json=form_body()).status_code == 403
    assert client.post(f"{API}/forms/{key}/retire", headers=director).status_code == 403
    assert client.get(f"{API}/forms", headers=auth_headers("notifier")).status_code == 403
