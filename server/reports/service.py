"""Reports use cases: the dashboard and each report through the figure cache, the
accounts behind a figure, synchronous files of a report, and export runs."""
from __future__ import annotations

from datetime import date

from server.common.clock import local_today
from server.common.settings import get_setting
from server.errors import DomainError
from server.ledger import queries as ledger_queries
from server.ledger.sql import from_cents
from server.reports import exports, figures, queries_ops, rules
from server.reports.cache import cached
from server.reports.pdf import report_pdf
from server.reports.queries import neighborhood_names
from server.reports.xlsx import report_xlsx


def dashboard(params: dict, *, fresh: bool = False) -> dict:
    """The dashboard for `as_of` (default today), from the cache when the ledger has not
    moved (a stale copy is shown while a job refreshes it, also on a new day's first view)."""
    today = not params.get("as_of")
    params = {"as_of": params.get("as_of") or local_today().isoformat()}
    # `fresh` also recomputes the closed months' facts (a back-dated correction). Today's
    # first view borrows the latest dashboard (stale) while today's is computed.
    return cached("dashboard", params, lambda: figures.compute(
        "dashboard", params | ({"fresh": True} if fresh else {})), fresh=fresh,
        fallback='dashboard:{"as_of":' if today else None)


def report(key: str, params: dict, *, fresh: bool = False) -> dict:
    """One report's payload (recovery, arrears, arrears-by-service, debtors)."""
    params = _normalized(key, params)
    return cached(key, params, lambda: figures.compute(
        key, params | ({"fresh": True} if fresh else {})), fresh=fresh)


def _normalized(key: str, params: dict) -> dict:
    """The params a report is cached under: as_of always, `top` only for debtors."""
    if key not in figures.REPORTS:
        raise DomainError("REPORT_UNKNOWN", status=404, report=key[:40])
    params = {"as_of": local_today().isoformat()} | params
    if key != "debtors":
        params.pop("top", None)
    else:
        params.setdefault("top", 20)
    return params


def report_file(key: str, params: dict, fmt: str) -> tuple[bytes, str]:
    """A report as Excel (summary tables; the per-account detail comes with an export
    run) or PDF, made now: (bytes, filename)."""
    payload = report(key, params)
    if fmt == "pdf":
        hood = params.get("neighborhood_id")
        return report_pdf(key, payload, neighborhood_names([hood]).get(hood)), \
            f"{key}-{payload['as_of']}.pdf"
    if fmt == "xlsx":
        return report_xlsx(key, payload), f"{key}-{payload['as_of']}.xlsx"
    raise DomainError("REPORT_FORMAT_UNKNOWN")


def accounts(params: dict, *, bucket: str | None, min_months: int | None, page: int,
             page_size: int) -> dict:
    """The accounts behind a figure, most owed first, with their whole balance and months
    past due: `bucket` keeps the debt of one aging bucket, `min_months` the debt past due at
    least that many months."""
    as_of = date.fromisoformat(params["as_of"]) if params.get("as_of") else local_today()
    due_from = due_before = None
    if bucket:
        found = [b for b in get_setting("aging_buckets") if b[0] == bucket]
        if not found:
            raise DomainError("REPORT_BUCKET_UNKNOWN", bucket=bucket)
        _, low, high = found[0]
        due_before = rules.arrears_cutoff(as_of, low) if low else None
        due_from = rules.arrears_cutoff(as_of, high + 1) if high is not None else None
    if min_months:
        cut = rules.arrears_cutoff(as_of, min_months)
        due_before = cut if due_before is None else min(due_before, cut)
    rows, total, total_c = queries_ops.accounts_page(
        figures.filters(params), due_from=due_from, due_before=due_before, page=page,
        page_size=page_size)
    balances = ledger_queries.balances_for([r.account_id for r in rows], as_of)
    items = [{"account_id": r.account_id, "account_number": r.account_number,
              "holder": r.holder, "colonia": r.colonia, "property_class": r.property_class,
              "status": r.status, "debt": str(from_cents(r.c)),
              "balance": str(balances[r.account_id]["balance"]),
              "months_past_due": balances[r.account_id]["months_past_due"],
              "oldest_due": r.oldest if isinstance(r.oldest, date)
              else date.fromisoformat(str(r.oldest)[:10])} for r in rows]
    return {"items": items, "total": total, "page": page, "page_size": page_size,
            "pages": (total + page_size - 1) // page_size,
            "total_debt": str(from_cents(total_c))}


def start_export(params: dict, *, report: str, fmt: str, actor_id) -> dict:
    """Queue an export run of a report; the screen polls it (GET /reports/exports/<id>)."""
    params = _normalized(report, params)
    return exports.run_view(exports.start(report=report, fmt=fmt, params=params,
                                          actor_id=actor_id))


def export_run(run_id) -> dict:
    """An export run's status and progress (one lost with its worker ends as failed)."""
    exports.close_stalled()
    return exports.run_view(exports.get_run(run_id))


def export_file(run_id) -> tuple[bytes, str, str]:
    """A finished export's bytes, filename and media type."""
    run = exports.get_run(run_id)
    return exports.file_bytes(run), run.filename, exports.MEDIA[run.format]


def warm(as_of: str, *, clock) -> list[tuple[str, float]]:
    """Recompute the dashboard and every report (no filters) for `as_of` into the cache:
    [(report, seconds)]. Closed months' facts are kept; only what moved is read again."""
    from server.reports.cache import cache_key, store
    from server.reports.queries_ops import watermark

    out = []
    for key in ("dashboard", *figures.REPORTS):
        params = {"as_of": as_of} if key == "dashboard" else _normalized(key, {"as_of": as_of})
        started = clock()
        store(cache_key(key, params), watermark(), lambda: figures.compute(key, params))
        out.append((key, clock() - started))
    return out
