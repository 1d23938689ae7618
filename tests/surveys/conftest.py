"""Survey test helpers: a form of every question kind, made and published through the
office API, and a field device that answers it through the real sync endpoint."""
from __future__ import annotations

import copy
import uuid
from datetime import datetime, timezone

import pytest

from tests.sync.conftest import Device

API = "/api/v1/surveys"

QUESTIONS = [
    {"id": "atendido", "kind": "yes_no", "label": "¿Lo atendió personal del organismo?",
     "required": True},
    {"id": "satisfaccion", "kind": "scale", "required": True, "satisfaction": True,
     "label": "¿Qué tan satisfecho está con la atención?",
     "show_if": {"question": "atendido", "equals": True}},
    {"id": "aviso", "kind": "single", "label": "¿Cómo prefiere recibir sus avisos?",
     "options": [{"value": "whatsapp", "label": "WhatsApp"},
                 {"value": "sms", "label": "Mensaje de texto"},
                 {"value": "papel", "label": "En papel"}]},
    {"id": "problemas", "kind": "multiple", "label": "¿Qué problemas ha tenido?",
     "complaint": True, "complaint_values": ["trato"],
     "options": [{"value": "fuga", "label": "Fugas"},
                 {"value": "presion", "label": "Baja presión"},
                 {"value": "trato", "label": "Mal trato del personal"}]},
    {"id": "personas", "kind": "number", "label": "¿Cuántas personas viven ahí?",
     "min": 1, "max": 30},
    {"id": "queja", "kind": "text", "label": "Si tiene una queja, escríbala",
     "complaint": True},
    {"id": "comentario", "kind": "text", "label": "Comentarios"},
]


def form_body(**extra) -> dict:
    return {"title": "Satisfacción con el servicio", "description": "Encuesta de prueba",
            "questions": copy.deepcopy(QUESTIONS),
            "triggers": {"standalone": True, "events": ["reconnection"]}, **extra}


@pytest.fixture()
def manager(auth_headers):
    return auth_headers("manager")


@pytest.fixture()
def published_form(client, manager):
    """published_form(**body) → the published version row (version 1)."""
    def _make(**extra):
        resp = client.post(f"{API}/forms", headers=manager, json=form_body(**extra))
        assert resp.status_code == 201, resp.get_json()
        key = resp.get_json()["form_key"]
        resp = client.post(f"{API}/forms/{key}/publish", headers=manager)
        assert resp.status_code == 200, resp.get_json()
        return resp.get_json()
    return _make


@pytest.fixture()
def field_device(app, client, make_user):
    """field_device(role) → a registered Device of a new worker with that role."""
    def _make(role="notifier", user=None):
        user = user or make_user(role)
        d = Device(client, app, user.id, roles=[role])
        assert d.register().status_code == 200
        return d
    return _make


def submit_args(form_id, answers, **extra) -> dict:
    return {"id": str(uuid.uuid4()), "form_id": str(form_id), "trigger": "standalone",
            "answers": answers, "started_at": datetime.now(timezone.utc).isoformat(),
            **extra}


def push_one(device, args, **kw) -> dict:
    resp = device.push([device.mutation("survey.submit", args)], acked_seq=device.seq - 1,
                       **kw)
    assert resp.status_code == 200, resp.get_json()
    (result,) = resp.get_json()["results"]
    return result
