"""Import use cases: import_registry and import_ledger, in three modes.

- all_or_nothing (default): any invalid row → nothing is written. Valid files are applied
  in ONE unit of work, each row in a savepoint; a row the services refuse rolls back all.
- skip_invalid: every valid row is imported, committed in chunks; a row refused at apply
  time is rolled back alone (savepoint) and reported.
- dry_run: validate and report; nothing is written.

No click here: the CLI and, later, the upload screen call these and render the report.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable, Iterable

from sqlalchemy.exc import IntegrityError

from server.audit import service as audit
from server.common.clock import local_today
from server.common.i18n import message
from server.db import transaction
from server.errors import DomainError
from server.imports import ledger, payments, registry
from server.imports.readers import ImportFileError, Table, read_table
from server.imports.report import ImportReport, RowError

MODES = ("all_or_nothing", "skip_invalid", "dry_run")
CHUNK = 200           # rows per committed unit of work in skip_invalid mode
PROGRESS_EVERY = 100  # at least this many rows between progress callbacks

Progress = Callable[[int, int], None]


class _Abort(Exception):
    """Roll back the whole unit of work of an all-or-nothing import."""


def import_registry(source, *, filename: str | None = None, actor_id=None,
                    mode: str = "all_or_nothing", progress: Progress | None = None
                    ) -> ImportReport:
    """Import accounts from a registry CSV/XLSX (path, bytes or binary stream).

    `progress(done, total)` is called while rows are written. Returns the report; file
    problems (empty, wrong format, missing columns) are reported, never raised.
    """
    report, table, digest = _open("registry", source, filename, mode, registry.LAYOUT,
                                  registry.REQUIRED, registry.NAMES, progress)
    if table is None:
        return report
    valid, errors = registry.validate(table)
    report.valid = len(valid)
    report.errors.extend(errors)
    if mode == "dry_run" or (errors and mode == "all_or_nothing"):
        return _finish(report, progress)

    def one(row):
        return lambda: registry.apply(row, actor_id=actor_id, filename=report.filename)

    units = [(row.line, 1, one(row)) for row in valid]
    _write(report, units, mode, progress, _columns(table, registry.NAMES),
           summary=lambda: _audit(report, digest, actor_id))
    return _finish(report, None)


def import_ledger(source, *, filename: str | None = None, actor_id=None,
                  mode: str = "all_or_nothing", progress: Progress | None = None
                  ) -> ImportReport:
    """Import charges, payments and credits from a ledger CSV/XLSX.

    Charges go first (origin "import"), then money on credit is applied to them, then
    payments and credits in date order. Payments carry the idempotency key
    import:<sha256 of the file>:<line>, so the same file never books a payment twice.
    """
    report, table, digest = _open("ledger", source, filename, mode, ledger.LAYOUT,
                                  ledger.REQUIRED, ledger.NAMES, progress)
    if table is None:
        return report
    charges, moves, errors = ledger.validate(table, file_hash=digest)
    report.valid = len(charges) + len(moves)
    report.errors.extend(errors)
    if mode == "dry_run" or (errors and mode == "all_or_nothing"):
        return _finish(report, progress)

    def charge_batch(rows):
        return lambda: ledger.insert_charges(rows, actor_id=actor_id)

    def one(move):
        return lambda: ledger.apply_move(move, actor_id=actor_id, filename=report.filename)

    units = [(batch[0].line if len(batch) == 1 else None, len(batch), charge_batch(batch))
             for batch in _chunks(charges, CHUNK)]
    accounts = sorted({c.account_id for c in charges}, key=str)
    units.append((None, 0, lambda: ledger.settle_unapplied(accounts, local_today())))
    units.extend((m.line, 1, one(m)) for m in moves)
    _write(report, units, mode, progress, _columns(table, ledger.NAMES),
           summary=lambda: _audit(report, digest, actor_id))
    if report.imported:
        failed = {e.line for e in report.errors}
        report.details = {
            "charges": sum(1 for c in charges if c.line not in failed),
            "payments": sum(1 for m in moves if m.kind == "payment" and m.line not in failed),
            "credits": sum(1 for m in moves if m.kind == "credit" and m.line not in failed)}
    return _finish(report, None)


def import_payments(source, *, filename: str | None = None, actor_id=None,
                    mode: str = "all_or_nothing", progress: Progress | None = None
                    ) -> ImportReport:
    """Import a bank or cashier payment file: every line a payment, validated as the
    ledger import validates its payment lines, with the preview of matches (each line's
    account, holder and balance, or why it does not match) in `report.preview`.

    Applying books each line through ledger.record_payment (key import:<sha256>:<line>),
    so every posted payment cancels the account's open orders and the same file twice
    books nothing the second time.
    """
    report, table, digest = _open("payments", source, filename, mode, payments.LAYOUT,
                                  payments.REQUIRED, payments.NAMES, progress)
    if table is None:
        return report
    payments.as_payments(table)
    _, moves, errors = ledger.validate(table, file_hash=digest)
    report.valid = len(moves)
    report.errors.extend(errors)
    report.preview = payments.preview(table, moves, errors)
    if mode == "dry_run" or (errors and mode == "all_or_nothing"):
        return _finish(report, progress)

    def one(move):
        return lambda: ledger.apply_move(move, actor_id=actor_id, filename=report.filename)

    _write(report, [(m.line, 1, one(m)) for m in moves], mode, progress,
           _columns(table, payments.NAMES), summary=lambda: _audit(report, digest, actor_id))
    if report.imported:
        failed = {e.line for e in report.errors}
        report.details = {"payments": sum(1 for m in moves if m.line not in failed)}
    return _finish(report, None)


def _open(kind, source, filename, mode, layout, required, names, progress=None):
    """Read the file and check its header; (report, table or None, sha256 hex)."""
    if mode not in MODES:
        raise ValueError(f"unknown import mode {mode!r}")
    report = ImportReport(kind=kind, mode=mode, dry_run=mode == "dry_run")
    try:
        data, report.filename = _read_source(source, filename)
        table: Table = read_table(data, report.filename, layout)
    except ImportFileError as exc:
        report.filename = report.filename or filename or (
            os.path.basename(str(source)) if isinstance(source, (str, os.PathLike)) else "")
        report.errors.append(RowError(0, None, exc.message))
        return report, None, ""
    report.total_rows = len(table.rows)
    if progress:
        progress(0, report.total_rows)  # the total is known: a screen can show the bar
    if table.unknown:
        report.warnings.append(message("IMPORT_UNKNOWN_COLUMNS", columns=", ".join(
            f"«{c}»" for c in table.unknown)))
    missing = [name for name in required if name not in table.columns]
    if missing:
        report.errors.append(RowError(1, None, message(
            "IMPORT_MISSING_COLUMNS",
            columns=", ".join(f"«{names[m]}» ({m})" for m in missing),
            found=", ".join(f"«{c}»" for c in [*table.columns.values(), *table.unknown]))))
        report.skipped = report.total_rows
        return report, None, ""
    return report, table, hashlib.sha256(data).hexdigest()


def _read_source(source, filename: str | None) -> tuple[bytes, str]:
    """The file's bytes and the name to report it by."""
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), filename or "archivo"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            return path.read_bytes(), filename or path.name
        except OSError:
            raise ImportFileError("IMPORT_FILE_NOT_FOUND",
                                  filename=filename or path.name) from None
    data = source.read()
    name = filename or getattr(source, "filename", None) or getattr(source, "name", None)
    return (data.encode("utf-8") if isinstance(data, str) else data,
            os.path.basename(str(name)) if name else "archivo")


