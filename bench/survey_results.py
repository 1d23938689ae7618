"""Results of a survey form with 10,000 answers; prints one JSON.

    DATABASE_URL=postgresql://... .venv/bin/python bench/survey_results.py [--responses 10000]

Inside ONE transaction rolled back at the end: a published form of 8 questions of every
kind (skip logic, a satisfaction scale, a multiple choice, a number, free text), then
`--responses` answers bulk-inserted with their answer items (what `survey.submit` stores:
items from rules.answer_items), spread over up to 400 accounts in their colonias, 8 field
workers and the last 90 days. Needs no demo city: with fewer accounts than that it makes
its own (also rolled back). ANALYZE on the same transaction, then GET
/api/v1/surveys/forms/<key>/results through the Flask test client `--runs` times, without
filters and with colonia + date filters. Figure: p95 ms of the unfiltered results (target
1,000 ms). Also the Excel export of the same results, once.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import percentile, rolled_back  # noqa: E402

OPTS = lambda *vs: [{"value": v, "label": v.replace("_", " ").capitalize()} for v in vs]  # noqa: E731
QUESTIONS = [
    {"id": "atendido", "kind": "yes_no", "label": "¿Lo atendió personal del organismo?",
     "required": True},
    {"id": "satisfaccion", "kind": "scale", "label": "¿Qué tan satisfecho está?",
     "required": True, "satisfaction": True,
     "show_if": {"question": "atendido", "equals": True}},
    {"id": "aviso", "kind": "single", "label": "¿Cómo prefiere sus avisos?",
     "options": OPTS("whatsapp", "sms", "papel", "correo")},
    {"id": "problemas", "kind": "multiple", "label": "¿Qué problemas ha tenido?",
     "complaint": True, "complaint_values": ["trato"],
     "options": OPTS("fuga", "presion", "cobro", "trato", "ninguno")},
    {"id": "personas", "kind": "number", "label": "¿Cuántas personas viven ahí?",
     "min": 1, "max": 30},
    {"id": "claridad", "kind": "scale", "label": "¿Qué tan claro es su recibo?"},
    {"id": "maltrato", "kind": "yes_no", "label": "¿Algún empleado lo trató mal?",
     "complaint": True},
    {"id": "comentario", "kind": "text", "label": "Comentarios"},
]
TEXTS = ["Todo bien", "Que lleguen a tiempo", "Falta agua en la tarde", "Buen servicio",
         "El recibo llega tarde", "Mejorar la atención en ventanilla"]


def _answers(rnd: random.Random) -> dict:
    out = {"atendido": rnd.random() < 0.85}
    if out["atendido"]:
        out["satisfaccion"] = rnd.choice([1, 2, 3, 4, 4, 5, 5])
    if rnd.random() < 0.9:
        out["aviso"] = rnd.choice(["whatsapp", "sms", "papel", "correo"])
    if rnd.random() < 0.7:
        out["problemas"] = rnd.sample(["fuga", "presion", "cobro", "trato", "ninguno"],
                                      rnd.randint(1, 3))
    if rnd.random() < 0.8:
        out["personas"] = rnd.randint(1, 9)
    out["claridad"] = rnd.randint(1, 5)
    out["maltrato"] = rnd.random() < 0.05
    if rnd.random() < 0.3:
        out["comentario"] = rnd.choice(TEXTS)
    return out


def _accounts_and_people(db, want: int) -> tuple[list, list]:
    """(account id, neighborhood id) pairs and 8 worker ids, made when missing."""
    import sqlalchemy as sa

    from server.auth.service import create_user
    from server.registry import service as registry
    from server.registry.models import Account, Neighborhood, Premises
    from server.registry.rules import normalize

    session = db.session()
    rows = session.execute(sa.select(Account.id, Premises.neighborhood_id).join(
        Premises, Premises.id == Account.premises_id).limit(want)).all()
    if len(rows) < want:
        hoods = session.execute(sa.select(Neighborhood.id).limit(12)).scalars().all()
        for i in range(len(hoods), 12):
            name = f"Colonia Banco {i}"
            hood = Neighborhood(name=name, name_key=normalize(name), postal_code="83600",
                                locality_type="urban", sector="S01")
            session.add(hood)
            session.flush()
            hoods.append(hood.id)
        for i in range(len(rows), want):
            registry.create_account(
                actor_id=None, account_number=f"ENC-{i:05d}", holder={"name": f"Usuario {i}"},
                property_class="domestic",
                premises={"street": "Calle Banco", "exterior_number": str(i),
                          "neighborhood_id": hoods[i % len(hoods)]})
        rows = session.execute(sa.select(Account.id, Premises.neighborhood_id).join(
            Premises, Premises.id == Account.premises_id).limit(want)).all()
    workers = [create_user(username=f"enc-banco-{uuid.uuid4().hex[:8]}",
                           full_name=f"Trabajador Banco {i}", password="secreto-banco-123",
                           roles=["notifier"]).id for i in range(8)]
    return [tuple(r) for r in rows], workers


def seed(db, n: int) -> dict:
    import sqlalchemy as sa

    from server.common.clock import utcnow
    from server.surveys import rules
    from server.surveys.models import SurveyAnswerItem, SurveyForm, SurveyResponse

    session = db.session()
    accounts, workers = _accounts_and_people(db, 400)
    now = utcnow()
    form = SurveyForm(form_key=uuid.uuid4(), version=1, title="Satisfacción (banco)",
                      status="published", questions=QUESTIONS,
                      triggers={"standalone": True, "events": []}, complaint_threshold=2,
                      published_at=now)
    session.add(form)
    session.flush()
    rnd = random.Random(7)
    responses, items = [], []
    for i in range(n):
        account_id, hood = accounts[i % len(accounts)]
        answers = _answers(rnd)
        rid, worker = uuid.uuid4(), workers[i % len(workers)]
        started = now - timedelta(minutes=rnd.randint(0, 90 * 24 * 60))
        responses.append({
            "id": rid, "form_id": form.id, "form_key": form.form_key, "version": 1,
            "account_id": account_id, "stop_id": None, "request_id": None,
            "worker_id": worker, "client_id": None, "trigger": "route",
            "answers": answers, "neighborhood_id": hood,
            "record": {"problems": []}, "flags": [], "args_hash": "0" * 64,
            "started_at": started, "received_at": now})
        items.extend({"response_id": rid, "form_key": form.form_key, "version": 1,
                      "question_id": q, "value_text": t, "value_num": v,
                      "started_at": started, "neighborhood_id": hood, "worker_id": worker}
                     for q, t, v in rules.answer_items(QUESTIONS, answers))
    for i in range(0, len(responses), 2000):
        session.execute(sa.insert(SurveyResponse), responses[i:i + 2000])
    for i in range(0, len(items), 5000):
        session.execute(sa.insert(SurveyAnswerItem), items[i:i + 5000])
    session.commit()
    if session.bind.dialect.name == "postgresql":
        # On this transaction's own connection: ANALYZE counts its uncommitted rows.
        for table in ("survey_responses", "survey_answer_items", "survey_forms", "accounts"):
            session.execute(sa.text(f"ANALYZE {table}"))
    return {"form_key": form.form_key, "responses": n, "answer_items": len(items),
            "accounts": len(accounts), "workers": len(workers),
            "neighborhood_id": accounts[0][1]}


def _timings(client, headers, url: str, runs: int) -> list[float]:
    assert client.get(url, headers=headers).status_code == 200  # warm-up
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        resp = client.get(url, headers=headers)
        out.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 200, resp.get_json()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from flask_jwt_extended import create_access_token

    from server import create_app
    from server.auth.service import create_user
    from server.runtime import tune_gc

    app = create_app()
    tune_gc()
    with rolled_back(app) as db:
        scale = seed(db, args.responses)
        key = scale.pop("form_key")
        boss = create_user(username=f"enc-jefa-{uuid.uuid4().hex[:8]}", full_name="Jefa",
                           password="secreto-banco-123", roles=["manager"])
        with app.test_request_context():
            token = create_access_token(identity=str(boss.id),
                                        additional_claims={"roles": ["manager"]})
        headers = {"Authorization": f"Bearer {token}"}
        client = app.test_client()
        base = f"/api/v1/surveys/forms/{key}/results"
        body = client.get(base, headers=headers).get_json()
        assert body["responses"] == args.responses, body
        plain = _timings(client, headers, base, args.runs)
        since = (time.gmtime(time.time() - 45 * 86400))
        filtered = _timings(client, headers, f"{base}?neighborhood_id="
                            f"{scale['neighborhood_id']}&from={time.strftime('%Y-%m-%d', since)}",
                            args.runs)
        t0 = time.perf_counter()
        xlsx = client.get(f"{base}.xlsx", headers=headers)
        xlsx_ms = (time.perf_counter() - t0) * 1000
        assert xlsx.status_code == 200
        engine = db.engine.dialect.name
    print(json.dumps({
        "name": "survey_results", "database": engine, "scale": scale,
        "figure": round(percentile(plain, 95), 1), "unit": "ms (p95, GET results)",
        "target_ms": 1000,
        "results_ms": {"p50": round(percentile(plain, 50), 1),
                       "p95": round(percentile(plain, 95), 1)},
        "filtered_ms": {"p50": round(percentile(filtered, 50), 1),
                        "p95": round(percentile(filtered, 95), 1)},
        "xlsx_ms": round(xlsx_ms, 1), "xlsx_bytes": len(xlsx.data)}))


if __name__ == "__main__":
    os.environ.setdefault("CARTERA_INSTANCE_PATH", str(ROOT / "instance"))
    main()
