"""Imports from the office screens: upload a registry, ledger or bank/cashier payment file
(CSV/XLSX), preview it as a dry run with progress, download its per-line error report,
apply it, and see the history."""
from __future__ import annotations

import uuid

from flask import Response, request
from flask_smorest import Blueprint

from server.errors import DomainError
from server.http import (OFFICE_ROLES, OFFICE_WRITERS, current_actor_id, page_envelope,
                         roles_required)
from server.imports import errors as _errors  # noqa: F401  (Spanish messages)
from server.imports import queries, runs, service
from server.imports.models import KINDS
from server.imports.schemas import ApplyIn, RunCreatedOut, RunListArgs, RunOut, RunPageOut

blp = Blueprint("imports", __name__, url_prefix="/imports",
                description="Importación de padrón, cargos y pagos, y archivos de pagos de "
                            "banco o caja")


UPLOAD_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary", "description": "CSV o XLSX"},
        "mode": {"type": "string", "enum": list(service.MODES), "default": "dry_run"}}}}}}


@blp.route("/<kind>", methods=["POST"])
@roles_required(*OFFICE_WRITERS)
@blp.doc(requestBody=UPLOAD_BODY)
@blp.response(202, RunCreatedOut)
def start(kind):
    """Upload a file (multipart field `file`; form field `mode`: dry_run (default),
    all_or_nothing or skip_invalid) and start its import job; poll GET /imports/<id>.
    `kind`: registry, ledger or payments. 413 over the size limit, 415 not CSV/XLSX."""
    if kind not in KINDS:
        raise DomainError("IMPORT_KIND_UNKNOWN", status=404, kind=kind[:40])
    limit = runs.max_bytes()
    if request.content_length is not None and request.content_length > limit + 64 * 1024:
        raise DomainError("IMPORT_UPLOAD_TOO_LARGE", status=413, max_mb=limit // 2**20)
    if not (request.mimetype or "").startswith("multipart/form-data"):
        raise DomainError("IMPORT_UPLOAD_NOT_MULTIPART", status=415)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise DomainError("IMPORT_UPLOAD_REQUIRED", errors={
            "file": ["Elija el archivo CSV o XLSX que desea importar."]})
    mode = request.form.get("mode") or "dry_run"
    if mode not in service.MODES:
        raise DomainError("IMPORT_MODE_UNKNOWN", errors={"mode": [
            "Valor no válido; use uno de: dry_run, all_or_nothing, skip_invalid."]})
    runs.check_upload(upload.filename, None)
    data = upload.stream.read(limit + 1)
    run = runs.start(kind=kind, mode=mode, filename=upload.filename, data=data,
                     actor_id=current_actor_id())
    return {"id": run.id, "status": run.status}


@blp.route("", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(RunListArgs, location="query")
@blp.response(200, RunPageOut)
def history(args):
    """Recent imports, newest first (runs lost with their worker are closed as failed)."""
    runs.close_stalled()
    items, total = queries.history(page=args["page"], page_size=args["page_size"])
    return page_envelope(items, total, args["page"], args["page_size"])


@blp.route("/<uuid:run_id>", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, RunOut)
def detail(run_id: uuid.UUID):
    """A run: status (queued, running, done, failed), progress, counts, the first 200
    per-line errors and, for a payment file, its matches and totals."""
    runs.close_stalled()
    return queries.run_detail(queries.get_run(run_id))


@blp.route("/<uuid:run_id>/errors.csv", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, description="Reporte de errores por línea (CSV)", content_type="text/csv")
def errors_csv(run_id: uuid.UUID):
    """The full per-line report (linea, columna, error), as the command's --errors-out."""
    run = queries.get_run(run_id)
    name = run.filename.rsplit(".", 1)[0] or "importacion"
    return Response("\ufeff" + queries.errors_csv(run), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="errores-{_ascii(name)}.csv"',
        "Cache-Control": "no-store"})


@blp.route("/<uuid:run_id>/apply", methods=["POST"])
@roles_required(*OFFICE_WRITERS)
@blp.arguments(ApplyIn)
@blp.response(202, RunCreatedOut)
def apply(body, run_id: uuid.UUID):
    """Apply a finished preview for real on the same stored file (a new run)."""
    run = runs.apply_preview(run_id, mode=body["mode"], actor_id=current_actor_id())
    return {"id": run.id, "status": run.status}


def _ascii(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in text)[:80]