def _columns(table: Table, names: dict[str, str]) -> dict[str, str]:
    """field → the column's name as the file writes it (or its Spanish name)."""
    return {**names, **table.columns}


def _write(report: ImportReport, units: list[tuple[int | None, int, Callable]], mode: str,
           progress: Progress | None, columns: dict[str, str], summary: Callable) -> None:
    """Apply the units (line, rows, fn), each in a savepoint, as the mode says."""
    total, state = sum(u[1] for u in units), {"done": 0, "shown": 0}
    step = max(PROGRESS_EVERY, total // 20)  # at most ~20 progress lines

    def run(unit) -> int:
        line, count, fn = unit
        try:
            with transaction():
                fn()
        except (DomainError, IntegrityError) as exc:
            report.errors.append(_apply_error(line, exc, columns))
            return 0
        state["done"] += count
        if progress and (state["done"] - state["shown"] >= step or state["done"] == total):
            state["shown"] = state["done"]
            progress(state["done"], total)
        return count

    if mode == "all_or_nothing":
        before = len(report.errors)
        try:
            with transaction():
                imported = sum(run(u) for u in units)
                if len(report.errors) > before:
                    raise _Abort
                report.imported = imported
                summary()
        except _Abort:
            report.imported = 0
        return
    for chunk in _chunks(units, CHUNK):
        with transaction():
            report.imported += sum(run(u) for u in chunk)
    if report.imported:
        with transaction():
            summary()


def _apply_error(line, exc, columns: dict[str, str]) -> RowError:
    """A service's refusal as a report line, on the column it names when we know it."""
    if isinstance(exc, IntegrityError):
        return RowError(line or 0, None, message("CONFLICT"))
    named = [columns[f] for f in exc.errors if f in columns]
    return RowError(line or 0, named[0] if len(named) == 1 else None, exc.message)


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _audit(report: ImportReport, digest: str, actor_id) -> None:
    """One event for the file as a whole; each account or payment has its own too."""
    audit.record(actor_id=actor_id, entity_type="import", entity_id=digest,
                 action=f"import_{report.kind}",
                 changes={"filename": report.filename, "mode": report.mode,
                          "rows": report.total_rows, "imported": report.imported})


def _finish(report: ImportReport, progress: Progress | None) -> ImportReport:
    report.errors.sort(key=lambda e: e.line)
    if report.dry_run:
        report.imported = 0
    report.skipped = report.total_rows - report.imported
    if progress and report.total_rows and report.dry_run:
        progress(report.total_rows, report.total_rows)
    return report
