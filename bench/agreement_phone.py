"""A payoff quote and a schedule computed on the phone in at most 50 ms; prints one JSON line.

    .venv/bin/python bench/agreement_phone.py [--runs 200] [--throttle 6]

Bundles pwa/src/domain/agreement-rules.ts into one ES module with the PWA's own toolchain
(rolldown, from pwa/node_modules; nothing is downloaded), loads it in the system Chromium
(Playwright for Python; /usr/bin/chromium; the page and the module are served by a
Playwright route, cross-origin isolated so performance.now() is fine-grained) slowed down with CDP
Emulation.setCPUThrottlingRate (×6 by default, standing for a cheap Android phone), and
times, `--runs` times, what the agreement builder does when the customer asks: parse the
debt snapshot as it arrives from the server (money strings) into centavos, one payoff
quote over 36 months × 4 services (150 lines) with three promotions, one 12-installment
schedule and the policy checks. The figure is the p95 of those runs in the page; the same
work in Python (server/agreements/rules.py) is timed too (python_p95_ms). The results of
both sides are compared before timing: the bench refuses to time rules that disagree.
No database and no server.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PWA = ROOT / "pwa"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import percentile  # noqa: E402

from server.agreements.rules import (  # noqa: E402
    build_schedule, min_down_payment, payoff_quote, to_json, validate_terms)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TARGET_MS = 50

POLICY = {"version": 1,
          "classes": {"domestic": {"down_payment_min_pct": "20", "max_installments": 12,
                                   "grace_days": 10},
                      "default": {"down_payment_min_pct": "20", "max_installments": 6,
                                  "grace_days": 10}},
          "waivable_concepts": ["surcharge", "fine"],
          "waiver_limits": {"notifier": "promotion_only", "clerk": "2000.00", "manager": None},
          "reinstate_waived_on_breach": True}
SERVICES = (("water", "consumption", 18743), ("sewer", "sewer", 4686),
            ("sanitation", "sanitation", 2343), ("other", "fixed", 1500))


def scenario(months: int = 36) -> dict:
    """An account 36 months behind on 4 services: one principal line per month and service,
    plus surcharges, fines and enforcement costs (150 lines); three promotions; the agreement
    the clerk proposes (20% down, 12 installments, one manual waiver within her limit)."""
    def cents(c: int) -> str:
        return f"{c // 100}.{c % 100:02d}"

    lines = []
    for k in range(months):
        for service, concept, base in SERVICES:
            lines.append({"service": service, "concept": concept,
                          "amount": cents(base + 37 * k + 11 * len(service))})
    for service, _, base in SERVICES:
        lines.append({"service": service, "concept": "surcharge",
                      "amount": cents(base * months * 37 // 100 + 13)})
    lines.append({"service": "water", "concept": "fine", "amount": "350.00"})
    lines.append({"service": "other", "concept": "enforcement_costs", "amount": "487.31"})
    promotions = [
        {"id": 11, "name": "Recargos al 100%", "kind": "pct_off_accessories", "pct": "100",
         "concepts": ["surcharge"], "valid_until": "2026-05-31"},
        {"id": 12, "name": "Consumo con 15%", "kind": "pct_off_principal", "pct": "15",
         "concepts": ["consumption"], "valid_until": "2026-06-15"},
        {"id": 13, "name": "Congelamiento", "kind": "freeze", "pct": None, "concepts": None,
         "valid_until": "2026-05-29"},
    ]
    return {"lines": lines, "promotions": promotions, "as_of": "2026-05-14",
            "policy": POLICY, "property_class": "domestic", "role": "clerk",
            "installments": 12, "start_date": "2026-05-14", "first_due": "2026-06-14",
            "waivers": [{"service": "water", "concept": "fine", "amount": "350.00",
                         "reason": "Multa por toma clandestina aclarada"}]}


def python_side(s: dict) -> dict:
    """Quote, schedule and checks as the server computes them (JSON form)."""
    quote = payoff_quote(s["lines"], s["promotions"], s["as_of"])
    debt = quote["total"]
    down = min_down_payment(s["policy"], s["property_class"], debt)
    schedule = build_schedule(debt, down, s["installments"], s["start_date"], s["first_due"])
    errors = validate_terms(s["policy"], s["property_class"], s["role"], debt, down,
                            s["installments"], s["waivers"], quote["promotions"])
    return to_json({"quote": quote, "schedule": schedule, "errors": errors})


PAGE_JS = """
async ([moduleUrl, scenario, runs, warmup]) => {
  const AR = await import(moduleUrl);
  const once = () => {
    const lines = scenario.lines.map((l) => ({ service: l.service, concept: l.concept, amount: AR.parseCents(l.amount) }));
    const quote = AR.payoffQuote(lines, scenario.promotions, scenario.as_of);
    const debt = quote.total;
    const down = AR.minDownPayment(scenario.policy, scenario.property_class, debt);
    const schedule = AR.buildSchedule(debt, down, scenario.installments, scenario.start_date, scenario.first_due);
    const waivers = scenario.waivers.map((w) => ({ ...w, amount: AR.parseCents(w.amount) }));
    const errors = AR.validateTerms(scenario.policy, scenario.property_class, scenario.role, debt, down, scenario.installments, waivers, quote.promotions);
    return { quote, schedule, errors };
  };
  const json = (r) => ({
    quote: { ...r.quote,
      lines: r.quote.lines.map((l) => ({ ...l, amount: AR.formatCents(l.amount), discount: AR.formatCents(l.discount), net: AR.formatCents(l.net) })),
      by_service: Object.fromEntries(Object.entries(r.quote.by_service).map(([s, c]) => [s, AR.formatCents(c)])),
      total: AR.formatCents(r.quote.total), discount_total: AR.formatCents(r.quote.discount_total) },
    schedule: r.schedule.map((p) => ({ ...p, amount: AR.formatCents(p.amount) })),
    errors: r.errors,
  });
  const c0 = performance.now();
  const first = once(); // cold: what the phone does the first time the builder opens
  const cold = performance.now() - c0;
  const result = json(first);
  for (let i = 0; i < warmup; i++) once();
  const times = [];
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    const r = once();
    times.push(performance.now() - a);
    sink += r.schedule.length + r.errors.length;
  }
  const total = performance.now() - t0;
  return { result, times, total, cold, sink, userAgent: navigator.userAgent };
}
"""


def bundle(out_dir: Path) -> Path:
    """agreement-rules.ts (and what it imports) as one minified ES module."""
    out = out_dir / "agreement-rules.mjs"
    subprocess.run(["npx", "--no-install", "rolldown", "src/domain/agreement-rules.ts",
                    "--format", "esm", "--platform", "browser", "--minify", "--file", str(out)],
                   cwd=PWA, check=True, capture_output=True, text=True)
    return out


ORIGIN = "https://cartera.bench"  # served by page.route, never the network
# Cross-origin isolated, as the PWA will be: performance.now() then resolves 5 µs, not 100.
ISOLATION = {"Cross-Origin-Opener-Policy": "same-origin",
             "Cross-Origin-Embedder-Policy": "require-corp"}


def time_in_chromium(module: Path, s: dict, runs: int, warmup: int, throttle: float) -> dict:
    from playwright.sync_api import sync_playwright

    files = {
        "/": ("text/html", b"<!doctype html><meta charset=utf-8><title>convenio</title>"),
        "/agreement-rules.mjs": ("text/javascript", module.read_bytes()),
    }

    def serve(route):
        path = "/" + route.request.url.removeprefix(ORIGIN).lstrip("/")
        if path not in files:
            return route.fulfill(status=404, body=b"")
        content_type, body = files[path]
        return route.fulfill(status=200, body=body, headers={
            "Content-Type": content_type, "Cross-Origin-Resource-Policy": "same-origin",
            **ISOLATION})

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 390, "height": 844},
                                          is_mobile=True, has_touch=True, locale="es-MX")
            context.route(f"{ORIGIN}/**", serve)
            page = context.new_page()
            page.goto(f"{ORIGIN}/")
            isolated = page.evaluate("() => self.crossOriginIsolated")
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
            result = page.evaluate(PAGE_JS, [f"{ORIGIN}/agreement-rules.mjs", s, runs, warmup])
            return result | {"browser_version": browser.version, "isolated": isolated}
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--throttle", type=float, default=6.0)
    args = parser.parse_args()
    s = scenario()

    expected = python_side(s)
    py_times = []
    for _ in range(args.warmup):
        python_side(s)
    for _ in range(args.runs):
        t = time.perf_counter()
        python_side(s)
        py_times.append((time.perf_counter() - t) * 1000)

    with tempfile.TemporaryDirectory(prefix="agreement-bench-") as tmp:
        module = bundle(Path(tmp))
        bundle_bytes = module.stat().st_size
        page = time_in_chromium(module, s, args.runs, args.warmup, args.throttle)
    if page["result"] != expected:
        print(json.dumps({"name": "agreement_phone", "error": "TS and Python disagree",
                          "ts": page["result"], "python": expected}), file=sys.stderr)
        sys.exit(1)

    times = page["times"]
    p95 = percentile(times, 95)
    print(json.dumps({
        "name": "agreement_phone",
        "figure": round(p95, 3),
        "unit": "ms",
        "scale": {"debt_lines": len(s["lines"]), "months": 36, "services": len(SERVICES),
                  "promotions": len(s["promotions"]), "installments": s["installments"],
                  "runs": args.runs, "warmup_runs": args.warmup},
        "cpu_throttling": int(args.throttle) if args.throttle.is_integer() else args.throttle,
        "target_ms": TARGET_MS,
        "ok": p95 <= TARGET_MS,
        "median_ms": round(percentile(times, 50), 3),
        "max_ms": round(max(times), 3),
        "mean_ms": round(page["total"] / args.runs, 4),
        "cold_first_run_ms": round(page["cold"], 3),
        "python_p95_ms": round(percentile(py_times, 95), 3),
        "python_median_ms": round(percentile(py_times, 50), 3),
        "agreed_debt": expected["quote"]["total"],
        "same_result_as_python": True,
        "bundle_bytes": bundle_bytes,
        "browser": f"Chromium {page['browser_version']}",
        "timer_resolution_ms": 0.005 if page["isolated"] else 0.1,
        "date": date.today().isoformat(),
    }))


if __name__ == "__main__":
    main()
